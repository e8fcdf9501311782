import type { ProjectRole } from '~/db/schema';
import { type PlanApprovalContext, type PlanApprovalEvent, planApproval, planEventLabels, waitingOn } from '../machines/plan-approval';
import { type Actor, mayOnProject } from '../policy/roles';
import { availableEvents, type InstanceRef } from '../runtime';

export type PlanVersionActions = { edit: boolean; validate: boolean; submit: boolean; sign: boolean; reject: boolean; withdraw: boolean; publish: boolean };

/**
 * Which forms of a plan version this person sees now: the events the version's current state has
 * transitions for, that the machine's who-may check lets them send (an author, the PM, an approver of
 * the group whose turn it is; for SUBMIT, the computed validation) and that the policy grants their
 * role. What they will type (a reason, a meaning, a date) is checked when the real event comes.
 */
export function planVersionActionsFor(instance: InstanceRef, actor: Actor, roles: ProjectRole[], unmet: string[]): PlanVersionActions {
  const events = availableEvents(planApproval, instance, { actor: { id: actor.id, roles }, unmet });
  const writes = mayOnProject(actor, roles, 'plan.write');
  const signs = mayOnProject(actor, roles, 'plan.sign');
  return {
    edit: writes && events.has('EDIT'),
    validate: writes && events.has('VALIDATE'),
    submit: writes && events.has('SUBMIT'),
    sign: signs && events.has('SIGN'),
    reject: signs && events.has('REJECT'),
    withdraw: writes && events.has('WITHDRAW'),
    publish: mayOnProject(actor, roles, 'plan.govern') && events.has('PUBLISH'),
  };
}

/** Whether the version could be submitted if its validation were met: the submit form then lists what is missing. */
export function mightSubmit(instance: InstanceRef, actor: Actor, roles: ProjectRole[]) {
  return planVersionActionsFor(instance, actor, roles, []).submit;
}

/**
 * The approval route of a version as a person reads it: each group with who signed what and when, who
 * is still waiting, and which group's turn it is. Before submission it is the plan's route as configured now.
 */
export function routeProgress(context: PlanApprovalContext, state: string, configured: PlanApprovalContext['route'], nameOf: (id: number) => string) {
  const submitted = state !== 'draft' && state !== 'validating';
  const route = submitted ? context.route : configured;
  const waiting = new Set(state === 'inApproval' ? waitingOn(context).map((a) => a.userId) : []);
  return route.map((group, index) => ({
    number: index + 1,
    status: !submitted
      ? 'not asked yet'
      : state !== 'inApproval' || index < context.group
        ? 'complete'
        : index === context.group
          ? 'signing now'
          : 'not asked yet',
    approvers: group.approvers.map((a) => {
      const signature = submitted ? context.signatures.find((s) => s.userId === a.userId) : undefined;
      return {
        userId: a.userId,
        name: nameOf(a.userId),
        meaning: a.meaning,
        signedAt: signature?.at ?? null,
        waiting: waiting.has(a.userId),
      };
    }),
  }));
}

/** One history entry in words ("Fiona Lindqvist signed it: approved as finance"), never a raw event code. */
export function historyLine(e: { type: string; payload: Record<string, unknown>; actor: string | null }) {
  const who = e.actor ?? 'The portal';
  const type = e.type as PlanApprovalEvent['type'];
  const verb = (planEventLabels[type] ?? e.type.toLowerCase()).replace(/ it/, '');
  switch (type) {
    case 'SIGN':
      return `${who} signed it: ${String(e.payload.meaning)}`;
    case 'REJECT':
      return `${who} rejected it: “${String(e.payload.reason)}”`;
    case 'PUBLISH':
      return `${who} published it, in effect from ${String(e.payload.effectiveFrom)}`;
    case 'SUPERSEDE':
      return `${who} marked it superseded: the next version came into effect`;
    case 'VALIDATE':
      return `${who} validated it: the payout cases on the plan ran on this version`;
    case 'SUBMIT':
      return `${who} submitted it for approval`;
    case 'WITHDRAW':
      return `${who} withdrew it: a draft again`;
    case 'EDIT':
      return `${who} changed its content`;
    default:
      return `${who}: ${verb}`;
  }
}
