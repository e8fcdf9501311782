import { href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { RatingBadge, RecoveryBadge, RecoveryNav } from '~/app/components/Recovery';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { nowOf, today } from '~/workflows/clock';
import { recoveryPage } from '~/workflows/recovery/view';
import type { Route } from './+types/recovery-presentation';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Recovery assessment of ${data?.page.project.name ?? ''} · SPM Portal` }];

/**
 * The leadership presentation: the assessment as one printable document (each area's rating, findings
 * and the portal's evidence; the accomplishments to date beside the causes). Whoever may read the
 * assessment may read it (the same check).
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const page = orThrowResponse(() => recoveryPage(getDb(), actor, idParam(params.projectId), today()));
  return { page, printedAt: nowOf().toISOString() };
}

export default function RecoveryPresentation({ loaderData: { page: d, printedAt } }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  return (
    <article className="record recovery-presentation">
      <p className="breadcrumbs no-print">
        <Link to={href('/projects/:projectId/recovery', { projectId })}>Back to the assessment</Link> ·{' '}
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
      </p>
      <h1>Recovery assessment: {d.project.name}</h1>
      <RecoveryNav projectId={d.project.id} />
      {!d.started ? (
        <p className="empty">No recovery has been started on this project yet: there is nothing to present.</p>
      ) : (
        <>
          <p>
            <RecoveryBadge state={d.state} /> Led by {d.pm}; sponsor {d.sponsor}.{' '}
            {d.presented ? `Presented to leadership on ${d.presented.at.slice(0, 10)}.` : 'Not presented yet: the assessment is in progress.'}
          </p>
          <h2>Accomplishments to date and causes</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Accomplishments to date</th>
                <th scope="col">Causes</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>
                  {d.accomplishments.length ? (
                    <ul>
                      {d.accomplishments.map((x) => (
                        <li key={x}>{x}</li>
                      ))}
                    </ul>
                  ) : (
                    'None listed yet.'
                  )}
                </td>
                <td>
                  {d.causes.length ? (
                    <ul>
                      {d.causes.map((x) => (
                        <li key={x}>{x}</li>
                      ))}
                    </ul>
                  ) : (
                    'None listed yet.'
                  )}
                </td>
              </tr>
            </tbody>
          </table>
          <h2>Areas</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Area</th>
                <th scope="col">Rating</th>
                <th scope="col">Findings</th>
                <th scope="col">Evidence from the portal</th>
              </tr>
            </thead>
            <tbody>
              {d.areas.map((a) => (
                <tr key={a.key}>
                  <th scope="row">{a.label}</th>
                  <td>{a.initial ? <RatingBadge rating={a.initial.rating} /> : 'Not rated'}</td>
                  <td>{a.initial?.findings ?? ''}</td>
                  <td>
                    {a.evidence.length === 0
                      ? 'No portal data for this area.'
                      : a.evidence.map((f) => (
                          <div key={f.label}>
                            {f.label}: {f.figure}
                            {f.items.length > 0 &&
                              ` (${f.items
                                .slice(0, 5)
                                .map((i) => i.text)
                                .join('; ')}${f.items.length > 5 ? `; and ${f.items.length - 5} more` : ''})`}
                          </div>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="muted">Printed {printedAt.slice(0, 16).replace('T', ' ')} UTC.</p>
    </article>
  );
}
