import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { MeaningField } from '~/app/components/MeaningField';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { configureE3Baseline } from '~/workflows/commands/configure-e3-baseline';
import { signE3Baseline } from '~/workflows/commands/sign-e3-baseline';
import { baselinePage } from '~/workflows/e3/view';
import type { Route } from './+types/optimization-baseline';

export const meta: Route.MetaFunction = () => [{ title: 'Baseline · Optimization · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => baselinePage(getDb(), actor, idParam(params.projectId)));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId) };
  try {
    switch (fields.intent) {
      case 'configure':
        configureE3Baseline(ctx, input);
        return { ok: 'Baseline chosen: the sponsor can sign it now.' };
      case 'sign':
        await signE3Baseline(ctx, input);
        return { ok: 'Baseline signed: its values are frozen.' };
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

const directionWords = { up: 'higher is better', down: 'lower is better', target: 'near the target is right' } as const;

export default function OptimizationBaseline({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const may = new Set(d.events);
  const chosen = new Map((d.config?.kpis ?? []).map((k) => [k.key, k]));
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/optimization', { projectId })}>Optimization</Link> /
      </p>
      <h1>Baseline of cycle {d.cycle.number}</h1>
      <p className="muted">
        {d.cycle.stateLabel}. Sponsor: {d.cycle.sponsor}.
      </p>
      <ActionMessage result={actionData} />

      {d.frozen && d.cycle.baseline && (
        <p className="notice">
          Signed by {d.cycle.baseline.by} on {d.cycle.baseline.at.slice(0, 10)}: “{d.cycle.baseline.meaning}”. Frozen: these values were computed when it was
          signed and never change, whatever data is uploaded later.
        </p>
      )}

      <section aria-labelledby="values" className="card">
        <h2 id="values">{d.frozen ? 'Frozen baseline' : 'Baseline as it stands'}</h2>
        {!d.config ? (
          <p className="empty">Not chosen yet: the project manager picks the periods and the KPIs to track.</p>
        ) : (
          <>
            <p>
              Periods: {d.config.periods.join(', ')}. Reviews every {d.config.cadenceWeeks} weeks. A KPI over several periods is the mean of the periods’
              values.
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">KPI</th>
                  {d.config.periods.map((p) => (
                    <th key={p} scope="col">
                      {p}
                    </th>
                  ))}
                  <th scope="col">Baseline</th>
                  <th scope="col">Target</th>
                  <th scope="col">Tolerance</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">
                      {r.label}
                      <details>
                        <summary>Formula</summary>
                        <p className="hint">{r.formula}</p>
                      </details>
                    </th>
                    {r.perPeriod.map((v, i) => (
                      <td key={d.config!.periods[i]}>{v}</td>
                    ))}
                    <td>{r.value}</td>
                    <td>{r.target}</td>
                    <td>± {r.tolerance}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      {may.has('CONFIGURE') && (
        <details className="card" open={!d.config || Object.keys(errors).length > 0}>
          <summary>{d.config ? 'Change the periods and KPIs' : 'Choose the periods and KPIs'}</summary>
          <Form method="post" className="form" noValidate aria-label="Choose the baseline">
            <input type="hidden" name="intent" value="configure" />
            <input type="hidden" name="expectedVersion" value={d.cycle.version} />
            <fieldset className={errors.periods ? 'has-error' : undefined}>
              <legend>Periods that form the baseline</legend>
              {d.periods.length === 0 && <p className="empty">No programme data yet: upload periods first.</p>}
              {d.periods.map((p) => (
                <label key={p} className="check">
                  <input type="checkbox" name="periods" value={p} defaultChecked={d.config?.periods.includes(p)} /> {p}
                </label>
              ))}
              {errors.periods && <p className="field-error">{errors.periods}</p>}
            </fieldset>
            <fieldset className={errors.track ? 'has-error' : undefined}>
              <legend>KPIs to track, each with a target and a tolerance</legend>
              {errors.track && <p className="field-error">{errors.track}</p>}
              <table>
                <thead>
                  <tr>
                    <th scope="col">Track</th>
                    <th scope="col">Target</th>
                    <th scope="col">Tolerance (±)</th>
                  </tr>
                </thead>
                <tbody>
                  {d.options.map((k) => (
                    <tr key={k.key}>
                      <td>
                        <label className="check">
                          <input type="checkbox" name="track" value={k.key} defaultChecked={chosen.has(k.key)} /> {k.label}{' '}
                          <span className="muted">({directionWords[k.direction]})</span>
                        </label>
                      </td>
                      <td>
                        <Field
                          label={`Target for ${k.label}`}
                          name={`target:${k.key}`}
                          inputMode="decimal"
                          size={8}
                          defaultValue={chosen.get(k.key)?.target}
                          error={errors[`target:${k.key}`]}
                        />
                      </td>
                      <td>
                        <Field
                          label={`Tolerance for ${k.label}`}
                          name={`tolerance:${k.key}`}
                          inputMode="decimal"
                          size={6}
                          defaultValue={chosen.get(k.key)?.tolerance}
                          error={errors[`tolerance:${k.key}`]}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </fieldset>
            <Field
              label="Review cadence (weeks)"
              name="cadenceWeeks"
              inputMode="numeric"
              size={4}
              defaultValue={d.config?.cadenceWeeks ?? 13}
              error={errors.cadenceWeeks}
            />
            <button type="submit" className="primary" disabled={busy}>
              Save the baseline for signature
            </button>
          </Form>
        </details>
      )}

      {may.has('SIGN_BASELINE') && d.fingerprint && (
        <Form method="post" className="card form" noValidate aria-label="Sign the baseline">
          <h2>Sign the baseline</h2>
          <p className="hint">
            You sign the periods, KPIs, targets, tolerances and values shown above (fingerprint <code>{d.fingerprint.slice(0, 12)}</code>); once signed they are
            frozen.
          </p>
          <input type="hidden" name="intent" value="sign" />
          <input type="hidden" name="expectedVersion" value={d.cycle.version} />
          <input type="hidden" name="fingerprint" value={d.fingerprint} />
          <MeaningField meanings={d.meanings} yourFunction={d.yourFunction} error={errors.meaning} />
          <Field label="Your password (to sign)" name="password" type="password" autoComplete="current-password" error={errors.password} />
          <button type="submit" className="primary" disabled={busy}>
            Sign the baseline
          </button>
        </Form>
      )}
    </>
  );
}
