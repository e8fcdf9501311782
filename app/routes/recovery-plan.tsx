import { useState } from 'react';
import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { MeaningField } from '~/app/components/MeaningField';
import { RecoveryBadge, RecoveryNav } from '~/app/components/Recovery';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { acceptCorrectivePlan } from '~/workflows/commands/accept-corrective-plan';
import { replanPhase } from '~/workflows/commands/replan-phase';
import { rescheduleMilestone } from '~/workflows/commands/reschedule-milestone';
import { saveCorrectivePlan } from '~/workflows/commands/save-corrective-plan';
import { recoveryPage } from '~/workflows/recovery/view';
import type { Route } from './+types/recovery-plan';

export const meta: Route.MetaFunction = () => [{ title: 'Corrective plan · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => recoveryPage(getDb(), actor, idParam(params.projectId), today()));
}

/**
 * The corrective plan: the PM re-plans phases and moves milestones with the schedule's own commands,
 * then saves the plan (a new schedule baseline with the actions and who does what); the sponsor signs it.
 */
export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId) };
  try {
    switch (fields.intent) {
      case 'replan':
        replanPhase(ctx, input);
        return { ok: 'Phase re-planned. Save the plan to freeze it as the new baseline.' };
      case 'reschedule':
        rescheduleMilestone(ctx, input);
        return { ok: 'Milestone moved. Save the plan to freeze it as the new baseline.' };
      case 'save':
        saveCorrectivePlan(ctx, input);
        return { ok: 'Corrective plan saved as a new schedule baseline; the sponsor can accept it now.' };
      case 'accept':
        await acceptCorrectivePlan(ctx, input);
        return { ok: 'Corrective plan accepted and signed: the turnaround can start.' };
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

const signed = (days: number | null) => (days === null ? '—' : days === 0 ? '0' : `${days > 0 ? '+' : ''}${days}`);

export default function RecoveryPlan({ loaderData: d, actionData }: Route.ComponentProps) {
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const [lastForm, setLastForm] = useState<string | null>(null);
  const errorsFor = (form: string) => (lastForm === form ? errors : {});
  const projectId = String(d.project.id);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/recovery', { projectId })}>Recovery</Link> /
      </p>
      <h1>Corrective plan {d.started && <RecoveryBadge state={d.state} />}</h1>
      <RecoveryNav projectId={d.project.id} />
      <ActionMessage result={actionData} />
      {!d.started ? (
        <p className="empty">No recovery has been started on this project yet.</p>
      ) : (
        <>
          {!d.plan ? (
            <p className="empty">
              {d.state === 'assessing' ? 'The corrective plan is written once the assessment is presented to leadership.' : 'No corrective plan saved yet.'}
            </p>
          ) : (
            <section aria-labelledby="plan" className="card">
              <h2 id="plan">
                Revision {d.plan.revision}, schedule baseline {d.plan.baselineNumber}
              </h2>
              <p className="muted">
                Saved by {d.plan.by} on {d.plan.at.slice(0, 10)}.
              </p>
              <p>{d.plan.summary}</p>
              <h3>Changes in roles and responsibilities</h3>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Who</th>
                    <th scope="col">Does from now on</th>
                  </tr>
                </thead>
                <tbody>
                  {d.plan.roleChanges.map((r) => (
                    <tr key={`${r.who}-${r.responsibility}`}>
                      <td>{r.who}</td>
                      <td>{r.responsibility}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {d.compared && (
            <section aria-labelledby="compared">
              <h2 id="compared">
                Against the original schedule (baseline {d.compared.original} → {d.compared.plan})
              </h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Phase or milestone</th>
                    <th scope="col">Original</th>
                    <th scope="col">Corrective plan</th>
                    <th scope="col">Slip (days)</th>
                  </tr>
                </thead>
                <tbody>
                  {d.compared.rows.map((r) => (
                    <tr key={`${r.kind}-${r.name}`}>
                      <td>
                        {r.name} <span className="muted">({r.kind})</span>
                      </td>
                      <td>{r.a ?? 'not in it'}</td>
                      <td>{r.b ?? 'not in it'}</td>
                      <td>{signed(r.days)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {d.acceptance && (
            <p className="notice">
              Accepted by {d.acceptance.by} on {d.acceptance.at.slice(0, 10)}: “{d.acceptance.meaning}” (signed over revision {d.acceptance.revision}).
            </p>
          )}

          {d.schedule && (
            <section aria-labelledby="replan" className="card">
              <h2 id="replan">Revise the phases and milestones</h2>
              <p className="hint">Each change is recorded against the current baseline; a move later needs a reason. Then save the plan below.</p>
              {d.schedule.phases
                .filter((p) => !p.actualEnd)
                .map((p) => {
                  const key = `phase-${p.id}`;
                  const errs = errorsFor(key);
                  return (
                    <Form key={p.id} method="post" className="form inline-form" noValidate aria-label={`Re-plan ${p.name}`} onSubmit={() => setLastForm(key)}>
                      <input type="hidden" name="intent" value="replan" />
                      <input type="hidden" name="phaseId" value={p.id} />
                      <input type="hidden" name="shownStart" value={p.plannedStart} />
                      <input type="hidden" name="shownEnd" value={p.plannedEnd} />
                      <Field label={`${p.name}: start`} name="plannedStart" type="date" defaultValue={p.plannedStart} error={errs.plannedStart} />
                      <Field label={`${p.name}: end`} name="plannedEnd" type="date" defaultValue={p.plannedEnd} error={errs.plannedEnd} />
                      <Field label={`${p.name}: reason for a move later`} name="reason" error={errs.reason} />
                      <button type="submit" disabled={busy}>
                        Re-plan {p.name}
                      </button>
                    </Form>
                  );
                })}
              {d.schedule.milestones
                .filter((m) => !m.doneOn)
                .map((m) => {
                  const key = `milestone-${m.id}`;
                  const errs = errorsFor(key);
                  return (
                    <Form key={m.id} method="post" className="form inline-form" noValidate aria-label={`Move ${m.name}`} onSubmit={() => setLastForm(key)}>
                      <input type="hidden" name="intent" value="reschedule" />
                      <input type="hidden" name="milestoneId" value={m.id} />
                      <Field label={`${m.name}: due`} name="dueDate" type="date" defaultValue={m.dueDate} error={errs.dueDate} />
                      <Field label={`${m.name}: reason for a move later`} name="reason" error={errs.reason} />
                      <button type="submit" disabled={busy}>
                        Move {m.name}
                      </button>
                    </Form>
                  );
                })}
            </section>
          )}

          {d.events.includes('SAVE_PLAN') && (
            <Form
              method="post"
              className="card form"
              noValidate
              aria-label="Save the corrective plan"
              onSubmit={(e) => {
                setLastForm('save');
                if (!window.confirm('Save the corrective plan? The phases and milestones as they stand become a new schedule baseline.')) e.preventDefault();
              }}
            >
              <h2>{d.plan ? 'Save the plan again' : 'Save the corrective plan'}</h2>
              <input type="hidden" name="intent" value="save" />
              <input type="hidden" name="expectedVersion" value={d.version} />
              <div className={`field${errorsFor('save').summary ? ' has-error' : ''}`}>
                <label htmlFor="summary">Corrective actions</label>
                <textarea id="summary" name="summary" rows={3} defaultValue={d.plan?.summary} aria-invalid={errorsFor('save').summary ? true : undefined} />
                {errorsFor('save').summary && <p className="field-error">{errorsFor('save').summary}</p>}
              </div>
              <div className={`field${errorsFor('save').roleChanges ? ' has-error' : ''}`}>
                <label htmlFor="roleChanges">Who does what from now on (one per line, “Who: what they now do”)</label>
                <textarea
                  id="roleChanges"
                  name="roleChanges"
                  rows={3}
                  defaultValue={d.plan?.roleChanges.map((r) => `${r.who}: ${r.responsibility}`).join('\n')}
                  aria-invalid={errorsFor('save').roleChanges ? true : undefined}
                />
                {errorsFor('save').roleChanges && <p className="field-error">{errorsFor('save').roleChanges}</p>}
              </div>
              <button type="submit" className="primary" disabled={busy}>
                Save as the new baseline
              </button>
            </Form>
          )}

          {d.events.includes('ACCEPT') && d.fingerprint && (
            <Form method="post" className="card form" noValidate aria-label="Accept the corrective plan" onSubmit={() => setLastForm('accept')}>
              <h2>Accept the corrective plan</h2>
              <p className="hint">You sign revision {d.plan?.revision} shown above, as the sponsor of this recovery.</p>
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="fingerprint" value={d.fingerprint} />
              <MeaningField meanings={d.meanings} yourFunction={d.yourFunction} error={errorsFor('accept').meaning} />
              <Field label="Your password (to sign)" name="password" type="password" autoComplete="current-password" error={errorsFor('accept').password} />
              <button type="submit" className="primary" disabled={busy}>
                Accept and sign
              </button>
            </Form>
          )}
        </>
      )}
    </>
  );
}
