import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { KpiChart } from '~/app/components/KpiChart';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { startE3Cycle } from '~/workflows/commands/start-e3-cycle';
import { startE3Review } from '~/workflows/commands/start-e3-review';
import { optimizationPage } from '~/workflows/e3/view';
import type { Route } from './+types/optimization';

export const meta: Route.MetaFunction = () => [{ title: 'Optimization · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => optimizationPage(getDb(), actor, idParam(params.projectId)));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId) };
  try {
    switch (fields.intent) {
      case 'start-cycle':
        startE3Cycle(ctx, input);
        return { ok: 'Cycle started: choose the baseline periods and KPIs on the Baseline page.' };
      case 'start-review':
        startE3Review(ctx, input);
        return { ok: 'Review started: its KPIs are compared with the baseline below each review.' };
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

export default function Optimization({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const may = new Set(d.events);
  const c = d.cycle;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /
      </p>
      <h1>Optimization (E3)</h1>
      <p>
        Establish a baseline of the programme’s KPIs, evaluate it at the agreed cadence, evolve what the reviews find.{' '}
        <Link to={href('/projects/:projectId/optimization/data', { projectId })}>Programme data</Link> ·{' '}
        {c && <Link to={href('/projects/:projectId/optimization/baseline', { projectId })}>Baseline</Link>}
      </p>
      <ActionMessage result={actionData} />

      <section aria-labelledby="cycle" className="card">
        <h2 id="cycle">Cycle</h2>
        {!c ? (
          <p className="empty">No E3 cycle yet. The project manager starts one and names its sponsor.</p>
        ) : (
          <dl className="record-facts">
            <dt>Cycle</dt>
            <dd>
              {c.number}: {c.stateLabel}
            </dd>
            <dt>Sponsor</dt>
            <dd>{c.sponsor}</dd>
            <dt>Baseline</dt>
            <dd>{c.baseline ? `${c.baseline.periods.join(', ')}, signed by ${c.baseline.by} on ${c.baseline.at.slice(0, 10)}` : 'not signed yet'}</dd>
            <dt>Next review due</dt>
            <dd>
              {c.nextReviewDue ?? 'after the baseline is signed'} {c.overdue && <span className="badge overdue">Overdue</span>}
            </dd>
          </dl>
        )}
        {d.mayStartCycle && (
          <details className="create" open={!!errors.sponsorId || undefined}>
            <summary>{c ? 'Start a new cycle (a new baseline)' : 'Start an E3 cycle'}</summary>
            <Form
              method="post"
              className="form"
              noValidate
              aria-label="Start an E3 cycle"
              onSubmit={(e) => {
                if (c && !window.confirm(`Start cycle ${c.number + 1}? Cycle ${c.number} stays as it was signed, but the pages and gates read the new cycle.`))
                  e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="start-cycle" />
              <div className={`field${errors.sponsorId ? ' has-error' : ''}`}>
                <label htmlFor="sponsorId">Sponsor (signs the baseline and each review)</label>
                <select id="sponsorId" name="sponsorId" defaultValue="" aria-invalid={errors.sponsorId ? true : undefined}>
                  <option value="">Choose…</option>
                  {d.stakeholders.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
                {errors.sponsorId && <p className="field-error">{errors.sponsorId}</p>}
              </div>
              <button type="submit" className="primary" disabled={busy}>
                Start the cycle
              </button>
            </Form>
          </details>
        )}
      </section>

      {c && (
        <section aria-labelledby="reviews" className="card">
          <h2 id="reviews">Reviews</h2>
          {c.reviews.length === 0 ? (
            <p className="empty">No review yet: the first is due {c.nextReviewDue ?? 'a cadence after the baseline is signed'}.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Review</th>
                  <th scope="col">Periods</th>
                  <th scope="col">Due</th>
                  <th scope="col">KPIs worse than target</th>
                  <th scope="col">Findings</th>
                  <th scope="col">Signed</th>
                </tr>
              </thead>
              <tbody>
                {c.reviews.map((r) => (
                  <tr key={r.number}>
                    <td>
                      <Link to={href('/projects/:projectId/optimization/reviews/:number', { projectId, number: String(r.number) })}>Review {r.number}</Link>
                    </td>
                    <td>{r.periods.join(', ')}</td>
                    <td>{r.due}</td>
                    <td>{r.worse}</td>
                    <td>
                      {r.findings}
                      {r.changes > 0 && ` (${r.changes} became ${r.changes === 1 ? 'a change request' : 'change requests'})`}
                    </td>
                    <td>{r.signed ? `${r.signed.by}, ${r.signed.at.slice(0, 10)}` : 'not yet'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {may.has('START_REVIEW') && (
            <Form method="post" className="form" noValidate aria-label="Start a review">
              <input type="hidden" name="intent" value="start-review" />
              <input type="hidden" name="expectedVersion" value={c.version} />
              <fieldset className={errors.periods ? 'has-error' : undefined}>
                <legend>Periods to review (after the baseline)</legend>
                {d.reviewable.length === 0 && <p className="empty">No new period uploaded yet: upload its programme data first.</p>}
                {d.reviewable.map((p) => (
                  <label key={p} className="check">
                    <input type="checkbox" name="periods" value={p} /> {p}
                  </label>
                ))}
                {errors.periods && <p className="field-error">{errors.periods}</p>}
              </fieldset>
              <button type="submit" className="primary" disabled={busy}>
                Start the review
              </button>
            </Form>
          )}
        </section>
      )}

      <section aria-labelledby="kpis">
        <h2 id="kpis">KPIs per period</h2>
        {d.periods.length === 0 ? (
          <p className="empty">
            No programme data yet: <Link to={href('/projects/:projectId/optimization/data', { projectId })}>upload a period</Link>.
          </p>
        ) : (
          <>
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">KPI</th>
                    {d.periods.map((p) => (
                      <th key={p} scope="col">
                        {p}
                      </th>
                    ))}
                    <th scope="col">Baseline</th>
                    <th scope="col">Target (± tolerance)</th>
                  </tr>
                </thead>
                <tbody>
                  {d.kpis.map((k) => (
                    <tr key={k.key}>
                      <th scope="row">
                        {k.label}
                        <details>
                          <summary>Formula</summary>
                          <p className="hint">{k.formula}</p>
                        </details>
                      </th>
                      {k.points.map((p) => (
                        <td key={p.period}>{p.shown}</td>
                      ))}
                      <td>{k.baselineShown}</td>
                      <td>{k.targetShown}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="kpi-charts">
              {d.kpis.map((k) => (
                <KpiChart key={k.key} label={k.label} unit={k.unit} points={k.points} baseline={k.baseline} target={k.target} />
              ))}
            </div>
          </>
        )}
      </section>
    </>
  );
}
