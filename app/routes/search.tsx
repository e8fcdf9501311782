import { Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { getDb } from '~/db/client';
import { search, searchLimits } from '~/workflows/search';
import type { Route } from './+types/search';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.query ? `“${data.query}” · ` : ''}Search · SPM Portal` }];

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const q = new URL(request.url).searchParams.get('q') ?? '';
  // the limits travel with the data: the page must not import the search module (it reads the database)
  return { ...search(getDb(), actor, q), limits: searchLimits };
}

const kindLabel = { project: 'Project', requirement: 'Requirement', case: 'Payout case', defect: 'Defect', plan: 'Plan' } as const;

type Hit = Route.ComponentProps['loaderData']['hits'][number];
function linkOf(h: Hit): string {
  const projectId = String(h.projectId);
  switch (h.kind) {
    case 'project':
      return href('/projects/:projectId', { projectId });
    case 'requirement':
      return href('/projects/:projectId/requirements/:requirementId', { projectId, requirementId: String(h.id) });
    case 'case':
      return href('/projects/:projectId/testing/cases/:caseId', { projectId, caseId: String(h.id) });
    case 'defect':
      return href('/projects/:projectId/defects/:defectId', { projectId, defectId: String(h.id) });
    case 'plan':
      return href('/projects/:projectId/plans/:planId', { projectId, planId: String(h.id) });
  }
}

export default function Search({ loaderData }: Route.ComponentProps) {
  const { query, hits, tooShort, limits } = loaderData;
  return (
    <>
      <h1>Search</h1>
      <Form method="get" role="search" className="inline-form">
        <label>
          Words of a title, or a key (REQ-001, DEF-003, TC-12)
          <input type="search" name="q" defaultValue={query} maxLength={limits.queryChars} />
        </label>
        <button type="submit">Search</button>
      </Form>
      {tooShort ? (
        <p className="empty">Type at least two characters.</p>
      ) : query === '' ? (
        <p className="hint">Searches requirements, payout cases, defects, plans and projects you may see. Press “/” on any page to search.</p>
      ) : hits.length === 0 ? (
        <p className="empty">Nothing you may see matches “{query}”.</p>
      ) : (
        <table>
          <caption>
            {hits.length === limits.results ? `The first ${hits.length}` : hits.length} result(s) for “{query}”
          </caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Title</th>
              <th scope="col">Kind</th>
              <th scope="col">Project</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((h) => (
              <tr key={`${h.kind}-${h.id}`}>
                <td className="nowrap">
                  <Link to={linkOf(h)}>{h.kind === 'project' ? h.title : h.key}</Link>
                </td>
                <td>{h.kind === 'project' ? `client ${h.key}` : h.title}</td>
                <td>{kindLabel[h.kind]}</td>
                <td>{h.project}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
