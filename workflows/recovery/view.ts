import { asc, eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { peopleNamed } from '~/db/queries/governance';
import { instanceHistory, projectMemberList } from '~/db/queries/projects';
import { milestones, phases } from '~/db/schema';
import { compareBaselines } from '../changes/schedule';
import {
  type AreaRating,
  type RecoveryArea,
  type RecoveryEvent,
  type RecoveryRating,
  type RecoveryState,
  recoveryAreaLabels,
  recoveryAreas,
  recoveryEventsDone,
  recoveryPayloadProblem,
  recoveryRatingLabels,
  recoveryStateLabels,
  recoveryWorkflow,
} from '../machines/recovery';
import { functionOf } from '../members/functions';
import { functionInSentence, meaningsFor } from '../policy/functions';
import { type Actor, mayOnProject } from '../policy/roles';
import { availableEvents } from '../runtime';
import { loadRecoveryProject, planFingerprint } from './access';
import { recoveryEvidence } from './evidence';
import { progressAgainstPlan } from './turnaround';

const stateLabel = (s: string) => recoveryStateLabels[s as RecoveryState] ?? s;
const ratingView = (r: AreaRating | undefined, names: Map<number, string>) =>
  r ? { rating: r.rating, ratingLabel: recoveryRatingLabels[r.rating], findings: r.findings, by: names.get(r.by) ?? '', at: r.at } : null;

/**
 * A recovery project's recovery as one person may see it: the assessment with the evidence beside each
 * area, the accomplishments and causes, the corrective plan compared with the original baseline, the
 * acceptance, the turnaround, and what this person may do now (the machine's transitions for them).
 * Before it starts: who may be named sponsor, for a PM.
 */
export function recoveryPage(conn: Conn, actor: Actor, projectId: number, today: string) {
  const loaded = loadRecoveryProject(conn, actor, projectId);
  const { project, roles, instance, context, state } = loaded;
  const base = { project: { id: project.id, name: project.name } };
  if (!instance || !context || !state) {
    const mayStart = mayOnProject(actor, roles, 'recovery.write');
    return {
      ...base,
      started: false as const,
      mayStart,
      sponsors: mayStart
        ? projectMemberList(conn, projectId)
            .filter((m) => m.role === 'stakeholder' && m.userId !== actor.id)
            .map((m) => ({ id: m.userId, name: m.name }))
        : [],
    };
  }
  const events = availableEvents(recoveryWorkflow, instance, loaded.party);
  const names = peopleNamed(conn, [
    context.pmId,
    context.sponsorId,
    context.plan?.by ?? 0,
    context.acceptance?.by ?? 0,
    ...recoveryAreas.map((a) => context.areas[a]?.by ?? 0),
  ]);
  const evidence = new Map(recoveryEvidence(conn, projectId, today).map((e) => [e.area, e.facts]));
  const plan = context.plan;
  const compared =
    plan?.baselineId && context.originalBaselineId && plan.baselineId !== context.originalBaselineId
      ? compareBaselines(conn, projectId, context.originalBaselineId, plan.baselineId)
      : null;
  const fn = events.has('ACCEPT') ? functionOf(conn, projectId, actor.id) : null;
  const acceptBaseline = context.acceptance && plan?.baselineId ? plan.baselineId : null;
  return {
    ...base,
    started: true as const,
    state: state as RecoveryState,
    stateLabel: stateLabel(state),
    version: instance.version,
    pm: names.get(context.pmId) ?? '',
    sponsor: names.get(context.sponsorId) ?? '',
    areas: recoveryAreas.map((a) => ({
      key: a,
      label: recoveryAreaLabels[a],
      initial: ratingView(context.areas[a], names),
      final: ratingView(context.finalAreas[a], names),
      evidence: evidence.get(a) ?? [],
    })),
    accomplishments: context.accomplishments,
    causes: context.causes,
    presented: context.presented,
    /** Why the assessment cannot be presented yet (the PRESENT guard's own words), or null. */
    notPresentable: state === 'assessing' ? recoveryPayloadProblem(context, { type: 'PRESENT', actor: loaded.party, at: '' }) : null,
    plan: plan && { ...plan, by: names.get(plan.by) ?? '' },
    /** Each phase and milestone in the original baseline and the plan's, with the slip in days. */
    compared: compared && { original: compared.a.number, plan: compared.b.number, rows: compared.rows },
    /** The phases and milestones as they stand, for re-planning while the plan may be saved. */
    schedule: events.has('SAVE_PLAN')
      ? {
          phases: conn
            .select({ id: phases.id, name: phases.name, plannedStart: phases.plannedStart, plannedEnd: phases.plannedEnd, actualEnd: phases.actualEnd })
            .from(phases)
            .where(eq(phases.projectId, projectId))
            .orderBy(asc(phases.position))
            .all(),
          milestones: conn
            .select({ id: milestones.id, name: milestones.name, dueDate: milestones.dueDate, doneOn: milestones.doneOn })
            .from(milestones)
            .where(eq(milestones.projectId, projectId))
            .orderBy(asc(milestones.dueDate), asc(milestones.id))
            .all(),
        }
      : null,
    acceptance: context.acceptance && { ...context.acceptance, by: names.get(context.acceptance.by) ?? '' },
    fingerprint: events.has('ACCEPT') && plan ? planFingerprint(projectId, plan) : null,
    meanings: events.has('ACCEPT') ? meaningsFor(fn) : [],
    yourFunction: fn ? functionInSentence(fn) : null,
    progress: context.progress,
    /** Live: the plan's milestones met, slipped and upcoming today, once it is accepted. */
    turnaround: acceptBaseline ? progressAgainstPlan(conn, projectId, acceptBaseline, today) : null,
    closing: context.closing,
    events: [...events],
    history: instanceHistory(conn, instance.id).map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor ?? 'system',
      did: historyLine(e.type, e.payload),
      to: stateLabel(e.toState),
    })),
  };
}
export type RecoveryPage = ReturnType<typeof recoveryPage>;

/** What an event did, in words; a rating names its area and the rating given. */
function historyLine(type: string, payload: Record<string, unknown>): string {
  if (type === 'RATE') {
    const area = recoveryAreaLabels[payload.area as RecoveryArea];
    const rating = recoveryRatingLabels[payload.rating as RecoveryRating];
    if (area && rating) return `rated ${area}: ${rating.toLowerCase()}`;
  }
  return recoveryEventsDone[type as RecoveryEvent['type']] ?? type;
}
