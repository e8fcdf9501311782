import type { Conn } from '~/db/client';
import { changeRequestList, changeTargets, peopleNamed } from '~/db/queries/governance';
import { instanceHistory, projectMemberList } from '~/db/queries/projects';
import { type ChangeContext, type ChangeEvent, type ChangeState, changeEventsDone, changeRequestWorkflow, changeStateLabels } from '../machines/change-request';
import { functionOf } from '../members/functions';
import { functionInSentence, meaningsFor } from '../policy/functions';
import { type Actor, mayOnProject } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { availableEvents } from '../runtime';
import { loadChangeFor } from './access';
import { impactFingerprint } from './impact';
import { compareBaselines, scheduleAgainst } from './schedule';

const stateLabel = (state: unknown) => changeStateLabels[String(state) as ChangeState] ?? String(state);
/** Decided or waiting: a change that is raised or assessed waits on someone. */
export const changeIsOpen = (state: string) => state === 'raised' || state === 'assessed' || state === 'approved' || state === 'implemented';

/** The change requests of a project, and what the person may do there. */
export function changesPage(conn: Conn, actor: Actor, projectId: number) {
  const { project, roles } = requireProjectPermission(conn, actor, projectId, 'change.view');
  const rows = changeRequestList(conn, projectId);
  const deciders = peopleNamed(
    conn,
    rows.map((r) => r.change.deciderId),
  );
  const mayRaise = mayOnProject(actor, roles, 'change.raise');
  return {
    project: { id: project.id, name: project.name },
    changes: rows.map(({ change, state, context, requester }) => {
      const c = context as ChangeContext;
      return {
        id: change.id,
        key: change.key,
        title: change.title,
        state: String(state),
        stateLabel: stateLabel(state),
        requester,
        decider: deciders.get(change.deciderId) ?? '',
        scheduleDays: (c.impact?.schedule ?? []).reduce((s, x) => Math.max(s, x.days), 0),
        cost: c.impact?.cost ?? null,
        raisedOn: change.createdAt.slice(0, 10),
      };
    }),
    mayRaise,
    deciders: mayRaise
      ? projectMemberList(conn, projectId)
          .filter((m) => m.role === 'stakeholder' && m.userId !== actor.id)
          .map((m) => ({ id: m.userId, name: m.name, function: m.function }))
      : [],
  };
}

/** One change request: what it is, its impact in words, its decision and implementation, what the person may do now, and its history. */
export function changePage(conn: Conn, actor: Actor, ref: { projectId: number; changeId: number }) {
  const loaded = loadChangeFor(conn, actor, ref);
  const { change, instance, context, state, project, party } = loaded;
  const events = availableEvents(changeRequestWorkflow, instance, party);
  const targets = changeTargets(conn, project.id);
  const names = peopleNamed(
    conn,
    [change.requestedBy, change.deciderId, context.approval?.by, context.rejection?.by].filter((x): x is number => !!x),
  );
  const impact = context.impact;
  const fn = events.has('APPROVE') ? functionOf(conn, project.id, actor.id) : null;
  const byId = <T extends { id: number }>(list: T[], ids: number[]) => list.filter((x) => ids.includes(x.id));
  return {
    project: { id: project.id, name: project.name },
    change: { ...change, state, stateLabel: stateLabel(state), requester: names.get(change.requestedBy) ?? '', decider: names.get(change.deciderId) ?? '' },
    version: instance.version,
    impact: impact && {
      ...impact,
      requirements: byId(targets.requirements, impact.requirementIds),
      plans: byId(targets.plans, impact.planIds),
      deliverables: byId(targets.deliverables, impact.deliverableIds),
      milestones: impact.schedule.map((s) => ({ ...s, name: targets.milestones.find((m) => m.id === s.milestoneId)?.name ?? `#${s.milestoneId}` })),
    },
    assessments: context.assessments,
    approval: context.approval && { ...context.approval, by: names.get(context.approval.by) ?? '' },
    rejection: context.rejection && { ...context.rejection, by: names.get(context.rejection.by) ?? '' },
    implementation: context.implementation,
    withdrawal: context.withdrawal,
    events: [...events],
    targets: events.has('ASSESS') || events.has('IMPLEMENT') ? targets : null,
    /** What the approve form names: the assessment shown. */
    fingerprint: events.has('APPROVE') ? impactFingerprint(change.key, context) : null,
    meanings: events.has('APPROVE') ? meaningsFor(fn) : [],
    yourFunction: fn ? functionInSentence(fn) : null,
    history: instanceHistory(conn, instance.id).map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor,
      did: changeEventsDone[e.type as ChangeEvent['type']] ?? e.type,
      to: stateLabel(e.toState),
    })),
  };
}

/** The schedule page: every phase and milestone against a baseline, the baselines, and two compared. */
export function schedulePage(conn: Conn, actor: Actor, projectId: number, opts: { baselineId: number | null; compare: [number, number] | null }) {
  const { project, roles } = requireProjectPermission(conn, actor, projectId, 'change.view');
  const against = scheduleAgainst(conn, projectId, opts.baselineId);
  return {
    project: { id: project.id, name: project.name },
    ...against,
    compared: opts.compare ? compareBaselines(conn, projectId, opts.compare[0], opts.compare[1]) : null,
    mayBaseline: mayOnProject(actor, roles, 'schedule.baseline'),
  };
}
