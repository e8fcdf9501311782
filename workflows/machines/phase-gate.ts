import { and, assign, setup } from 'xstate';
import type { ProjectRole } from '~/db/schema';

/**
 * A phase and its gate. The phase runs (active), the PM asks for gate review with the checklist filled
 * in, each designated approver signs or sends it back with a reason. When every approver has signed,
 * the gate is approved and the phase is closed (the command then activates the next phase).
 */
/** `evidence` names a criterion computed from live data (workflows/gates/evidence.ts): no one ticks it. */
export type ChecklistItem = { key: string; label: string; checked: boolean; note: string; evidence?: string };
export type Approval = { userId: number; meaning: string; at: string };
export type GateContext = {
  phaseName: string;
  projectName: string;
  checklist: ChecklistItem[];
  requestedBy: number | null;
  approvers: number[];
  approvals: Approval[];
  rejection: { by: number; reason: string; at: string } | null;
  round: number;
};
export type GateActor = { id: number; roles: ProjectRole[] };
export type GateEvent =
  | { type: 'START'; actor: GateActor; at: string }
  | {
      type: 'REQUEST_REVIEW';
      actor: GateActor;
      at: string;
      checklist: { key: string; checked: boolean; note: string }[];
      approvers: number[];
      /** Computed criteria that are not met now, as evaluated by the command that sends the event. */
      unmetEvidence?: string[];
    }
  | { type: 'APPROVE'; actor: GateActor; at: string; meaning: string; unmetEvidence?: string[] }
  | { type: 'REJECT'; actor: GateActor; at: string; reason: string };
export type GateInput = { phaseName: string; projectName: string; criteria: { key: string; label: string; evidence?: string }[] };

export const gateStates = ['notStarted', 'active', 'inReview', 'sentBack', 'approved'] as const;
export type GateState = (typeof gateStates)[number];
/** What each gate event is, in words, for the gate's history. */
export const gateEventLabels: Record<GateEvent['type'], string> = {
  START: 'Phase started',
  REQUEST_REVIEW: 'Review requested',
  APPROVE: 'Gate approved',
  REJECT: 'Sent back',
};

export const gateStateLabels: Record<GateState, string> = {
  notStarted: 'Not started',
  active: 'Active',
  inReview: 'In gate review',
  sentBack: 'Sent back',
  approved: 'Approved',
};

export const signatureMeaning = (c: Pick<GateContext, 'phaseName' | 'projectName'>) => `I approve the ${c.phaseName} gate for ${c.projectName}`;

/** Who sends an event, and the project's computed criteria that are not met now (evaluated by the command). */
export type GateParty = { actor: GateActor; unmetEvidence?: string[] };

/** Limits on what a person writes; the payload guard reads them (a test raises one to show pages do not depend on it). */
export const gateRules = { minReasonLength: 5 };
export type GateRules = typeof gateRules;

/**
 * Why this person may not send an event of this type now, or null: their role, whether they requested
 * the review or are one of its approvers and have already signed, and whether the project's computed
 * criteria are met. Nothing the person types is looked at here (see `gatePayloadProblem`).
 */
export function gateMayNot(context: GateContext, type: GateEvent['type'], who: GateParty): string | null {
  switch (type) {
    case 'REQUEST_REVIEW':
      if (!who.actor.roles.includes('pm')) return 'Only the project manager can request a gate review.';
      if (who.unmetEvidence?.length) return `A computed criterion is not met: ${who.unmetEvidence.join('; ')}.`;
      return null;
    case 'APPROVE':
    case 'REJECT':
      if (who.actor.id === context.requestedBy) return 'You requested this gate review, so you cannot decide it.';
      if (!context.approvers.includes(who.actor.id)) return 'You are not one of the designated approvers of this gate.';
      if (context.approvals.some((a) => a.userId === who.actor.id)) return 'You have already approved this gate.';
      if (type === 'APPROVE' && who.unmetEvidence?.length)
        return `The gate cannot be approved while a computed criterion is not met: ${who.unmetEvidence.join('; ')}.`;
      return null;
    case 'START':
      return null;
  }
}

/** What is wrong with what the person sent (checklist answers, approvers named, meaning, reason), or null. */
export function gatePayloadProblem(context: GateContext, event: GateEvent, rules: GateRules = gateRules): string | null {
  switch (event.type) {
    case 'REQUEST_REVIEW': {
      const answered = new Map(event.checklist.map((item) => [item.key, item]));
      const unchecked = context.checklist.filter((item) => !item.evidence && !answered.get(item.key)?.checked).map((item) => item.label);
      if (unchecked.length > 0) return `Every gate criterion must be checked before review; not yet: ${unchecked.join('; ')}.`;
      if (event.approvers.length === 0) return 'Name at least one approver.';
      if (new Set(event.approvers).size !== event.approvers.length) return 'An approver is named twice.';
      if (event.approvers.includes(event.actor.id)) return 'The person requesting the review cannot be one of its approvers.';
      return null;
    }
    case 'APPROVE':
      return event.meaning === signatureMeaning(context) ? null : `The signature must state: "${signatureMeaning(context)}".`;
    case 'REJECT':
      return event.reason.trim().length < rules.minReasonLength ? 'Give the reason for sending the phase back.' : null;
    case 'START':
      return null;
  }
}

/** Why a request for review is not acceptable, or null. Shared by the refusal message. */
export const reviewRequestProblem = (context: GateContext, event: Extract<GateEvent, { type: 'REQUEST_REVIEW' }>) =>
  gateMayNot(context, event.type, event) ?? gatePayloadProblem(context, event);

/** Why this decision (approve or reject) is not acceptable now, or null. */
export const decisionProblem = (context: GateContext, event: Extract<GateEvent, { type: 'APPROVE' | 'REJECT' }>) =>
  gateMayNot(context, event.type, event) ?? gatePayloadProblem(context, event);

const remainingAfter = (context: GateContext, approverId: number) =>
  context.approvers.filter((id) => id !== approverId && !context.approvals.some((a) => a.userId === id));

const requestReview = {
  target: 'inReview',
  guard: and(['mayAct', 'payloadValid']),
  actions: ['recordRequest', 'notifyApprovers'],
} as const;

export const phaseGateMachine = setup({
  types: {
    context: {} as GateContext,
    events: {} as GateEvent,
    input: {} as GateInput,
  },
  guards: {
    /** Who may: the sender's role and place in this review, and the computed criteria. */
    mayAct: ({ context, event }) => gateMayNot(context, event.type, event) === null,
    /** What they sent: checklist, approvers, meaning, reason. */
    payloadValid: ({ context, event }) => gatePayloadProblem(context, event) === null,
    lastApproval: ({ context, event }) => event.type === 'APPROVE' && remainingAfter(context, event.actor.id).length === 0,
  },
  actions: {
    recordRequest: assign(({ context, event }) => {
      if (event.type !== 'REQUEST_REVIEW') return {};
      const answers = new Map(event.checklist.map((item) => [item.key, item]));
      return {
        checklist: context.checklist.map((item) => ({
          ...item,
          checked: item.evidence ? true : (answers.get(item.key)?.checked ?? false),
          note: answers.get(item.key)?.note ?? '',
        })),
        requestedBy: event.actor.id,
        approvers: event.approvers,
        approvals: [],
        rejection: null,
        round: context.round + 1,
      };
    }),
    recordApproval: assign(({ context, event }) =>
      event.type === 'APPROVE' ? { approvals: [...context.approvals, { userId: event.actor.id, meaning: event.meaning, at: event.at }] } : {},
    ),
    recordRejection: assign(({ event }) => (event.type === 'REJECT' ? { rejection: { by: event.actor.id, reason: event.reason.trim(), at: event.at } } : {})),
    // Effects: the runtime records these in the outbox; they have no in-process implementation.
    notifyApprovers: () => {},
    notifyRequester: () => {},
  },
}).createMachine({
  id: 'phaseGate',
  initial: 'notStarted',
  context: ({ input }) => ({
    phaseName: input.phaseName,
    projectName: input.projectName,
    checklist: input.criteria.map((c) => ({ ...c, checked: false, note: '' })),
    requestedBy: null,
    approvers: [],
    approvals: [],
    rejection: null,
    round: 0,
  }),
  states: {
    notStarted: { on: { START: 'active' } },
    active: { on: { REQUEST_REVIEW: requestReview } },
    inReview: {
      on: {
        APPROVE: [
          { guard: and(['mayAct', 'payloadValid', 'lastApproval']), target: 'approved', actions: ['recordApproval', 'notifyRequester'] },
          { guard: and(['mayAct', 'payloadValid']), actions: 'recordApproval' },
        ],
        REJECT: { guard: and(['mayAct', 'payloadValid']), target: 'sentBack', actions: ['recordRejection', 'notifyRequester'] },
      },
    },
    sentBack: { on: { REQUEST_REVIEW: requestReview } },
    approved: { type: 'final' },
  },
});

const eventLabels: Record<GateEvent['type'], string> = {
  START: 'start the phase',
  REQUEST_REVIEW: 'request a gate review',
  APPROVE: 'approve the gate',
  REJECT: 'send the phase back',
};

/** The reason a refused event was refused, in words for the person who tried it. */
export function gateRefusal(state: string, context: GateContext, event: GateEvent): string {
  if (event.type === 'REQUEST_REVIEW' && (state === 'active' || state === 'sentBack'))
    return reviewRequestProblem(context, event) ?? 'The review request was not accepted.';
  if ((event.type === 'APPROVE' || event.type === 'REJECT') && state === 'inReview') return decisionProblem(context, event) ?? 'The decision was not accepted.';
  const label = gateStateLabels[state as GateState] ?? state;
  return `You cannot ${eventLabels[event.type]} while the phase is "${label}".`;
}

export const phaseGate = {
  id: 'phaseGate',
  version: 1,
  machine: phaseGateMachine,
  refusal: gateRefusal,
  effects: ['notifyApprovers', 'notifyRequester'],
  mayNot: gateMayNot,
} as const;
