import { useState } from 'react';
import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { RatingBadge, RecoveryBadge, RecoveryNav } from '~/app/components/Recovery';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { presentRecovery } from '~/workflows/commands/present-recovery';
import { rateRecoveryArea } from '~/workflows/commands/rate-recovery-area';
import { startRecovery } from '~/workflows/commands/start-recovery';
import { summariseRecovery } from '~/workflows/commands/summarise-recovery';
import { recoveryRatingLabels, recoveryRatings } from '~/workflows/machines/recovery';
import { recoveryPage } from '~/workflows/recovery/view';
import type { Route } from './+types/recovery';

export const meta: Route.MetaFunction = () => [{ title: 'Recovery assessment · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => recoveryPage(getDb(), actor, idParam(params.projectId), today()));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId) };
  try {
    switch (fields.intent) {
      case 'start':
        startRecovery(ctx, input);
        return { ok: 'Recovery started: rate each area with your findings.' };
      case 'rate':
        rateRecoveryArea(ctx, input);
        return { ok: 'Rating recorded.', area: fields.area };
      case 'summarise':
        summariseRecovery(ctx, input);
        return { ok: 'Accomplishments and causes recorded.' };
      case 'present':
        presentRecovery(ctx, input);
        return { ok: 'Assessment presented to leadership: write the corrective plan next.' };
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

const ratingOptions = recoveryRatings.map((r) => ({ value: r, label: recoveryRatingLabels[r] }));

export default function Recovery({ loaderData: d, actionData }: Route.ComponentProps) {
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  // Several rating forms share the page: a refusal's field errors belong to the one last sent.
  const [lastForm, setLastForm] = useState<string | null>(null);
  const errorsFor = (form: string) => (lastForm === form ? errors : {});
  const projectId = String(d.project.id);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /
      </p>
      <h1>Recovery assessment {d.started && <RecoveryBadge state={d.state} />}</h1>
      <RecoveryNav projectId={d.project.id} />
      <ActionMessage result={actionData} />
      {!d.started ? (
        <>
          <p className="empty">No recovery has been started on this project yet.</p>
          {d.mayStart &&
            (d.sponsors.length === 0 ? (
              <p className="hint">Add a stakeholder to the project first: the sponsor accepts the corrective plan.</p>
            ) : (
              <Form method="post" className="card form" noValidate aria-label="Start the recovery" onSubmit={() => setLastForm('start')}>
                <h2>Start the recovery</h2>
                <input type="hidden" name="intent" value="start" />
                <div className={`field${errorsFor('start').sponsorId ? ' has-error' : ''}`}>
                  <label htmlFor="sponsorId">Sponsor (accepts the corrective plan)</label>
                  <select id="sponsorId" name="sponsorId" defaultValue="">
                    <option value="">Choose…</option>
                    {d.sponsors.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                  {errorsFor('start').sponsorId && <p className="field-error">{errorsFor('start').sponsorId}</p>}
                </div>
                <button type="submit" className="primary" disabled={busy}>
                  Start the recovery
                </button>
              </Form>
            ))}
        </>
      ) : (
        <>
          <p className="muted">
            {d.pm} leads the recovery; {d.sponsor} is the sponsor and accepts the corrective plan.
          </p>
          <section aria-labelledby="areas">
            <h2 id="areas">Areas</h2>
            {d.areas.map((a) => {
              const formKey = `rate-${a.key}`;
              const errs = errorsFor(formKey);
              return (
                <section key={a.key} className="card" aria-labelledby={`area-${a.key}`}>
                  <h3 id={`area-${a.key}`}>
                    {a.label} {a.initial ? <RatingBadge rating={a.initial.rating} /> : <span className="badge">Not rated</span>}
                  </h3>
                  {a.initial ? <p>{a.initial.findings}</p> : <p className="empty">Not rated yet.</p>}
                  {a.final && (
                    <p>
                      Final assessment: <RatingBadge rating={a.final.rating} /> {a.final.findings}
                    </p>
                  )}
                  <h4>Evidence from the portal</h4>
                  {a.evidence.length === 0 ? (
                    <p className="muted">The portal holds no data for this area: the findings are the evidence.</p>
                  ) : (
                    <ul>
                      {a.evidence.map((f) => (
                        <li key={f.label}>
                          {f.label}: <strong>{f.figure}</strong>
                          {f.items.length > 0 && (
                            <ul>
                              {f.items.slice(0, 10).map((item) => (
                                <li key={item.text}>{item.to ? <Link to={item.to}>{item.text}</Link> : item.text}</li>
                              ))}
                              {f.items.length > 10 && <li>and {f.items.length - 10} more</li>}
                            </ul>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                  {d.events.includes('RATE') && (
                    <Form method="post" className="form" noValidate aria-label={`Rate ${a.label}`} onSubmit={() => setLastForm(formKey)}>
                      <input type="hidden" name="intent" value="rate" />
                      <input type="hidden" name="area" value={a.key} />
                      <input type="hidden" name="expectedVersion" value={d.version} />
                      <div className={`field${errs.rating ? ' has-error' : ''}`}>
                        <label htmlFor={`rating-${a.key}`}>Rating of {a.label.toLowerCase()}</label>
                        <select id={`rating-${a.key}`} name="rating" defaultValue={a.initial?.rating ?? ''}>
                          <option value="">Choose…</option>
                          {ratingOptions.map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                        {errs.rating && <p className="field-error">{errs.rating}</p>}
                      </div>
                      <div className={`field${errs.findings ? ' has-error' : ''}`}>
                        <label htmlFor={`findings-${a.key}`}>Findings on {a.label.toLowerCase()}</label>
                        <textarea
                          id={`findings-${a.key}`}
                          name="findings"
                          rows={2}
                          defaultValue={a.initial?.findings}
                          aria-invalid={errs.findings ? true : undefined}
                        />
                        {errs.findings && <p className="field-error">{errs.findings}</p>}
                      </div>
                      <button type="submit" disabled={busy}>
                        {a.initial ? 'Rate again' : 'Rate'}
                      </button>
                    </Form>
                  )}
                </section>
              );
            })}
          </section>

          <section aria-labelledby="summary" className="card">
            <h2 id="summary">Accomplishments to date and causes</h2>
            <div className="columns">
              <div>
                <h3>Accomplishments to date</h3>
                {d.accomplishments.length === 0 ? (
                  <p className="empty">None listed yet.</p>
                ) : (
                  <ul>
                    {d.accomplishments.map((x) => (
                      <li key={x}>{x}</li>
                    ))}
                  </ul>
                )}
              </div>
              <div>
                <h3>Causes</h3>
                {d.causes.length === 0 ? (
                  <p className="empty">None listed yet.</p>
                ) : (
                  <ul>
                    {d.causes.map((x) => (
                      <li key={x}>{x}</li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
            {d.events.includes('SUMMARISE') && (
              <Form method="post" className="form" noValidate aria-label="Accomplishments and causes" onSubmit={() => setLastForm('summarise')}>
                <input type="hidden" name="intent" value="summarise" />
                <input type="hidden" name="expectedVersion" value={d.version} />
                {(
                  [
                    ['accomplishments', 'Accomplishments to date (one per line)', d.accomplishments],
                    ['causes', 'Causes of the trouble (one per line)', d.causes],
                  ] as const
                ).map(([name, label, current]) => (
                  <div key={name} className={`field${errorsFor('summarise')[name] ? ' has-error' : ''}`}>
                    <label htmlFor={name}>{label}</label>
                    <textarea id={name} name={name} rows={3} defaultValue={current.join('\n')} aria-invalid={errorsFor('summarise')[name] ? true : undefined} />
                    {errorsFor('summarise')[name] && <p className="field-error">{errorsFor('summarise')[name]}</p>}
                  </div>
                ))}
                <button type="submit" disabled={busy}>
                  Record them
                </button>
              </Form>
            )}
          </section>

          {d.events.includes('PRESENT') && (
            <Form
              method="post"
              className="card form inline-form"
              onSubmit={(e) => {
                if (!window.confirm('Present the assessment to leadership? The ratings are then fixed until the recovery closes.')) e.preventDefault();
              }}
            >
              {d.notPresentable && <p className="hint">{d.notPresentable}</p>}
              <input type="hidden" name="intent" value="present" />
              <input type="hidden" name="expectedVersion" value={d.version} />
              <button type="submit" className="primary" disabled={busy || d.notPresentable !== null}>
                Present to leadership
              </button>
            </Form>
          )}
          {d.presented && <p className="notice">Presented to leadership on {d.presented.at.slice(0, 10)}.</p>}

          <section aria-labelledby="history">
            <h2 id="history">History</h2>
            {d.history.length === 0 ? (
              <p className="empty">Started; nothing has happened to it since.</p>
            ) : (
              <ol>
                {d.history.map((h) => (
                  <li key={h.id}>
                    {h.at.slice(0, 16).replace('T', ' ')}: {h.actor} {h.did} ({h.to})
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </>
  );
}
