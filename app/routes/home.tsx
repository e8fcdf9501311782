import { data, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { LateList, WaitingOnOthers } from '~/app/components/MyWorkLists';
import { GateBadge, RagBadge } from '~/app/components/StatusBadge';
import { failure, formObject } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { listProjects } from '~/db/queries/projects';
import { today as calendarToday, nowOf } from '~/workflows/clock';
import { remindWaitedOn } from '~/workflows/commands/remind-waited-on';
import { currentPhase } from '~/workflows/current-phase';
import { money } from '~/workflows/format/money';
import { myWork } from '~/workflows/my-work';
import { listedStatuses } from '~/workflows/status/view';
import type { Route } from './+types/home';

export const meta: Route.MetaFunction = () => [{ title: 'My work · SPM Portal' }];

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const today = calendarToday();
  const listed = listProjects(db, actor);
  const statuses = listedStatuses(db, actor, listed, today);
  const projects = listed.map((p) => ({
    id: p.id,
    name: p.name,
    client: p.client,
    phase: currentPhase(p.phases)?.name ?? '',
    gate: currentPhase(p.phases)?.state ?? '',
    colour: statuses.get(p.id)?.colour ?? null,
    why: statuses.get(p.id)?.reasons.join(' ') ?? '',
  }));
  const { late, waitingOnOthers, gates, requirements, plans, changes, optimization, selections, recovery, testing, vendors } = myWork(db, actor, today);
  return {
    name: actor.name,
    now: nowOf().toISOString(),
    late,
    waitingOnOthers,
    work: gates,
    requirements,
    plans,
    changes,
    optimization,
    selections,
    recovery,
    testing,
    vendors,
    projects,
  };
}

/** `intent=remind` with a waiting row's kind and id: notifies the people it waits on (only for who waits, once a day). */
export async function action({ request }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  try {
    if (fields.intent !== 'remind') throw data('Unknown action.', { status: 400 });
    const { notified } = remindWaitedOn({ db: getDb(), actor }, fields);
    return { ok: `Reminded ${notified.join(', ')}.` };
  } catch (error) {
    return failure(error);
  }
}

export default function Home({ loaderData, actionData }: Route.ComponentProps) {
  const { now, late, waitingOnOthers, work, projects, requirements, plans, changes, optimization, selections, recovery, testing, vendors } = loaderData;
  const busy = useNavigation().state !== 'idle';
  const nothing =
    work.gatesToDecide.length +
      work.gatesSentBack.length +
      requirements.toSign.length +
      requirements.sentBack.length +
      plans.toSign.length +
      plans.rejected.length +
      changes.toDecide.length +
      recovery.toAccept.length +
      selections.toScore.length +
      selections.toDecide.length +
      optimization.baselinesToSign.length +
      optimization.reviewsToSign.length +
      testing.assigned.length +
      testing.openDefects.length +
      testing.reports.length +
      vendors.toSubmit.length +
      vendors.defectsToFix.length +
      vendors.toReview.length +
      vendors.releasable.length ===
    0;
  return (
    <>
      <h1>My work</h1>
      <ActionMessage result={actionData} />
      <section aria-labelledby="waiting">
        <h2 id="waiting">Waiting on you</h2>
        {nothing && late.length === 0 && <p className="empty">Nothing waits on you right now.</p>}
        {nothing && late.length > 0 && (
          <p className="empty">
            No signature or review waits on you, but {late.length} item{late.length === 1 ? ' is' : 's are'} late on your projects: see{' '}
            <a href="#late">Late on your projects</a>.
          </p>
        )}
        {work.gatesToDecide.length > 0 && (
          <ul className="worklist">
            {work.gatesToDecide.map((g) => (
              <li key={g.phaseId}>
                <Link to={href('/projects/:projectId/phases/:phaseId', { projectId: String(g.projectId), phaseId: String(g.phaseId) })}>
                  Approve the {g.phase} gate · {g.project}
                </Link>{' '}
                <GateBadge state={g.state} />
              </li>
            ))}
          </ul>
        )}
        {work.gatesSentBack.length > 0 && (
          <ul className="worklist">
            {work.gatesSentBack.map((g) => (
              <li key={g.phaseId}>
                <Link to={href('/projects/:projectId/phases/:phaseId', { projectId: String(g.projectId), phaseId: String(g.phaseId) })}>
                  {g.phase} gate sent back · {g.project}
                </Link>{' '}
                <span className="muted">“{g.reason}”</span>
              </li>
            ))}
          </ul>
        )}
        {requirements.toSign.length > 0 && (
          <>
            <h3>Requirements to sign</h3>
            <ul className="worklist">
              {requirements.toSign.map((r) => (
                <li key={r.id}>
                  <Link to={href('/projects/:projectId/requirements/:requirementId', { projectId: String(r.projectId), requirementId: String(r.id) })}>
                    Sign {r.key} · {r.title}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
        {requirements.sentBack.length > 0 && (
          <>
            <h3>Requirements sent back to you</h3>
            <ul className="worklist">
              {requirements.sentBack.map((r) => (
                <li key={r.id}>
                  <Link to={href('/projects/:projectId/requirements/:requirementId', { projectId: String(r.projectId), requirementId: String(r.id) })}>
                    {r.key} · {r.title}
                  </Link>{' '}
                  <span className="muted">“{r.comment}”</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {changes.toDecide.length > 0 && (
          <>
            <h3>Change requests to decide</h3>
            <ul className="worklist">
              {changes.toDecide.map((c) => (
                <li key={c.id}>
                  <Link to={href('/projects/:projectId/changes/:changeId', { projectId: String(c.projectId), changeId: String(c.id) })}>
                    Decide {c.key} · {c.title}
                  </Link>{' '}
                  <span className="muted">{c.project}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {optimization.baselinesToSign.length + optimization.reviewsToSign.length > 0 && (
          <>
            <h3>Optimization baselines and reviews to sign</h3>
            <ul className="worklist">
              {optimization.baselinesToSign.map((b) => (
                <li key={`b${b.instanceId}`}>
                  <Link to={href('/projects/:projectId/optimization/baseline', { projectId: String(b.projectId) })}>Sign the KPI baseline</Link>{' '}
                  <span className="muted">{b.project}</span>
                </li>
              ))}
              {optimization.reviewsToSign.map((r) => (
                <li key={`r${r.instanceId}`}>
                  <Link to={href('/projects/:projectId/optimization/reviews/:number', { projectId: String(r.projectId), number: String(r.number) })}>
                    Sign review {r.number}
                  </Link>{' '}
                  <span className="muted">{r.project}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {selections.toScore.length + selections.toDecide.length > 0 && (
          <>
            <h3>Platform selections</h3>
            <ul className="worklist">
              {selections.toScore.map((x) => (
                <li key={`s${x.id}`}>
                  <Link to={href('/projects/:projectId/selections/:selectionId/scores', { projectId: String(x.projectId), selectionId: String(x.id) })}>
                    Score {x.key} · {x.title}
                  </Link>{' '}
                  <span className="muted">{x.project}</span>
                </li>
              ))}
              {selections.toDecide.map((x) => (
                <li key={`d${x.id}`}>
                  <Link to={href('/projects/:projectId/selections/:selectionId/results', { projectId: String(x.projectId), selectionId: String(x.id) })}>
                    Decide {x.key} · {x.title}
                  </Link>{' '}
                  <span className="muted">{x.project}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {recovery.toAccept.length > 0 && (
          <>
            <h3>Corrective plans to accept</h3>
            <ul className="worklist">
              {recovery.toAccept.map((r) => (
                <li key={r.instanceId}>
                  <Link to={href('/projects/:projectId/recovery/plan', { projectId: String(r.projectId) })}>
                    Accept the corrective plan (revision {r.revision})
                  </Link>{' '}
                  <span className="muted">{r.project}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {plans.toSign.length > 0 && (
          <>
            <h3>Plan versions to approve</h3>
            <ul className="worklist">
              {plans.toSign.map((v) => (
                <li key={`${v.planId}-${v.number}`}>
                  <Link
                    to={href('/projects/:projectId/plans/:planId/versions/:number', {
                      projectId: String(v.projectId),
                      planId: String(v.planId),
                      number: String(v.number),
                    })}
                  >
                    Approve {v.planKey} version {v.number} · {v.project}
                  </Link>{' '}
                  <span className="muted">
                    (group {v.group}, as “{v.meaning}”)
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
        {plans.rejected.length > 0 && (
          <>
            <h3>Plan versions rejected back to you</h3>
            <ul className="worklist">
              {plans.rejected.map((v) => (
                <li key={`${v.planId}-${v.number}`}>
                  <Link
                    to={href('/projects/:projectId/plans/:planId/versions/:number', {
                      projectId: String(v.projectId),
                      planId: String(v.planId),
                      number: String(v.number),
                    })}
                  >
                    {v.planKey} version {v.number} · {v.project}
                  </Link>{' '}
                  <span className="muted">“{v.reason}”</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {testing.assigned.length > 0 && (
          <>
            <h3>Test cases assigned to you</h3>
            <ul className="worklist">
              {testing.assigned.map((c) => (
                <li key={c.id}>
                  <Link to={href('/projects/:projectId/testing/cases/:caseId', { projectId: String(c.projectId), caseId: String(c.id) })}>
                    Run {c.key} · {c.title}
                  </Link>{' '}
                  <span className="muted">({String(c.state)})</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {testing.openDefects.length > 0 && (
          <>
            <h3>Defects waiting on you</h3>
            <ul className="worklist">
              {testing.openDefects.map((d) => (
                <li key={d.id}>
                  <Link to={href('/projects/:projectId/defects/:defectId', { projectId: String(d.projectId), defectId: String(d.id) })}>
                    {d.state === 'fixed' ? 'Verify' : 'Fix'} {d.key} · {d.title}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
        {testing.reports.length > 0 && (
          <>
            <h3>Variance reports to sign</h3>
            <ul className="worklist">
              {testing.reports.map((r) => (
                <li key={r.id}>
                  <Link to={href('/projects/:projectId/parallel-runs/:runId', { projectId: String(r.projectId), runId: String(r.id) })}>Sign {r.name}</Link>
                </li>
              ))}
            </ul>
          </>
        )}
        <DeliverableList title="Deliverables to submit" items={vendors.toSubmit} verb={(d) => (d.state === 'rejected' ? 'Resubmit' : 'Submit')} />
        {vendors.defectsToFix.length > 0 && (
          <>
            <h3>Defects assigned to your firm</h3>
            <ul className="worklist">
              {vendors.defectsToFix.map((d) => (
                <li key={d.id}>
                  <Link to={`${href('/projects/:projectId/vendors', { projectId: String(d.projectId) })}#vendor-defects`}>
                    Fix {d.key} · {d.title}
                  </Link>{' '}
                  <span className="muted">(severity {d.severity})</span>
                </li>
              ))}
            </ul>
          </>
        )}
        <DeliverableList title="Deliverables to review" items={vendors.toReview} verb={() => 'Review'} />
        {vendors.releasable.length > 0 && (
          <>
            <h3>Payment milestones you may release</h3>
            <ul className="worklist">
              {vendors.releasable.map((m) => (
                <li key={m.id}>
                  <Link to={href('/projects/:projectId/vendors/contracts/:contractId', { projectId: String(m.projectId), contractId: String(m.contractId) })}>
                    Release {m.name}
                  </Link>{' '}
                  <span className="muted">
                    {money(m.amount)} {m.currency}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <LateList rows={late} />
      <WaitingOnOthers rows={waitingOnOthers} busy={busy} now={now} />
      <section aria-labelledby="yours">
        <h2 id="yours">Your projects</h2>
        {projects.length === 0 ? (
          <p className="empty">You are not a member of any project yet. An admin or a project manager can add you.</p>
        ) : (
          <ul className="cards">
            {projects.map((p) => (
              <li key={p.id} className="card">
                <Link to={href('/projects/:projectId', { projectId: String(p.id) })}>
                  <strong>{p.name}</strong>
                </Link>
                <span className="muted">{p.client}</span>
                <span>
                  {p.phase} <GateBadge state={p.gate} />{' '}
                  {p.colour && (
                    <span title={p.why || 'Every status rule is green.'}>
                      <RagBadge colour={p.colour} />
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

type DeliverableItem = { id: number; projectId: number; project: string; key: string; title: string; dueDate: string; firm: string; state: string };

/** One list of vendor deliverables on My work: the verb says what to do with each. */
function DeliverableList({ title, items, verb }: { title: string; items: DeliverableItem[]; verb: (d: DeliverableItem) => string }) {
  if (items.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className="worklist">
        {items.map((d) => (
          <li key={d.id}>
            <Link to={href('/projects/:projectId/deliverables/:deliverableId', { projectId: String(d.projectId), deliverableId: String(d.id) })}>
              {verb(d)} {d.key} · {d.title}
            </Link>{' '}
            <span className="muted">
              {d.firm} · due {d.dueDate} · {d.project}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
