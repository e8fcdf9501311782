import { href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { decisionRecordPage } from '~/workflows/selection/view';
import type { Route } from './+types/selection-record';
import { ResultsBody } from './selection-results';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Decision record · ${data?.selection.key ?? 'Platform selection'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => decisionRecordPage(getDb(), actor, { projectId: idParam(params.projectId), selectionId: idParam(params.selectionId) }));
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The printable record of a selection: criteria and weights, every score and comment, the ranking and its robustness, the signatures. */
export default function SelectionRecord({ loaderData: d }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const selectionId = String(d.selection.id);
  return (
    <article className="record">
      <p className="breadcrumbs no-print">
        <Link to={href('/projects/:projectId/selections/:selectionId', { projectId, selectionId })}>Back to {d.selection.key}</Link> ·{' '}
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
      </p>
      <h1>
        Decision record: {d.selection.key} {d.selection.title}
      </h1>
      <dl className="record-facts">
        <dt>State</dt>
        <dd>{d.selection.stateLabel}</dd>
        <dt>Sponsor</dt>
        <dd>{d.selection.sponsor}</dd>
        <dt>Decision</dt>
        <dd>
          {d.decision
            ? `${d.decision.candidate}: signed by ${d.decision.by} on ${when(d.decision.at)}, “${d.decision.meaning}”, over the results with fingerprint ${d.decision.fingerprint}`
            : 'not decided'}
        </dd>
        <dt>Criteria lock</dt>
        <dd>
          {d.lock ? `signed by ${d.lock.by} on ${when(d.lock.at)}, “${d.lock.meaning}”, over the set-up with fingerprint ${d.lock.fingerprint}` : 'not locked'}
        </dd>
        <dt>Evaluators</dt>
        <dd>{d.evaluators.map((e) => `${e.name} (${e.submittedAt ? `submitted ${when(e.submittedAt)}` : 'not submitted'})`).join('; ')}</dd>
      </dl>
      {d.voided.length > 0 && (
        <section aria-labelledby="voided">
          <h2 id="voided">Reopenings</h2>
          <ul>
            {d.voided.map((v) => (
              <li key={v.at}>
                {when(v.at)} by {v.by}
                {v.hadDecision ? ' (decision voided)' : ''}: {v.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="needs">
        <h2 id="needs">Business needs</h2>
        {d.needs.length === 0 ? (
          <p className="empty">None linked.</p>
        ) : (
          <ul>
            {d.needs.map((n) => (
              <li key={n.id}>
                {n.key} {n.title} ({n.priority})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="criteria">
        <h2 id="criteria">Criteria and weights</h2>
        <table>
          <caption className="visually-hidden">Criteria and weights</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Criterion</th>
              <th scope="col">Weight</th>
            </tr>
          </thead>
          <tbody>
            {d.criteria.map((c) => (
              <tr key={c.id}>
                <td>{c.groupLabel}</td>
                <td>
                  {c.name}
                  {c.derived ? ' (derived from the must-have needs’ fit)' : ''}
                </td>
                <td className="numeric">{c.weight}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Sum
              </th>
              <td className="numeric">{d.weightsTotal}</td>
            </tr>
          </tfoot>
        </table>
      </section>
      <ResultsBody d={d} />
      <section aria-labelledby="scores">
        <h2 id="scores">Every score and comment</h2>
        {d.scores.length === 0 ? (
          <p className="empty">No submitted sheet.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Every counted score with its comment</caption>
            <thead>
              <tr>
                <th scope="col">Evaluator</th>
                <th scope="col">Candidate</th>
                <th scope="col">Criterion</th>
                <th scope="col">Score</th>
                <th scope="col">Comment</th>
              </tr>
            </thead>
            <tbody>
              {d.scores.map((s) => (
                <tr key={`${s.evaluator}.${s.candidate}.${s.criterion}`}>
                  <td>{s.evaluator}</td>
                  <td>{s.candidate}</td>
                  <td>{s.criterion}</td>
                  <td className="numeric">{s.score}</td>
                  <td>{s.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="signatures">
        <h2 id="signatures">Signatures</h2>
        {d.signatures.length === 0 ? (
          <p className="empty">None yet.</p>
        ) : (
          <ul>
            {d.signatures.map((s) => (
              <li key={`${s.at}.${s.name}`}>
                {when(s.at)}: {s.name}, “{s.meaning}” ({s.fingerprint})
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
