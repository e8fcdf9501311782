import { Form, href, Link, redirect, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { Field } from '~/app/components/Field';
import { MeaningField } from '~/app/components/MeaningField';
import { TcoChart } from '~/app/components/TcoChart';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { decideSelection } from '~/workflows/commands/decide-selection';
import { reopenSelection } from '~/workflows/commands/reopen-selection';
import { resultsPage } from '~/workflows/selection/view';
import type { Route } from './+types/selection-results';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Results · ${data?.selection.key ?? 'Platform selection'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => resultsPage(getDb(), actor, { projectId: idParam(params.projectId), selectionId: idParam(params.selectionId) }));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId), selectionId: idParam(params.selectionId) };
  try {
    switch (fields.intent) {
      case 'decide':
        await decideSelection(ctx, input);
        return { ok: 'Decision signed.' };
      case 'reopen':
        reopenSelection(ctx, input);
        // Scoring starts again, blind again: the results are no longer for everyone, so the selection's page is where to go.
        return redirect(href('/projects/:projectId/selections/:selectionId', { projectId: String(input.projectId), selectionId: String(input.selectionId) }));
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

type Data = Route.ComponentProps['loaderData'];
type Spread = Data['spreads'][number];
const spreadColumns: Column<Spread>[] = [
  { id: 'candidate', header: 'Candidate', value: (r) => r.candidate, filter: 'select' },
  { id: 'criterion', header: 'Criterion', value: (r) => r.criterion },
  { id: 'min', header: 'Lowest', value: (r) => r.min, numeric: true },
  { id: 'max', header: 'Highest', value: (r) => r.max, numeric: true },
  { id: 'spread', header: 'Spread', value: (r) => r.spread, numeric: true },
  { id: 'flag', header: 'Discuss', value: (r) => (r.flagged ? 'flagged' : ''), filter: 'select' },
];

export function ResultsBody({ d }: { d: Data }) {
  return (
    <>
      <section aria-labelledby="totals">
        <h2 id="totals">Weighted totals</h2>
        <p className="hint">
          Total = Σ weight × mean score ÷ 100, on the 1-5 scale: each criterion’s mean is the mean of the counted evaluators’ scores (a derived criterion: the
          mean of fit points over the must-have needs). Counted: {d.counted.join(', ') || 'nobody yet'}
          {d.notSubmitted.length > 0 && `; not counted (not submitted): ${d.notSubmitted.join(', ')}`}.
        </p>
        <table>
          <caption className="visually-hidden">Weighted totals with their breakdown</caption>
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Candidate</th>
              {d.criteria.map((c) => (
                <th key={c.id} scope="col">
                  {c.name} ({c.weight})
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {d.ranking.map((r) => (
              <tr key={r.candidateId}>
                <td>{r.rank}</td>
                <th scope="row">{r.name}</th>
                {r.breakdown.map((b) => (
                  <td key={b.criterionId} className="numeric">
                    {b.mean} → {b.contribution}
                  </td>
                ))}
                <td className="numeric">
                  <strong>{r.total}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="robustness">
        <h2 id="robustness">How robust the ranking is</h2>
        {!d.robustness ? (
          <p className="empty">Fewer than two candidates: nothing to compare.</p>
        ) : (
          <>
            <p>
              {d.robustness.first} leads {d.robustness.second} by {d.robustness.gap} points.{' '}
              {d.robustness.swaps.find((s) => s.smallest)
                ? (() => {
                    const s = d.robustness.swaps.find((x) => x.smallest)!;
                    return `The smallest single change of weight that makes them tie: ${s.criterion} from ${s.weight} to ${s.tieAt} (${s.change} points); any further and ${d.robustness.second} leads.`;
                  })()
                : 'No change of a single weight makes them tie.'}
            </p>
            <p className="hint">
              One weight changes; the others are rescaled in proportion so the weights still sum to 100. For each criterion, the weight at which the top two
              tie.
            </p>
            <table>
              <caption className="visually-hidden">The weight of each criterion at which the top two tie</caption>
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Weight</th>
                  <th scope="col">They tie at</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {d.robustness.swaps.map((s) => (
                  <tr key={s.criterion}>
                    <td>
                      {s.criterion}
                      {s.smallest && ' (smallest)'}
                    </td>
                    <td className="numeric">{s.weight}</td>
                    <td className="numeric">{s.tieAt}</td>
                    <td className="numeric">{s.change}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <h3>Ranking under each evaluator’s scores alone</h3>
        {d.perEvaluator.length === 0 ? (
          <p className="empty">No sheet submitted yet.</p>
        ) : (
          <ul>
            {d.perEvaluator.map((e) => (
              <li key={e.name}>
                {e.name}: {e.ranking.map((r) => `${r.rank}. ${r.name} (${r.total})`).join(', ')}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="spread">
        <h2 id="spread">Where the evaluators disagree</h2>
        <p className="hint">Spread = highest − lowest score; {d.threshold} points or more is flagged for discussion.</p>
        <DataTable
          caption="Spread between evaluators per criterion"
          rows={d.spreads}
          columns={spreadColumns}
          rowKey={(r) => `${r.candidateId}.${r.criterionId}`}
          empty="No scores yet."
          initialSort={[{ id: 'spread', desc: true }]}
        />
      </section>
      <section aria-labelledby="tco">
        <h2 id="tco">Five-year total cost of ownership</h2>
        <TcoChart
          bars={d.tco}
          kinds={[
            { value: 'licences', label: 'Licences' },
            { value: 'implementation', label: 'Implementation' },
            { value: 'internalStaff', label: 'Internal staff' },
            { value: 'support', label: 'Support' },
          ]}
        />
      </section>
    </>
  );
}

export default function SelectionResults({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const selectionId = String(d.selection.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const may = new Set(d.events);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/selections', { projectId })}>Platform selection</Link> /{' '}
        <Link to={href('/projects/:projectId/selections/:selectionId', { projectId, selectionId })}>{d.selection.key}</Link> /
      </p>
      <h1>
        Results: {d.selection.title} <span className={`badge selection-${d.selection.state}`}>{d.selection.stateLabel}</span>
      </h1>
      <p>
        <Link to={href('/projects/:projectId/selections/:selectionId/record', { projectId, selectionId })}>Printable decision record</Link>
      </p>
      <ActionMessage result={actionData} />
      <ResultsBody d={d} />
      {may.has('DECIDE') && d.decisionBasis && (
        <Form method="post" className="card form" noValidate aria-label="Sign the decision">
          <h2>Sign the decision</h2>
          <p className="hint">You sign the results above (version {d.version}).</p>
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="expectedVersion" value={d.version} />
          <input type="hidden" name="fingerprint" value={d.decisionBasis} />
          <div className={`field${errors.candidateId ? ' has-error' : ''}`}>
            <label htmlFor="candidateId">Platform selected</label>
            <select id="candidateId" name="candidateId" defaultValue={d.ranking[0]?.candidateId ?? ''}>
              {d.candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            {errors.candidateId && <p className="field-error">{errors.candidateId}</p>}
          </div>
          <MeaningField meanings={d.meanings} yourFunction={d.yourFunction} error={errors.meaning} />
          <Field label="Your password (to sign)" name="password" type="password" autoComplete="current-password" error={errors.password} />
          <button type="submit" className="primary" disabled={busy}>
            Sign the decision
          </button>
        </Form>
      )}
      {may.has('REOPEN') && (
        <Form
          method="post"
          className="card form"
          noValidate
          aria-label="Reopen the selection"
          onSubmit={(e) => {
            if (!window.confirm('Reopen the selection? Any decision is voided and every evaluator scores again.')) e.preventDefault();
          }}
        >
          <h2>Reopen</h2>
          <input type="hidden" name="intent" value="reopen" />
          <Field label="Why it is reopened" name="reason" error={errors.reason} />
          <button type="submit" disabled={busy}>
            Reopen the selection
          </button>
        </Form>
      )}
    </>
  );
}
