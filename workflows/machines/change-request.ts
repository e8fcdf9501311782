import { and, assign, setup } from 'xstate';
import type { ProjectRole } from '~/db/schema';

/**
 * A change request to a project's scope, schedule or cost (issue 14).
 *
 * raised -> assessed (ASSESS: the PM or an analyst states the impact: scope affected, schedule impact in
 * days per milestone, cost, risks; it may be assessed again while undecided) -> approved (APPROVE: the
 * decider named when it was raised, the sponsor or a stakeholder, signs with password and meaning) or
 * rejected (REJECT, with a reason) -> implemented (IMPLEMENT: linked to the requirement versions, plan
 * versions or deliverables that carry it out) -> closed (CLOSE, the PM). The requester may withdraw it
 * (WITHDRAW, with a reason) until it is decided, and so may the PM. The requester never decides, even
 * when named. docs/decisions/0015-change-requests.md.
 */
export type ChangeActor = { id: number; roles: ProjectRole[] };

export type ScheduleImpact = { milestoneId: number; days: number };
export type ChangeImpact = {
  summary: string;
  requirementIds: number[];
  planIds: number[];
  deliverableIds: number[];
  schedule: ScheduleImpact[];
  /** a decimal amount in the project's currency, "0" for none */
  cost: string;
  risks: string;
};
export type ChangeCarrier = { kind: 'requirement_version' | 'plan_version' | 'deliverable'; id: number };

export type ChangeContext = {
  key: string;
  requesterId: number;
  deciderId: number;
  impact: ChangeImpact | null;
  /** How many times the impact was assessed: the decision names the assessment it saw. */
  assessments: number;
  approval: { by: number; at: string; meaning: string; fingerprint: string; assessment: number } | null;
  rejection: { by: number; at: string; reason: string } | null;
  implementation: { by: number; at: string; carriers: ChangeCarrier[] } | null;
  withdrawal: { by: number; at: string; reason: string } | null;
  closedAt: string | null;
};
export type ChangeInput = { key: string; requesterId: number; deciderId: number };

export type ChangeEvent =
  | { type: 'ASSESS'; actor: ChangeActor; at: string; impact: ChangeImpact }
  | { type: 'APPROVE'; actor: ChangeActor; at: string; meaning: string; fingerprint: string }
  | { type: 'REJECT'; actor: ChangeActor; at: string; reason: string }
  | { type: 'IMPLEMENT'; actor: ChangeActor; at: string; carriers: ChangeCarrier[] }
  | { type: 'CLOSE'; actor: ChangeActor; at: string }
  | { type: 'WITHDRAW'; actor: ChangeActor; at: string; reason: string };

export const changeStates = ['raised', 'assessed', 'approved', 'rejected', 'implemented', 'closed', 'withdrawn'] as const;
export type ChangeState = (typeof changeStates)[number];
export const changeStateLabels: Record<ChangeState, string> = {
  raised: 'Raised',
  assessed: 'Impact assessed',
  approved: 'Approved',
  rejected: 'Rejected',
  implemented: 'Implemented',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};
export const changeEventLabels: Record<ChangeEvent['type'], string> = {
  ASSESS: 'assess its impact',
  APPROVE: 'approve it',
  REJECT: 'reject it',
  IMPLEMENT: 'record it implemented',
  CLOSE: 'close it',
  WITHDRAW: 'withdraw it',
};

/** What happened, as a sentence for a history ("approved it"), not the event's code. */
export const changeEventsDone: Record<ChangeEvent['type'], string> = {
  ASSESS: 'assessed its impact',
  APPROVE: 'approved it',
  REJECT: 'rejected it',
  IMPLEMENT: 'recorded it implemented',
  CLOSE: 'closed it',
  WITHDRAW: 'withdrew it',
};

export const changeRules = { minReasonLength: 5, minSummaryLength: 10, maxScheduleDays: 365 };

const isPm = (a: ChangeActor) => a.roles.includes('pm');
const assesses = (a: ChangeActor) => isPm(a) || a.roles.includes('analyst');

/** Why this person may not send an event of this type now, or null. */
export function changeMayNot(c: ChangeContext, type: ChangeEvent['type'], actor: ChangeActor): string | null {
  switch (type) {
    case 'ASSESS':
    case 'IMPLEMENT':
      return assesses(actor) ? null : `Only the project manager or an analyst can ${changeEventLabels[type]}.`;
    case 'APPROVE':
    case 'REJECT':
      if (actor.id === c.requesterId) return 'Whoever requested a change never decides it.';
      return actor.id === c.deciderId ? null : 'Only the decider named for this change request decides it.';
    case 'CLOSE':
      return isPm(actor) ? null : 'Only the project manager can close a change request.';
    case 'WITHDRAW':
      return actor.id === c.requesterId || isPm(actor) ? null : 'Only the requester or the project manager can withdraw a change request.';
  }
}

const DECIMAL = /^-?\d{1,12}(\.\d{1,2})?$/;

/** What is wrong with what the person sent (an impact, a meaning, a reason, the carriers), or null. */
export function changePayloadProblem(c: ChangeContext, e: ChangeEvent, rules = changeRules): string | null {
  switch (e.type) {
    case 'ASSESS': {
      const i = e.impact;
      if (i.summary.trim().length < rules.minSummaryLength) return `Summarise the impact (at least ${rules.minSummaryLength} characters).`;
      if (i.requirementIds.length + i.planIds.length + i.deliverableIds.length === 0 && i.schedule.length === 0 && /^-?0*(\.0*)?$/.test(i.cost.trim()))
        return 'An impact names what the change affects: requirements, plans or deliverables, milestones it moves, or a cost.';
      if (!DECIMAL.test(i.cost.trim())) return 'The cost impact is an amount such as 12000 or 0.';
      for (const s of i.schedule)
        if (!Number.isInteger(s.days) || s.days === 0 || Math.abs(s.days) > rules.maxScheduleDays)
          return `A milestone moves by a whole number of days, not 0, at most ${rules.maxScheduleDays} either way.`;
      if (new Set(i.schedule.map((s) => s.milestoneId)).size !== i.schedule.length) return 'Each milestone is moved once.';
      return null;
    }
    case 'APPROVE':
      if (!e.meaning.trim()) return 'Choose the meaning of your signature.';
      return e.fingerprint ? null : 'Reload the change request: the signature names the impact you were shown.';
    case 'REJECT':
      return e.reason.trim().length < rules.minReasonLength ? `Say why the change is rejected (at least ${rules.minReasonLength} characters).` : null;
    case 'WITHDRAW':
      return e.reason.trim().length < rules.minReasonLength ? `Say why the change is withdrawn (at least ${rules.minReasonLength} characters).` : null;
    case 'IMPLEMENT':
      return e.carriers.length === 0 ? 'Link what carries the change out: a requirement version, a plan version or a deliverable.' : null;
    case 'CLOSE':
      return c.implementation ? null : 'Only an implemented change is closed.';
  }
}

export const changeEventProblem = (c: ChangeContext, e: ChangeEvent) => changeMayNot(c, e.type, e.actor) ?? changePayloadProblem(c, e);

export const changeRequestMachine = setup({
  types: { context: {} as ChangeContext, events: {} as ChangeEvent, input: {} as ChangeInput },
  guards: {
    mayAct: ({ context, event }) => changeMayNot(context, event.type, event.actor) === null,
    payloadValid: ({ context, event }) => changePayloadProblem(context, event) === null,
  },
  actions: {
    recordImpact: assign(({ context, event }) =>
      event.type === 'ASSESS' ? { impact: structuredClone(event.impact), assessments: context.assessments + 1 } : {},
    ),
    recordApproval: assign(({ context, event }) =>
      event.type === 'APPROVE'
        ? { approval: { by: event.actor.id, at: event.at, meaning: event.meaning, fingerprint: event.fingerprint, assessment: context.assessments } }
        : {},
    ),
    recordRejection: assign(({ event }) => (event.type === 'REJECT' ? { rejection: { by: event.actor.id, at: event.at, reason: event.reason.trim() } } : {})),
    recordImplementation: assign(({ event }) =>
      event.type === 'IMPLEMENT' ? { implementation: { by: event.actor.id, at: event.at, carriers: [...event.carriers] } } : {},
    ),
    recordWithdrawal: assign(({ event }) =>
      event.type === 'WITHDRAW' ? { withdrawal: { by: event.actor.id, at: event.at, reason: event.reason.trim() } } : {},
    ),
    recordClosing: assign(({ event }) => ({ closedAt: event.at })),
    // Effects: the runtime records these in the outbox.
    notifyDecider: () => {},
    notifyRequester: () => {},
  },
}).createMachine({
  id: 'changeRequest',
  initial: 'raised',
  context: ({ input }) => ({
    key: input.key,
    requesterId: input.requesterId,
    deciderId: input.deciderId,
    impact: null,
    assessments: 0,
    approval: null,
    rejection: null,
    implementation: null,
    withdrawal: null,
    closedAt: null,
  }),
  states: {
    raised: {
      on: {
        ASSESS: { guard: and(['mayAct', 'payloadValid']), target: 'assessed', actions: ['recordImpact', 'notifyDecider'] },
        WITHDRAW: { guard: and(['mayAct', 'payloadValid']), target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    assessed: {
      on: {
        ASSESS: { guard: and(['mayAct', 'payloadValid']), target: 'assessed', actions: ['recordImpact', 'notifyDecider'] },
        APPROVE: { guard: and(['mayAct', 'payloadValid']), target: 'approved', actions: ['recordApproval', 'notifyRequester'] },
        REJECT: { guard: and(['mayAct', 'payloadValid']), target: 'rejected', actions: ['recordRejection', 'notifyRequester'] },
        WITHDRAW: { guard: and(['mayAct', 'payloadValid']), target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    approved: {
      on: { IMPLEMENT: { guard: and(['mayAct', 'payloadValid']), target: 'implemented', actions: 'recordImplementation' } },
    },
    implemented: {
      on: { CLOSE: { guard: and(['mayAct', 'payloadValid']), target: 'closed', actions: 'recordClosing' } },
    },
    rejected: { type: 'final' },
    closed: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

const accepts: Record<ChangeState, ChangeEvent['type'][]> = {
  raised: ['ASSESS', 'WITHDRAW'],
  assessed: ['ASSESS', 'APPROVE', 'REJECT', 'WITHDRAW'],
  approved: ['IMPLEMENT'],
  implemented: ['CLOSE'],
  rejected: [],
  closed: [],
  withdrawn: [],
};

/** The reason a refused event was refused, in words for the person who tried it. */
export function changeRefusal(state: string, context: ChangeContext, event: ChangeEvent): string {
  if (accepts[state as ChangeState]?.includes(event.type)) return changeEventProblem(context, event) ?? 'Not accepted.';
  const label = changeStateLabels[state as ChangeState] ?? state;
  if ((event.type === 'APPROVE' || event.type === 'REJECT') && state === 'raised') return 'Its impact must be assessed before it is decided.';
  return `You cannot ${changeEventLabels[event.type]} while the change request is "${label}".`;
}

export const changeRequestWorkflow = {
  id: 'changeRequest',
  version: 1,
  machine: changeRequestMachine,
  refusal: changeRefusal,
  effects: ['notifyDecider', 'notifyRequester'],
  mayNot: changeMayNot,
} as const;
