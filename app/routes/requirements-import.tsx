import { Form, href, Link, redirect } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ProblemList } from '~/app/components/ProblemList';
import { badRequest, failure, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { importColumns, importRequirements, maxImportBytes } from '~/workflows/commands/import-requirements';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/requirements-import';

export const meta: Route.MetaFunction = () => [{ title: 'Import requirements · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'requirement.write'));
  return { project: { id: project.id, name: project.name } };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const form = await request.formData();
  const file = form.get('file');
  const csv = file instanceof File && file.size > 0 ? (file.size > maxImportBytes ? null : await file.text()) : String(form.get('csv') ?? '');
  if (csv === null) return badRequest('The file is larger than 5 MB.');
  if (!csv.trim()) return badRequest('Choose a CSV file or paste its content.');
  try {
    const keys = importRequirements({ db: getDb(), actor }, { projectId, csv });
    return redirect(`${href('/projects/:projectId/requirements', { projectId: String(projectId) })}?imported=${keys.length}`);
  } catch (error) {
    return failure(error);
  }
}

export default function ImportRequirements({ loaderData, actionData }: Route.ComponentProps) {
  const { project } = loaderData;
  const problems = actionData && 'problems' in actionData ? actionData.problems : [];
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId: String(project.id) })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/requirements', { projectId: String(project.id) })}>Requirements</Link> /
      </p>
      <h1>Import requirements from CSV</h1>
      <p>
        Columns: <code>{importColumns.join(',')}</code>. Separate acceptance criteria with <code>|</code>; list linked keys separated by spaces. Every row is
        checked first: if any row is wrong, nothing is imported and every problem is listed with its line.
      </p>
      {actionData?.error && (
        <div className="form-error" role="alert">
          <p>{actionData.error}</p>
          <ProblemList problems={problems} />
        </div>
      )}
      <Form method="post" encType="multipart/form-data" className="card form">
        <div className="field">
          <label htmlFor="file">CSV file</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <div className="field">
          <label htmlFor="csv">…or paste the CSV</label>
          <textarea id="csv" name="csv" rows={8} />
        </div>
        <button type="submit" className="primary">
          Check and import
        </button>
      </Form>
    </>
  );
}
