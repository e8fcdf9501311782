import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { MeaningField } from '~/app/components/MeaningField';
import { VerdictBadge } from '~/app/components/VerdictBadge';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { raiseChangeFromFinding } from '~/workflows/commands/raise-change-from-finding';
import { recordE3Finding } from '~/workflows/commands/record-e3-finding';
import { signE3Review } from '~/workflows/commands/sign-e3-review';
import { reviewPage } from '~/workflows/e3/view';
import type { Route } from './+types/optimization-review';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Review ${data?.review.number ?? ''} · Optimization · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => reviewPage(getDb(), actor, idParam(params.projectId), idParam(params.number)));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId), review: idParam(params.number) };
  try {
    switch (fields.intent) {
      case 'finding':
        recordE3Finding(ctx, input);
        return { ok: 'Finding recorded with its evidence.' };
      case 'sign':
        await signE3Review(ctx, input);
        return { ok: 'Review signed.' };
      case 'change': {
        const change = raiseChangeFromFinding(ctx, input);
        return { ok: `Change request ${change.key} raised from the finding; the cycle's sponsor decides it.` };
      }
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

export default function OptimizationReview({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const r = d.review;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/optimization', { projectId })}>Optimization</Link> /
      </p>
      <h1>
        Review {r.number} of cycle {d.cycle.number}
      </h1>
      <p className="muted">
        Periods {r.periods.join(', ')}; due {r.due}; started by {r.startedBy} on {r.startedAt.slice(0, 10)}.
      </p>
      <ActionMessage result={actionData} />
      {r.signature && (
        <p className="notice">
          Signed by {r.signature.by} on {r.signature.at.slice(0, 10)}: “{r.signature.meaning}”.
        </p>
      )}

      <section aria-labelledby="comparison">
        <h2 id="comparison">KPIs against the baseline and target</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">KPI</th>
              <th scope="col">Baseline</th>
              <th scope="col">This review</th>
              <th scope="col">Target (± tolerance)</th>
              <th scope="col">Against the target</th>
              <th scope="col">Against the baseline</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">
                  {row.label}
                  <details>
                    <summary>Formula</summary>
                    <p className="hint">{row.formula}</p>
                  </details>
                </th>
                <td>{row.shown.baseline}</td>
                <td>{row.shown.value}</td>
                <td>
                  {row.shown.target} ± {row.tolerance}
                </td>
                <td>
                  <VerdictBadge verdict={row.vsTarget} />
                </td>
                <td>
                  <VerdictBadge verdict={row.vsBaseline} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {d.moved.length > 0 && (
        <section aria-labelledby="moved">
          <h2 id="moved">Did the KPIs move after the changes?</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">KPI</th>
                <th scope="col">At the finding</th>
                <th scope="col">Now</th>
                <th scope="col">Moved</th>
              </tr>
            </thead>
            <tbody>
              {d.moved.map((m) => (
                <tr key={`${m.fromReview}-${m.finding}`}>
                  <td>
                    {m.change && <Link to={href('/projects/:projectId/changes/:changeId', { projectId, changeId: String(m.change.id) })}>{m.change.key}</Link>}{' '}
                    (review {m.fromReview}, finding {m.finding})
                  </td>
                  <td>{m.label}</td>
                  <td>{m.atFinding}</td>
                  <td>{m.now}</td>
                  <td>
                    <VerdictBadge verdict={m.moved} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section aria-labelledby="findings" className="card">
        <h2 id="findings">Findings</h2>
        {d.findings.length === 0 ? (
          <p className="empty">No finding recorded.</p>
        ) : (
          <ol className="findings">
            {d.findings.map((f) => (
              <li key={f.number}>
                <p>
                  <strong>{f.label}</strong>: {f.note}
                </p>
                <p className="muted">
                  Evidence: {f.value} in this review, baseline {f.baseline}, target {f.target} <VerdictBadge verdict={f.verdict} />. Recorded by {f.by}.
                </p>
                {f.change ? (
                  <p>
                    Became change request{' '}
                    <Link to={href('/projects/:projectId/changes/:changeId', { projectId, changeId: String(f.change.id) })}>{f.change.key}</Link>.
                  </p>
                ) : (
                  d.mayRaise && (
                    <Form method="post" className="form inline-form" noValidate aria-label={`Turn finding ${f.number} into a change`}>
                      <input type="hidden" name="intent" value="change" />
                      <input type="hidden" name="finding" value={f.number} />
                      <input type="hidden" name="expectedVersion" value={d.version} />
                      <Field
                        label={`Title of the change for finding ${f.number}`}
                        name="title"
                        defaultValue={`${f.label}: act on the review finding`}
                        error={errors.title}
                      />
                      <button type="submit" disabled={busy}>
                        Turn into a change request
                      </button>
                    </Form>
                  )
                )}
              </li>
            ))}
          </ol>
        )}
        {d.mayRecord && (
          <Form method="post" className="form" noValidate aria-label="Record a finding">
            <h3>Record a finding</h3>
            <input type="hidden" name="intent" value="finding" />
            <input type="hidden" name="expectedVersion" value={d.version} />
            <div className={`field${errors.kpi ? ' has-error' : ''}`}>
              <label htmlFor="kpi">KPI</label>
              <select id="kpi" name="kpi" defaultValue="">
                <option value="">Choose…</option>
                {d.tracked.map((k) => (
                  <option key={k.key} value={k.key}>
                    {k.label}
                  </option>
                ))}
              </select>
              {errors.kpi && <p className="field-error">{errors.kpi}</p>}
            </div>
            <div className={`field${errors.note ? ' has-error' : ''}`}>
              <label htmlFor="note">What the review found</label>
              <textarea id="note" name="note" rows={3} aria-invalid={errors.note ? true : undefined} />
              {errors.note && <p className="field-error">{errors.note}</p>}
            </div>
            <button type="submit" className="primary" disabled={busy}>
              Record the finding
            </button>
          </Form>
        )}
      </section>

      {d.fingerprint && (
        <Form method="post" className="card form" noValidate aria-label="Sign the review">
          <h2>Sign the review</h2>
          <p className="hint">You sign the comparison and the findings above (fingerprint {d.fingerprint.slice(0, 12)}).</p>
          <input type="hidden" name="intent" value="sign" />
          <input type="hidden" name="expectedVersion" value={d.version} />
          <input type="hidden" name="fingerprint" value={d.fingerprint} />
          <MeaningField meanings={d.meanings} yourFunction={d.yourFunction} error={errors.meaning} />
          <Field label="Your password (to sign)" name="password" type="password" autoComplete="current-password" error={errors.password} />
          <button type="submit" className="primary" disabled={busy}>
            Sign the review
          </button>
        </Form>
      )}
    </>
  );
}
