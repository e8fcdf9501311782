import { data, Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { Field, isoDateProps } from '~/app/components/Field';
import { GateBadge, RagBadge } from '~/app/components/StatusBadge';
import { StatusRulesTable } from '~/app/components/StatusRulesTable';
import { Timeline } from '~/app/components/Timeline';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectOverview } from '~/db/queries/projects';
import { scheduleAgainst } from '~/workflows/changes/schedule';
import { today as calendarToday } from '~/workflows/clock';
import { completeMilestone } from '~/workflows/commands/complete-milestone';
import { overrideStatus } from '~/workflows/commands/override-status';
import { rescheduleMilestone } from '~/workflows/commands/reschedule-milestone';
import { currentPhase } from '~/workflows/current-phase';
import { mayOnProject, roleLabels } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import { projectHeadline } from '~/workflows/projects/headline';
import { currentOverride, projectStatus } from '~/workflows/status/view';
import type { Route } from './+types/project';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.project.name ?? 'Project'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'project.view'));
  const overview = projectOverview(db, projectId)!;
  const today = calendarToday();
  const phases = overview.phases.map(({ instance: _i, ...p }) => p);
  const current = currentPhase(phases);
  const schedule = scheduleAgainst(db, projectId, null).rows.filter((r) => r.kind === 'milestone');
  // The latest schedule baseline's due dates (issue 14), for those who read change requests and the schedule.
  const baselineDue = new Map(mayOnProject(actor, roles, 'change.view') ? schedule.filter((r) => r.baseline).map((r) => [r.id, r.baseline as string]) : []);
  // Each milestone's latest move: where it was before, and why (a change request's key or the PM's reason).
  const lastMove = new Map(
    schedule.flatMap((r) => {
      const m = r.moves.at(-1);
      return m ? [[r.id, { from: m.from, why: m.key ?? m.reason }] as const] : [];
    }),
  );
  return {
    project: {
      id: overview.id,
      name: overview.name,
      client: overview.client,
      kind: overview.kind,
      startDate: overview.startDate,
      targetGoLive: overview.targetGoLive,
    },
    methodology: { name: overview.methodology.name, description: overview.methodology.description },
    phases,
    current: current ? { id: current.id, name: current.name, state: current.state } : null,
    /** The rules over live signals (issue 14), for those who read the project's governance. */
    rag: mayOnProject(actor, roles, 'change.view') ? { ...projectStatus(db, projectId, today), override: currentOverride(db, projectId) } : null,
    milestones: overview.milestones.map((m) => ({
      ...m,
      phase: phases.find((p) => p.id === m.phaseId)?.name ?? '',
      baseline: baselineDue.get(m.id) ?? null,
      moved: lastMove.get(m.id) ?? null,
    })),
    // Vendor representatives see who is on the project but not their contact details.
    members: overview.members.map((m) => ({ ...m, email: roles.includes('vendor') && !roles.includes('pm') ? '' : m.email })),
    today,
    figures: projectHeadline(db, actor, roles, projectId, overview.milestones, today),
    may: {
      milestones: mayOnProject(actor, roles, 'project.manageMilestones'),
      override: mayOnProject(actor, roles, 'status.override'),
    },
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const fields = formObject(await request.formData());
  try {
    switch (fields.intent) {
      case 'completeMilestone':
        completeMilestone({ db: getDb(), actor }, { ...fields, projectId });
        return { ok: true as const };
      case 'rescheduleMilestone': {
        const { days } = rescheduleMilestone({ db: getDb(), actor }, { ...fields, projectId });
        return { ok: true as const, intent: 'rescheduleMilestone', moved: `Moved ${days > 0 ? 'later' : 'earlier'} by ${Math.abs(days)} day(s).` };
      }
      case 'overrideStatus':
        overrideStatus({ db: getDb(), actor }, { ...fields, projectId });
        return { ok: true as const, intent: 'overrideStatus' };
      default:
        throw data('Unknown action.', { status: 400 });
    }
  } catch (error) {
    return failure(error);
  }
}

export default function Project({ loaderData, actionData }: Route.ComponentProps) {
  const { project, methodology, phases, current, rag, milestones, members, today, may, figures } = loaderData;
  const overrideErrors = fieldErrorsOf(actionData);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects')}>Projects</Link> /
      </p>
      <div className="page-head">
        <h1>{project.name}</h1>
      </div>
      <p className="muted">
        {project.client} · {project.kind} · {methodology.name} · {project.startDate} to {project.targetGoLive}
      </p>
      <section aria-label="Headline figures" className="figures">
        {figures.map((f) => (
          <div key={f.label} className="figure">
            <Link to={f.to} className="figure-value">
              {f.value}
            </Link>
            <span className="figure-label">{f.label}</span>
            {f.parts.length > 0 && (
              <span className="figure-parts">
                {f.parts.map((p, i) => (
                  <span key={p.label}>
                    {i > 0 && ' · '}
                    <Link to={p.to}>
                      {p.value} {p.label}
                    </Link>
                  </span>
                ))}
              </span>
            )}
          </div>
        ))}
      </section>
      {rag && (
        <section className="card" aria-labelledby="status">
          <h2 id="status">
            Status <RagBadge colour={rag.colour} />
            {rag.override && (
              <>
                {' '}
                · the PM says <RagBadge colour={rag.override.colour ?? ''} />
              </>
            )}
          </h2>
          {rag.override && (
            <p className="notice">
              The project manager set {rag.override.colour} on {rag.override.setAt.slice(0, 10)} (computed then: {rag.override.computedColour}):{' '}
              {rag.override.reason}
            </p>
          )}
          {rag.reasons.length > 0 ? (
            <ul>
              {rag.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : (
            <p>Every status rule is green.</p>
          )}
          <p className="hint">
            Computed from live data: each rule’s figure is amber or red from the thresholds an administrator sets for the methodology (0: off), and the worst
            rule gives the colour.
          </p>
          <details>
            <summary>Every rule with its figure</summary>
            <StatusRulesTable rules={rag.rules} caption="Status rules and their figures" />
          </details>
          {may.override && (
            <details className="card" open={!!actionData && 'fieldErrors' in actionData}>
              <summary>{rag.override ? 'Change or clear the colour you set' : 'Set a different colour, with the reason'}</summary>
              <Form method="post" className="form" noValidate aria-label="Set the project's colour">
                <input type="hidden" name="intent" value="overrideStatus" />
                <div className={`field${overrideErrors.colour ? ' has-error' : ''}`}>
                  <label htmlFor="override-colour">Colour</label>
                  <select id="override-colour" name="colour" defaultValue="" aria-invalid={overrideErrors.colour ? true : undefined}>
                    <option value="">None: use the computed colour</option>
                    <option value="green">green</option>
                    <option value="amber">amber</option>
                    <option value="red">red</option>
                  </select>
                  {overrideErrors.colour && <p className="field-error">{overrideErrors.colour}</p>}
                </div>
                <Field label="Why" name="reason" error={overrideErrors.reason} />
                <button type="submit">Save the colour</button>
              </Form>
            </details>
          )}
        </section>
      )}
      {current && (
        <section className="card" aria-labelledby="gate">
          <h2 id="gate">Current gate</h2>
          <p>
            <Link to={href('/projects/:projectId/phases/:phaseId', { projectId: String(project.id), phaseId: String(current.id) })}>{current.name} gate</Link>{' '}
            <GateBadge state={current.state} />
          </p>
        </section>
      )}
      <section aria-labelledby="phases">
        <h2 id="phases">Phases</h2>
        <Timeline phases={phases} today={today} targetDate={project.targetGoLive} milestones={milestones} />
        <ul className="phase-links">
          {phases.map((p) => (
            <li key={p.id}>
              <Link to={href('/projects/:projectId/phases/:phaseId', { projectId: String(project.id), phaseId: String(p.id) })}>{p.name}</Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="milestones">
        <h2 id="milestones">Milestones</h2>
        {actionData && 'error' in actionData && (
          <p className="form-error" role="alert">
            {actionData.error}
          </p>
        )}
        {actionData && 'moved' in actionData && (
          <p className="notice" role="status">
            {actionData.moved}
          </p>
        )}
        {milestones.length === 0 ? (
          <p className="empty">No milestones.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Milestone</th>
                <th scope="col">Phase</th>
                <th scope="col">Due</th>
                <th scope="col">Reached</th>
                {may.milestones && <th scope="col">Reschedule</th>}
              </tr>
            </thead>
            <tbody>
              {milestones.map((m) => (
                <tr key={m.id} className={!m.doneOn && m.dueDate < today ? 'overdue' : undefined}>
                  <td>{m.name}</td>
                  <td>{m.phase}</td>
                  <td>
                    {m.dueDate}
                    {!m.doneOn && m.dueDate < today && <span className="badge health-late">overdue</span>}
                    {m.moved && (
                      <span className="muted">
                        <br />
                        moved from {m.moved.from}
                        {m.moved.why ? ` (${m.moved.why})` : ''}
                      </span>
                    )}
                  </td>
                  <td>
                    {m.doneOn ??
                      (may.milestones ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="completeMilestone" />
                          <input type="hidden" name="milestoneId" value={m.id} />
                          <button type="submit" className="small">
                            Mark reached today
                          </button>
                        </Form>
                      ) : (
                        '—'
                      ))}
                  </td>
                  {may.milestones && (
                    <td>
                      {m.doneOn ? (
                        '—'
                      ) : (
                        <details className="row-action">
                          <summary>Move…</summary>
                          <Form method="post" className="form compact">
                            <input type="hidden" name="intent" value="rescheduleMilestone" />
                            <input type="hidden" name="milestoneId" value={m.id} />
                            <label>
                              New due date
                              <input {...isoDateProps} name="dueDate" defaultValue={m.dueDate} required />
                            </label>
                            <label>
                              Reason (required when later)
                              <input type="text" name="reason" maxLength={500} />
                            </label>
                            <button type="submit" className="small">
                              Move
                            </button>
                          </Form>
                        </details>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="members">
        <h2 id="members">Members</h2>
        <ul className="members">
          {members.map((m) => (
            <li key={m.id}>
              <strong>{m.name}</strong> · {roleLabels[m.role]}
              {m.vendorFirm ? ` (${m.vendorFirm})` : ''} <span className="muted">{m.title}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
