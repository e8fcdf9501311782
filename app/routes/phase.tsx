import { data, Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { Folded } from '~/app/components/Folded';
import { GateBadge } from '~/app/components/StatusBadge';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { instanceHistory, phaseDetail, projectMemberList } from '~/db/queries/projects';
import { approveGate } from '~/workflows/commands/approve-gate';
import { rejectGate } from '~/workflows/commands/reject-gate';
import { replanPhase } from '~/workflows/commands/replan-phase';
import { requestGateReview } from '~/workflows/commands/request-gate-review';
import { evaluateEvidence, unmetOf } from '~/workflows/gates/evidence';
import { gateFingerprint } from '~/workflows/gates/fingerprint';
import { evidenceShownTo, gateActionsFor } from '~/workflows/gates/view';
import { type GateState, gateEventLabels, gateStateLabels, phaseGate, signatureMeaning } from '~/workflows/machines/phase-gate';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import { contextOf } from '~/workflows/runtime';
import type { Route } from './+types/phase';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.phase.name ?? 'Phase'} gate · SPM Portal` }];

function loadPhase(projectIdParam: string | undefined, phaseIdParam: string | undefined) {
  const projectId = idParam(projectIdParam);
  const detail = phaseDetail(getDb(), idParam(phaseIdParam));
  if (!detail || detail.phase.projectId !== projectId) throw data('No such phase in this project.', { status: 404 });
  return detail;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const detail = loadPhase(params.projectId, params.phaseId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, detail.phase.projectId, 'project.view'));
  const { instance, ...phase } = detail.phase;
  const context = contextOf(phaseGate, instance);
  const members = projectMemberList(db, project.id);
  const nameOf = (id: number | null) => members.find((m) => m.userId === id)?.name ?? `person ${id}`;
  const evidence = evaluateEvidence(db, project.id, phase, context.checklist);
  return {
    project: { id: project.id, name: project.name },
    phase: {
      id: phase.id,
      name: phase.name,
      state: phase.state,
      plannedStart: phase.plannedStart,
      plannedEnd: phase.plannedEnd,
      actualStart: phase.actualStart,
      actualEnd: phase.actualEnd,
    },
    version: instance.version,
    /** What an approval names: this review round as shown here (checklist, requester, approvers). */
    fingerprint: gateFingerprint(context),
    checklist: context.checklist,
    requestedBy: context.requestedBy ? nameOf(context.requestedBy) : null,
    approvers: context.approvers.map((id) => ({
      name: nameOf(id),
      approval: context.approvals.find((a) => a.userId === id) ?? null,
    })),
    rejection: context.rejection ? { ...context.rejection, by: nameOf(context.rejection.by) } : null,
    meaning: signatureMeaning(context),
    stakeholders: members.filter((m) => m.role === 'stakeholder' && m.userId !== actor.id).map((m) => ({ id: m.userId, name: m.name, title: m.title })),
    evidence: evidenceShownTo(evidence, actor, roles),
    may: gateActionsFor(instance, actor, roles, unmetOf(evidence)),
    /** The PM re-plans a phase's dates until it closes. */
    mayReplan: !phase.actualEnd && mayOnProject(actor, roles, 'project.manageMilestones'),
    history: instanceHistory(db, instance.id).map((e) => ({
      ...e,
      // what happened and the states, in words (the codes are the machine's, not the reader's)
      type: gateEventLabels[e.type as keyof typeof gateEventLabels] ?? e.type,
      fromState: gateStateLabels[e.fromState as GateState] ?? e.fromState,
      toState: gateStateLabels[e.toState as GateState] ?? e.toState,
      payload: undefined,
      reason: typeof e.payload.reason === 'string' ? e.payload.reason : null,
      meaning: typeof e.payload.meaning === 'string' ? e.payload.meaning : null,
    })),
    signatures: detail.signatures,
    milestones: detail.milestones,
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const detail = loadPhase(params.projectId, params.phaseId);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const phaseId = detail.phase.id;
  try {
    switch (fields.intent) {
      case 'requestReview': {
        const checklist = contextOf(phaseGate, detail.phase.instance).checklist.map((c) => ({
          key: c.key,
          checked: fields[`check.${c.key}`] ?? '',
          note: String(fields[`note.${c.key}`] ?? ''),
        }));
        requestGateReview(ctx, { ...fields, phaseId, checklist });
        return { ok: 'Gate review requested. The approvers see it in their work list.' };
      }
      case 'approve':
        await approveGate(ctx, { ...fields, phaseId });
        return { ok: 'Your signature is recorded.' };
      case 'reject':
        rejectGate(ctx, { ...fields, phaseId });
        return { ok: 'The phase was sent back to the project manager with your reason.' };
      case 'replan': {
        const { startDays, endDays } = replanPhase(ctx, { ...fields, phaseId, projectId: detail.phase.projectId });
        const shift = (days: number) => (days === 0 ? 'unchanged' : `${days > 0 ? 'later' : 'earlier'} by ${Math.abs(days)} day(s)`);
        return { ok: `Planned dates changed: start ${shift(startDays)}, end ${shift(endDays)}.` };
      }
      default:
        throw data('Unknown action.', { status: 400 });
    }
  } catch (error) {
    return failure(error);
  }
}

export default function Phase({ loaderData, actionData }: Route.ComponentProps) {
  const d = loaderData;
  const busy = useNavigation().state === 'submitting';
  const errors = fieldErrorsOf(actionData);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects')}>Projects</Link> / <Link to={href('/projects/:projectId', { projectId: String(d.project.id) })}>{d.project.name}</Link> /
      </p>
      <h1>
        {d.phase.name} gate <GateBadge state={d.phase.state} />
      </h1>
      <p className="muted">
        Planned {d.phase.plannedStart} → {d.phase.plannedEnd}
        {d.phase.actualStart && ` · started ${d.phase.actualStart}`}
        {d.phase.actualEnd && ` · closed ${d.phase.actualEnd}`}
      </p>
      <ActionMessage result={actionData} />
      {d.mayReplan && (
        <Folded summary="Change the planned dates…" refused={!!(errors.plannedStart || errors.plannedEnd || errors.reason)}>
          {/* keyed by the dates shown, so the form shows the new plan once it is saved */}
          <Form method="post" className="card form" noValidate key={`${d.phase.plannedStart}/${d.phase.plannedEnd}`}>
            <input type="hidden" name="intent" value="replan" />
            <input type="hidden" name="shownStart" value={d.phase.plannedStart} />
            <input type="hidden" name="shownEnd" value={d.phase.plannedEnd} />
            <div className="inline-form">
              <Field label="Planned start" name="plannedStart" type="date" defaultValue={d.phase.plannedStart} error={errors.plannedStart} />
              <Field label="Planned end" name="plannedEnd" type="date" defaultValue={d.phase.plannedEnd} error={errors.plannedEnd} />
            </div>
            <Field label="Reason" name="reason" error={errors.reason} hint="Needed when a date moves later: the slip is read against the schedule baseline." />
            <button type="submit" disabled={busy}>
              Save the planned dates
            </button>
          </Form>
        </Folded>
      )}
      {d.rejection && d.phase.state === 'sentBack' && (
        <section className="card warning" aria-labelledby="sentback">
          <h2 id="sentback">Sent back by {d.rejection.by}</h2>
          <p>“{d.rejection.reason}”</p>
        </section>
      )}

      {/* what the data says comes first: a review cannot be asked for while a computed criterion is unmet */}
      {d.evidence.length > 0 && (
        <section className="card" aria-labelledby="evidence">
          <h2 id="evidence">Computed criteria</h2>
          <p className="hint">
            {d.phase.state === 'approved'
              ? `Evaluated from the project’s data today; they were met when the gate was approved on ${d.phase.actualEnd}.`
              : 'Evaluated from the project’s data now; the gate cannot be reviewed or approved while one is unmet.'}
          </p>
          <ul className="evidence">
            {d.evidence.map((e) => (
              <li key={e.key}>
                <span className={`badge ${e.met ? 'health-on-track' : 'health-late'}`}>{e.met ? 'met' : 'not met'}</span> <strong>{e.label}</strong>
                <p className="hint">Rule: {e.rule}</p>
                {e.withheld && (
                  <p className="hint">
                    {e.missingCount} missing. {e.withheld}
                  </p>
                )}
                {e.missing.length > 0 && (
                  <details open={e.missing.length <= 10}>
                    <summary>{e.missing.length} missing</summary>
                    <ul>
                      {e.missing.map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="criteria">
        <h2 id="criteria">Gate criteria</h2>
        {d.may.requestReview ? (
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="requestReview" />
            <input type="hidden" name="expectedVersion" value={d.version} />
            <fieldset>
              <legend>Checklist: confirm each criterion is met</legend>
              {d.checklist
                .filter((c) => !c.evidence)
                .map((c) => (
                  <div key={c.key} className="check-row">
                    <label className="checkbox">
                      <input type="checkbox" name={`check.${c.key}`} defaultChecked={c.checked} /> {c.label}
                    </label>
                    <label className="note">
                      <span className="visually-hidden">Evidence or note for “{c.label}”</span>
                      <input type="text" name={`note.${c.key}`} defaultValue={c.note} placeholder="Evidence or note (optional)" />
                    </label>
                  </div>
                ))}
            </fieldset>
            <fieldset aria-describedby={errors.approverIds ? 'approvers-error' : undefined}>
              <legend>Approvers (stakeholders of this project)</legend>
              {d.stakeholders.length === 0 && <p className="empty">This project has no stakeholders yet: add them on the Members page.</p>}
              {d.stakeholders.map((s) => (
                <label key={s.id} className="checkbox">
                  <input type="checkbox" name="approverIds" value={s.id} /> {s.name} <span className="muted">{s.title}</span>
                </label>
              ))}
              {errors.approverIds && (
                <p id="approvers-error" className="field-error">
                  {errors.approverIds}
                </p>
              )}
            </fieldset>
            <button type="submit" className="primary" disabled={busy}>
              Request gate review
            </button>
          </Form>
        ) : (
          <ul className="checklist">
            {d.checklist
              .filter((c) => !c.evidence)
              .map((c) => (
                <li key={c.key}>
                  <span aria-hidden="true">{c.checked ? '☑' : '☐'}</span> {c.label}
                  <span className="visually-hidden">{c.checked ? ' (checked)' : ' (not checked)'}</span>
                  {c.note && <span className="muted"> — {c.note}</span>}
                </li>
              ))}
          </ul>
        )}
      </section>

      {d.approvers.length > 0 && (
        <section className="card" aria-labelledby="approvals">
          <h2 id="approvals">Approvals{d.requestedBy && <span className="muted"> (review requested by {d.requestedBy})</span>}</h2>
          <ul>
            {d.approvers.map((a) => (
              <li key={a.name}>
                {a.name}: {a.approval ? `signed ${a.approval.at.slice(0, 16).replace('T', ' ')} — “${a.approval.meaning}”` : 'waiting'}
              </li>
            ))}
          </ul>
        </section>
      )}

      {d.may.approve && (
        <section className="card" aria-labelledby="sign">
          <h2 id="sign">Approve this gate</h2>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="approve" />
            <input type="hidden" name="expectedVersion" value={d.version} />
            <input type="hidden" name="fingerprint" value={d.fingerprint} />
            <label className="checkbox">
              <input type="checkbox" name="meaning" value={d.meaning} required /> {d.meaning}
            </label>
            {errors.meaning && <p className="field-error">{errors.meaning}</p>}
            <Field
              label="Your password (to sign)"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              error={errors.password}
              hint="Your signature is recorded with its meaning, your name and the time."
            />
            <button type="submit" className="primary" disabled={busy}>
              Sign and approve
            </button>
          </Form>
        </section>
      )}
      {d.may.reject && (
        <section className="card" aria-labelledby="reject">
          <h2 id="reject">Send back</h2>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="reject" />
            <input type="hidden" name="expectedVersion" value={d.version} />
            <div className={`field${errors.reason ? ' has-error' : ''}`}>
              <label htmlFor="reason">What has to change before this gate can pass?</label>
              <textarea id="reason" name="reason" rows={3} required aria-invalid={errors.reason ? true : undefined} />
              {errors.reason && <p className="field-error">{errors.reason}</p>}
            </div>
            <button type="submit" disabled={busy}>
              Send back to the project manager
            </button>
          </Form>
        </section>
      )}

      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        <ol className="history">
          {d.history.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{e.at.slice(0, 16).replace('T', ' ')}</time> · {e.actor ?? 'system'} · {e.type} ({e.fromState} → {e.toState})
              {e.meaning && <> · “{e.meaning}”</>}
              {e.reason && <> · “{e.reason}”</>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
