import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { MeaningField } from '~/app/components/MeaningField';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { addSelectionCandidate } from '~/workflows/commands/add-selection-candidate';
import { addSelectionCriterion } from '~/workflows/commands/add-selection-criterion';
import { closeSelectionScoring } from '~/workflows/commands/close-selection-scoring';
import { lockSelectionCriteria } from '~/workflows/commands/lock-selection-criteria';
import { openSelectionScoring } from '~/workflows/commands/open-selection-scoring';
import { recordSelectionCosts } from '~/workflows/commands/record-selection-costs';
import { recordSelectionFit } from '~/workflows/commands/record-selection-fit';
import { removeSelectionCandidate } from '~/workflows/commands/remove-selection-candidate';
import { removeSelectionCriterion } from '~/workflows/commands/remove-selection-criterion';
import { setSelectionNeeds } from '~/workflows/commands/set-selection-needs';
import { setSelectionWeights } from '~/workflows/commands/set-selection-weights';
import { DomainError } from '~/workflows/errors';
import { money } from '~/workflows/format/money';
import { selectionPage } from '~/workflows/selection/view';
import type { Route } from './+types/selection';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.selection.key ?? 'Platform selection'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => selectionPage(getDb(), actor, { projectId: idParam(params.projectId), selectionId: idParam(params.selectionId) }));
}

/** Fields named `<prefix>.<a>[.<b>]` with a value, as [a, b, value]. */
const keyed = (fields: Record<string, string | string[]>, prefix: string) =>
  Object.entries(fields)
    .filter(([k, v]) => k.startsWith(`${prefix}.`) && typeof v === 'string')
    .map(([k, v]) => [...k.slice(prefix.length + 1).split('.'), v as string] as string[]);

/**
 * A refused cost line's error under the cell it came from (`cost.<candidate>.<kind>.<year>`), not its
 * position among the lines sent, so the page marks that cell under that candidate's table only.
 */
function byCell(error: unknown, candidateId: unknown, lines: { kind: string | undefined; year: number }[]) {
  if (!(error instanceof DomainError)) return error;
  const fieldErrors: Record<string, string> = {};
  for (const [key, message] of Object.entries(error.fieldErrors)) {
    const line = /^lines\.(\d+)\./.exec(key);
    const cell = line ? lines[Number(line[1])] : undefined;
    fieldErrors[cell ? `cost.${candidateId}.${cell.kind}.${cell.year}` : key] = message;
  }
  return new DomainError(error.code, error.message, fieldErrors, error.problems);
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId), selectionId: idParam(params.selectionId) };
  try {
    switch (fields.intent) {
      case 'needs':
        setSelectionNeeds(ctx, input);
        return { ok: 'Needs linked.' };
      case 'addCandidate':
        addSelectionCandidate(ctx, input);
        return { ok: 'Candidate added.' };
      case 'removeCandidate':
        removeSelectionCandidate(ctx, input);
        return { ok: 'Candidate removed.' };
      case 'addCriterion':
        addSelectionCriterion(ctx, input);
        return { ok: 'Criterion added.' };
      case 'removeCriterion':
        removeSelectionCriterion(ctx, input);
        return { ok: 'Criterion removed.' };
      case 'weights': {
        const total = setSelectionWeights(ctx, { ...input, weights: keyed(fields, 'weight').map(([criterionId, weight]) => ({ criterionId, weight })) });
        return { ok: total === '100' ? 'Weights saved: they sum to 100.' : `Weights saved: they sum to ${total}, not 100 yet.` };
      }
      case 'fit':
        recordSelectionFit(ctx, {
          ...input,
          fits: keyed(fields, 'fit')
            .filter(([, fit]) => fit)
            .map(([requirementId, fit]) => ({ requirementId, fit })),
        });
        return { ok: 'Fit recorded.' };
      case 'costs': {
        const lines = keyed(fields, 'cost')
          .filter(([, , amount]) => amount?.trim())
          .map(([kind, year, amount]) => ({ kind, year: Number(year), amount }));
        try {
          recordSelectionCosts(ctx, { ...input, lines });
        } catch (error) {
          throw byCell(error, fields.candidateId, lines);
        }
        return { ok: 'Costs recorded.' };
      }
      case 'lock':
        await lockSelectionCriteria(ctx, input);
        return { ok: 'Criteria locked and signed: the weights no longer move.' };
      case 'open':
        openSelectionScoring(ctx, input);
        return { ok: 'Scoring is open: each evaluator fills in their own sheet.' };
      case 'close':
        closeSelectionScoring(ctx, input);
        return { ok: 'Scoring closed: the results count the submitted sheets.' };
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const confirmFirst = (message: string) => (e: React.FormEvent) => {
  if (!window.confirm(message)) e.preventDefault();
};

export default function Selection({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const selectionId = String(d.selection.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const may = new Set(d.events);
  const s = d.selection;
  const fitOf = (candidateId: number, requirementId: number) =>
    d.fits.find((f) => f.candidateId === candidateId && f.requirementId === requirementId)?.fit ?? '';
  const costOf = (candidateId: number, kind: string, year: number) =>
    d.costs.find((c) => c.candidateId === candidateId && c.kind === kind && c.year === year)?.amount ?? '';
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/selections', { projectId })}>Platform selection</Link> /
      </p>
      <h1>
        {s.key} {s.title} <span className={`badge selection-${s.state}`}>{s.stateLabel}</span>
      </h1>
      <p className="muted">
        Set up by {s.manager}; {s.sponsor} is the sponsor (signs the lock and the decision). Scoring round {s.round}.
      </p>
      <nav aria-label="Selection pages" className="inline-links">
        {d.isEvaluator && <Link to={href('/projects/:projectId/selections/:selectionId/scores', { projectId, selectionId })}>My score sheet</Link>}{' '}
        {d.mayReadResults && (
          <>
            <Link to={href('/projects/:projectId/selections/:selectionId/results', { projectId, selectionId })}>Results</Link>{' '}
            <Link to={href('/projects/:projectId/selections/:selectionId/record', { projectId, selectionId })}>Decision record</Link>
          </>
        )}
      </nav>
      <ActionMessage result={actionData} />

      {d.decision && (
        <p className="notice">
          Decided: <strong>{d.decision.candidate}</strong>, signed by {d.decision.by} on {when(d.decision.at)} (“{d.decision.meaning}”, over the results with
          fingerprint {d.decision.fingerprint.slice(0, 12)}).
        </p>
      )}
      {d.lock && (
        <p className="notice">
          Criteria locked by {d.lock.by} on {when(d.lock.at)} (“{d.lock.meaning}”, over the set-up with fingerprint {d.lock.fingerprint.slice(0, 12)}).
        </p>
      )}
      {d.voided.map((v) => (
        <p key={v.at} className="notice">
          Reopened by {v.by} on {when(v.at)}
          {v.hadDecision ? ' (the decision was voided)' : ''}: {v.reason}
        </p>
      ))}

      <section aria-labelledby="evaluators" className="card">
        <h2 id="evaluators">Evaluators</h2>
        <ul>
          {d.evaluators.map((e) => (
            <li key={e.id}>
              {e.name}: {e.submittedAt ? `submitted ${when(e.submittedAt)}` : 'not submitted'}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="needs" className="card">
        <h2 id="needs">Business needs</h2>
        {d.needs.length === 0 ? (
          <p className="empty">No requirement of the register linked yet.</p>
        ) : (
          <ul>
            {d.needs.map((n) => (
              <li key={n.id}>
                <Link to={href('/projects/:projectId/requirements/:requirementId', { projectId, requirementId: String(n.id) })}>{n.key}</Link> {n.title} (
                {n.priority})
              </li>
            ))}
          </ul>
        )}
        {d.mayEdit && (
          <Form method="post" className="form" noValidate aria-label="Link the needs">
            <input type="hidden" name="intent" value="needs" />
            <div className={`field${errors.requirementIds ? ' has-error' : ''}`}>
              <label htmlFor="requirementIds">Requirements this selection serves</label>
              <select
                id="requirementIds"
                name="requirementIds"
                multiple
                size={Math.min(8, Math.max(3, d.requirementOptions.length))}
                defaultValue={d.needs.map((n) => String(n.id))}
              >
                {d.requirementOptions.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.key} {r.title} ({r.priority})
                  </option>
                ))}
              </select>
              {errors.requirementIds && <p className="field-error">{errors.requirementIds}</p>}
            </div>
            <button type="submit" disabled={busy}>
              Save the needs
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="candidates" className="card">
        <h2 id="candidates">Candidate platforms</h2>
        {d.candidates.length === 0 ? (
          <p className="empty">No candidate yet: add at least two.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Candidate platforms</caption>
            <thead>
              <tr>
                <th scope="col">Vendor</th>
                <th scope="col">Product</th>
                <th scope="col">Category</th>
                {d.mayEdit && <th scope="col">Remove</th>}
              </tr>
            </thead>
            <tbody>
              {d.candidates.map((c) => (
                <tr key={c.id}>
                  <td>{c.vendorName}</td>
                  <td>{c.product}</td>
                  <td>{c.category}</td>
                  {d.mayEdit && (
                    <td>
                      <Form method="post" onSubmit={confirmFirst(`Remove ${c.name} with its fits and costs?`)}>
                        <input type="hidden" name="intent" value="removeCandidate" />
                        <input type="hidden" name="candidateId" value={c.id} />
                        <button type="submit" disabled={busy} aria-label={`Remove ${c.name}`}>
                          Remove
                        </button>
                      </Form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {d.mayEdit && (
          <Form method="post" className="form" noValidate aria-label="Add a candidate">
            <input type="hidden" name="intent" value="addCandidate" />
            <Field label="Vendor" name="vendorName" error={errors.vendorName} />
            <Field label="Product" name="product" error={errors.product} />
            <div className={`field${errors.category ? ' has-error' : ''}`}>
              <label htmlFor="category">Category</label>
              <select id="category" name="category" defaultValue="ICM">
                <option value="ICM">ICM (incentive compensation)</option>
                <option value="TQM">TQM (territory and quota)</option>
                <option value="CRM">CRM</option>
              </select>
              {errors.category && <p className="field-error">{errors.category}</p>}
            </div>
            <button type="submit" disabled={busy}>
              Add the candidate
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="criteria" className="card">
        <h2 id="criteria">Criteria and weights</h2>
        {d.criteria.length === 0 ? (
          <p className="empty">No criterion yet.</p>
        ) : (
          <Form method="post" noValidate aria-label="Weights">
            <input type="hidden" name="intent" value="weights" />
            <table>
              <caption className="visually-hidden">Criteria and their weights</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Criterion</th>
                  <th scope="col">Weight</th>
                  <th scope="col">Scored</th>
                </tr>
              </thead>
              <tbody>
                {d.criteria.map((c) => (
                  <tr key={c.id}>
                    <td>{c.groupLabel}</td>
                    <td>{c.name}</td>
                    <td className="numeric">
                      {d.mayEdit ? (
                        <>
                          <input
                            name={`weight.${c.id}`}
                            defaultValue={c.weight}
                            inputMode="decimal"
                            size={6}
                            aria-label={`Weight of ${c.name}`}
                            aria-invalid={errors[`weights.${d.criteria.indexOf(c)}.weight`] ? true : undefined}
                          />
                          {errors[`weights.${d.criteria.indexOf(c)}.weight`] && (
                            <p className="field-error">{errors[`weights.${d.criteria.indexOf(c)}.weight`]}</p>
                          )}
                        </>
                      ) : (
                        c.weight
                      )}
                    </td>
                    <td>{c.derived ? 'from the must-have needs’ fit' : 'by the evaluators'}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    Sum
                  </th>
                  <td className="numeric">{d.weightsTotal}</td>
                  <td>{d.weightsTotal === '100' ? 'sums to 100' : 'must sum to exactly 100 before the lock'}</td>
                </tr>
              </tfoot>
            </table>
            {d.mayEdit && (
              <button type="submit" disabled={busy}>
                Save the weights
              </button>
            )}
          </Form>
        )}
        {d.mayEdit &&
          d.criteria.map((c) => (
            <Form key={c.id} method="post" className="inline-form" onSubmit={confirmFirst(`Remove the criterion “${c.name}”?`)}>
              <input type="hidden" name="intent" value="removeCriterion" />
              <input type="hidden" name="criterionId" value={c.id} />
              <button type="submit" disabled={busy}>
                Remove “{c.name}”
              </button>
            </Form>
          ))}
        {d.mayEdit && (
          <Form method="post" className="form" noValidate aria-label="Add a criterion">
            <input type="hidden" name="intent" value="addCriterion" />
            <div className="field">
              <label htmlFor="group">Group</label>
              <select id="group" name="group" defaultValue="functional">
                {d.groups.map((g) => (
                  <option key={g.value} value={g.value}>
                    {g.label}
                  </option>
                ))}
              </select>
            </div>
            <Field label="Criterion" name="name" error={errors.name} />
            <Field label="Weight" name="weight" inputMode="decimal" error={errors.weight} hint="The weights of all criteria sum to exactly 100." />
            <label className="checkbox">
              <input type="checkbox" name="derived" /> Derived from the must-have needs’ fit (out of the box 5, configured 4, custom 2, not met 1)
            </label>
            <button type="submit" disabled={busy}>
              Add the criterion
            </button>
          </Form>
        )}
      </section>

      {d.needs.length > 0 && d.candidates.length > 0 && (
        <section aria-labelledby="fit" className="card">
          <h2 id="fit">Fit to the needs</h2>
          {d.mayEdit ? (
            d.candidates.map((c) => (
              <Form key={c.id} method="post" noValidate aria-label={`Fit of ${c.name}`}>
                <input type="hidden" name="intent" value="fit" />
                <input type="hidden" name="candidateId" value={c.id} />
                <fieldset>
                  <legend>{c.name}</legend>
                  {d.needs.map((n) => (
                    <div key={n.id} className="field">
                      <label htmlFor={`fit-${c.id}-${n.id}`}>
                        {n.key} {n.title} ({n.priority})
                      </label>
                      <select id={`fit-${c.id}-${n.id}`} name={`fit.${n.id}`} defaultValue={fitOf(c.id, n.id)}>
                        <option value="">Not assessed (counts as not met)</option>
                        {d.fitLevels.map((f) => (
                          <option key={f.value} value={f.value}>
                            {f.label}
                          </option>
                        ))}
                      </select>
                    </div>
                  ))}
                  <button type="submit" disabled={busy}>
                    Save the fit of {c.name}
                  </button>
                </fieldset>
              </Form>
            ))
          ) : (
            // read only: one table, the needs down and the candidates across, in words
            <table>
              <thead>
                <tr>
                  <th scope="col">Need</th>
                  {d.candidates.map((c) => (
                    <th key={c.id} scope="col">
                      {c.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.needs.map((n) => (
                  <tr key={n.id}>
                    <th scope="row">
                      {n.key} {n.title} ({n.priority})
                    </th>
                    {d.candidates.map((c) => (
                      <td key={c.id}>{d.fitLevels.find((f) => f.value === fitOf(c.id, n.id))?.label ?? 'Not assessed (counts as not met)'}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      {d.candidates.length > 0 && (
        <section aria-labelledby="costs" className="card">
          <h2 id="costs">Five-year costs</h2>
          {d.candidates.map((c) => (
            <Form key={c.id} method="post" noValidate aria-label={`Costs of ${c.name}`}>
              <input type="hidden" name="intent" value="costs" />
              <input type="hidden" name="candidateId" value={c.id} />
              <table>
                <caption>{c.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Cost</th>
                    {[1, 2, 3, 4, 5].map((y) => (
                      <th key={y} scope="col">
                        Year {y}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {d.costKinds.map((k) => (
                    <tr key={k.value}>
                      <th scope="row">{k.label}</th>
                      {[1, 2, 3, 4, 5].map((y) => (
                        <td key={y} className="numeric">
                          {d.mayEditCosts ? (
                            <input
                              name={`cost.${k.value}.${y}`}
                              defaultValue={costOf(c.id, k.value, y)}
                              inputMode="decimal"
                              size={9}
                              aria-label={`${k.label}, year ${y}, ${c.name}`}
                              aria-invalid={errors[`cost.${c.id}.${k.value}.${y}`] ? true : undefined}
                              aria-describedby={errors[`cost.${c.id}.${k.value}.${y}`] ? `costs-error-${c.id}` : undefined}
                            />
                          ) : (
                            money(costOf(c.id, k.value, y) || null)
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {Object.keys(errors).some((k) => k.startsWith(`cost.${c.id}.`)) && (
                <p className="field-error" id={`costs-error-${c.id}`}>
                  {Object.entries(errors)
                    .filter(([k]) => k.startsWith(`cost.${c.id}.`))
                    .map(([k, message]) => {
                      const [, , kind, year] = k.split('.');
                      return `${d.costKinds.find((x) => x.value === kind)?.label ?? kind}, year ${year}: ${message}`;
                    })
                    .join(' ')}
                </p>
              )}
              {d.mayEditCosts && (
                <button type="submit" disabled={busy}>
                  Save the costs of {c.name}
                </button>
              )}
            </Form>
          ))}
        </section>
      )}

      {may.has('LOCK') && d.lockBasis && (
        <Form method="post" className="card form" noValidate aria-label="Lock the criteria">
          <h2>Lock the criteria</h2>
          <p className="hint">
            You sign the needs, candidates, criteria and weights above (weights sum: {d.weightsTotal}). Once locked, nothing of them moves.
          </p>
          {d.setupProblems.length > 0 && <p className="notice">{d.setupProblems.join(' ')}</p>}
          <input type="hidden" name="intent" value="lock" />
          <input type="hidden" name="expectedVersion" value={d.version} />
          <input type="hidden" name="fingerprint" value={d.lockBasis} />
          <MeaningField meanings={d.meanings} yourFunction={d.yourFunction} error={errors.meaning} />
          <Field label="Your password (to sign)" name="password" type="password" autoComplete="current-password" error={errors.password} />
          <button type="submit" className="primary" disabled={busy}>
            Lock and sign
          </button>
        </Form>
      )}
      {may.has('OPEN_SCORING') && (
        <Form method="post" className="card form inline-form">
          <input type="hidden" name="intent" value="open" />
          <button type="submit" className="primary" disabled={busy}>
            Open scoring
          </button>
        </Form>
      )}
      {may.has('CLOSE_SCORING') && (
        <Form
          method="post"
          className="card form inline-form"
          onSubmit={confirmFirst('Close scoring now? Evaluators who have not submitted will not be counted.')}
        >
          <input type="hidden" name="intent" value="close" />
          <button type="submit" disabled={busy}>
            Close scoring
          </button>
        </Form>
      )}

      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        {d.history.length === 0 ? (
          <p className="empty">Started; the criteria are being drafted.</p>
        ) : (
          <ol>
            {d.history.map((h) => (
              <li key={h.id}>
                {when(h.at)}: {h.actor} {h.did} ({h.to})
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
