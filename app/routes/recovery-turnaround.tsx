import { useState } from 'react';
import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { RatingBadge, RecoveryBadge, RecoveryNav } from '~/app/components/Recovery';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { closeRecovery } from '~/workflows/commands/close-recovery';
import { logRecoveryProgress } from '~/workflows/commands/log-recovery-progress';
import { recoveryAreas, recoveryRatingLabels, recoveryRatings } from '~/workflows/machines/recovery';
import { recoveryPage } from '~/workflows/recovery/view';
import type { Route } from './+types/recovery-turnaround';

export const meta: Route.MetaFunction = () => [{ title: 'Recovery turnaround · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => recoveryPage(getDb(), actor, idParam(params.projectId), today()));
}

/** The close form's final.<area>.rating / final.<area>.findings fields as the final assessment. */
function finalOf(fields: Record<string, string | string[]>) {
  return Object.fromEntries(recoveryAreas.map((a) => [a, { rating: fields[`final.${a}.rating`] ?? '', findings: fields[`final.${a}.findings`] ?? '' }]));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId) };
  try {
    switch (fields.intent) {
      case 'log':
        logRecoveryProgress(ctx, input);
        return { ok: 'Progress logged for the week.' };
      case 'close':
        closeRecovery(ctx, { ...input, final: finalOf(fields) });
        return { ok: 'Recovery closed with its final assessment.' };
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

const ratingOptions = recoveryRatings.map((r) => ({ value: r, label: recoveryRatingLabels[r] }));
const standingLabels = { met: 'Met', slipped: 'Slipped', upcoming: 'Upcoming' } as const;

export default function RecoveryTurnaround({ loaderData: d, actionData }: Route.ComponentProps) {
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
      <h1>Turnaround {d.started && <RecoveryBadge state={d.state} />}</h1>
      <RecoveryNav projectId={d.project.id} />
      <ActionMessage result={actionData} />
      {!d.started ? (
        <p className="empty">No recovery has been started on this project yet.</p>
      ) : (
        <>
          {!d.turnaround ? (
            <p className="empty">The turnaround is tracked once the sponsor accepts the corrective plan.</p>
          ) : (
            <section aria-labelledby="against">
              <h2 id="against">
                Against the corrective plan: {d.turnaround.met} met, {d.turnaround.slipped} slipped
              </h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Milestone</th>
                    <th scope="col">Planned</th>
                    <th scope="col">Due now</th>
                    <th scope="col">Reached</th>
                    <th scope="col">Standing</th>
                  </tr>
                </thead>
                <tbody>
                  {d.turnaround.rows.map((r) => (
                    <tr key={r.id}>
                      <td>{r.name}</td>
                      <td>{r.planned}</td>
                      <td>{r.current}</td>
                      <td>{r.doneOn ?? '—'}</td>
                      <td>{standingLabels[r.standing]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          <section aria-labelledby="weeks">
            <h2 id="weeks">Weekly progress</h2>
            {d.progress.length === 0 ? (
              <p className="empty">No week logged yet.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Week of</th>
                    <th scope="col">Milestones met</th>
                    <th scope="col">Slipped</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {d.progress.map((p) => (
                    <tr key={p.week}>
                      <td>{p.week}</td>
                      <td>{p.met}</td>
                      <td>{p.slipped}</td>
                      <td>{p.note}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {d.events.includes('LOG_PROGRESS') && (
            <Form method="post" className="card form" noValidate aria-label="Log the week’s progress" onSubmit={() => setLastForm('log')}>
              <h2>Log a week’s progress</h2>
              <input type="hidden" name="intent" value="log" />
              <input type="hidden" name="expectedVersion" value={d.version} />
              <Field label="Week (any day of it; empty: this week)" name="week" type="date" error={errorsFor('log').week} />
              <div className={`field${errorsFor('log').note ? ' has-error' : ''}`}>
                <label htmlFor="note">What moved this week</label>
                <textarea id="note" name="note" rows={2} aria-invalid={errorsFor('log').note ? true : undefined} />
                {errorsFor('log').note && <p className="field-error">{errorsFor('log').note}</p>}
              </div>
              <button type="submit" className="primary" disabled={busy}>
                Log the week
              </button>
            </Form>
          )}
          {d.closing && (
            <section aria-labelledby="final" className="card">
              <h2 id="final">Closed on {d.closing.at.slice(0, 10)}</h2>
              <p>{d.closing.summary}</p>
              <ul>
                {d.areas.map((a) => (
                  <li key={a.key}>
                    {a.label}: {a.final && <RatingBadge rating={a.final.rating} />} {a.final?.findings}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {d.events.includes('CLOSE') && (
            <Form
              method="post"
              className="card form"
              noValidate
              aria-label="Close the recovery"
              onSubmit={(e) => {
                setLastForm('close');
                if (!window.confirm('Close the recovery? A closed recovery cannot be reopened.')) e.preventDefault();
              }}
            >
              <h2>Close with a final assessment</h2>
              <input type="hidden" name="intent" value="close" />
              <input type="hidden" name="expectedVersion" value={d.version} />
              {d.areas.map((a) => {
                const errs = errorsFor('close');
                return (
                  <fieldset key={a.key}>
                    <legend>{a.label}</legend>
                    <div className={`field${errs[`final.${a.key}.rating`] ? ' has-error' : ''}`}>
                      <label htmlFor={`final-${a.key}-rating`}>Final rating of {a.label.toLowerCase()}</label>
                      <select id={`final-${a.key}-rating`} name={`final.${a.key}.rating`} defaultValue="">
                        <option value="">Choose…</option>
                        {ratingOptions.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                      {errs[`final.${a.key}.rating`] && <p className="field-error">{errs[`final.${a.key}.rating`]}</p>}
                    </div>
                    <Field label={`Final findings on ${a.label.toLowerCase()}`} name={`final.${a.key}.findings`} error={errs[`final.${a.key}.findings`]} />
                  </fieldset>
                );
              })}
              <div className={`field${errorsFor('close').summary ? ' has-error' : ''}`}>
                <label htmlFor="close-summary">Outcome of the recovery</label>
                <textarea id="close-summary" name="summary" rows={2} aria-invalid={errorsFor('close').summary ? true : undefined} />
                {errorsFor('close').summary && <p className="field-error">{errorsFor('close').summary}</p>}
              </div>
              <button type="submit" disabled={busy}>
                Close the recovery
              </button>
            </Form>
          )}
        </>
      )}
    </>
  );
}
