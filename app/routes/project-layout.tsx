import { NavLink, Outlet } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectShell } from '~/workflows/projects/areas';
import type { Route } from './+types/project-layout';

/** Every page of a project sits in this shell: the project's name and a tab for each area the person may open. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => projectShell(getDb(), actor, idParam(params.projectId)));
}

export default function ProjectLayout({ loaderData }: Route.ComponentProps) {
  const { project, areas } = loaderData;
  return (
    <>
      <nav className="project-nav" aria-label={`${project.name}: areas`}>
        {areas.map((a) => (
          <NavLink key={a.to} to={a.to} end={a.to === `/projects/${project.id}`}>
            {a.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}
