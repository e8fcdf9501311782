import { and, assign, setup } from 'xstate';
import type { ProjectRole, RejectionReason } from '~/db/schema';

/**
 * The acceptance of one vendor deliverable.
 *
 * planned -> in progress (START) -> submitted (SUBMIT by the vendor, numbered) -> in review (REVIEW, the
 * named client reviewer takes it) -> accepted (ACCEPT: the reviewer signs with password and meaning, only
 * when every computed criterion holds) or rejected (REJECT, a reason per unmet criterion) -> submitted
 * again (SUBMIT) -> ... The PM may waive it with a reason from any state but accepted. A vendor
 * representative never reviews, accepts or rejects, and the reviewer is never of the vendor's firm.
 * docs/decisions/0012-vendor-deliverables.md.
 */
export type DeliverableActor = { id: number; roles: ProjectRole[]; firmId: number | null };
/** Who sends an event, and (ACCEPT, REJECT) the computed criteria that do not hold now, as the command evaluated them. */
export type DeliverableParty = { actor: DeliverableActor; unmet?: { criterionId: number; label: string }[] };

export type DeliverableContext = {
  key: string;
  /** The vendor firm of the deliverable's contract. */
  firmId: number;
  /** Who delivers it on the vendor's side. */
  ownerId: number;
  /** The client reviewer named for it. */
  reviewerId: number;
  /** Submissions so far: the next one is numbered `submissions + 1`. */
  submissions: number;
  rejection: { by: number; at: string; submission: number; reasons: RejectionReason[] } | null;
  acceptance: { by: number; at: string; submission: number; meaning: string; fingerprint: string } | null;
  waiver: { by: number; at: string; reason: string } | null;
};
export type DeliverableInput = { key: string; firmId: number; ownerId: number; reviewerId: number };

export type DeliverableEvent =
  | { type: 'START'; actor: DeliverableActor; at: string }
  | { type: 'SUBMIT'; actor: DeliverableActor; at: string; note: string; evidence: string }
  | { type: 'REVIEW'; actor: DeliverableActor; at: string }
  | {
      type: 'ACCEPT';
      actor: DeliverableActor;
      at: string;
      meaning: string;
      /** What the signer was shown: the submission number and the criteria's fingerprint. */
      fingerprint: string;
      unmet: { criterionId: number; label: string }[];
    }
  | { type: 'REJECT'; actor: DeliverableActor; at: string; reasons: RejectionReason[]; unmet: { criterionId: number; label: string }[] }
  | { type: 'WAIVE'; actor: DeliverableActor; at: string; reason: string };

export const deliverableStates = ['planned', 'inProgress', 'submitted', 'inReview', 'accepted', 'rejected', 'waived'] as const;
export type DeliverableState = (typeof deliverableStates)[number];
export const deliverableStateLabels: Record<DeliverableState, string> = {
  planned: 'Planned',
  inProgress: 'In progress',
  submitted: 'Submitted',
  inReview: 'In review',
  accepted: 'Accepted',
  rejected: 'Rejected',
  waived: 'Waived',
};

export const deliverableEventLabels: Record<DeliverableEvent['type'], string> = {
  START: 'start it',
  SUBMIT: 'submit it',
  REVIEW: 'take it into review',
  ACCEPT: 'accept it',
  REJECT: 'reject it',
  WAIVE: 'waive it',
};

export const deliverableRules = { minReasonLength: 5, minNoteLength: 5 };

/** A person of a vendor firm, or anyone acting as a vendor representative on the project. */
const isVendorSide = (a: DeliverableActor) => a.roles.includes('vendor') || a.firmId !== null;
const isPm = (a: DeliverableActor) => a.roles.includes('pm');
const ofFirm = (c: DeliverableContext, a: DeliverableActor) => a.firmId === c.firmId || a.id === c.ownerId;

/**
 * Why this person may not send an event of this type now, or null: whether they are of the contract's
 * firm, the named reviewer or the PM, and (ACCEPT) whether the computed criteria hold.
 */
export function deliverableMayNot(c: DeliverableContext, type: DeliverableEvent['type'], who: DeliverableParty): string | null {
  const a = who.actor;
  switch (type) {
    case 'START':
      return ofFirm(c, a) || isPm(a) ? null : 'Only the vendor delivering it or the project manager can start a deliverable.';
    case 'SUBMIT':
      return ofFirm(c, a) ? null : 'Only a representative of the vendor firm delivering it can submit a deliverable.';
    case 'REVIEW':
    case 'ACCEPT':
    case 'REJECT': {
      if (a.firmId !== null && a.firmId === c.firmId) return 'The reviewer cannot be of the vendor’s own firm.';
      if (isVendorSide(a)) return 'A vendor representative never reviews, accepts or rejects a deliverable.';
      if (a.id !== c.reviewerId) return 'Only the client reviewer named for this deliverable reviews it.';
      if (type === 'ACCEPT' && who.unmet?.length) return `The acceptance criteria do not hold: ${who.unmet.map((u) => u.label).join('; ')}.`;
      return null;
    }
    case 'WAIVE':
      return isPm(a) ? null : 'Only the project manager can waive a deliverable.';
  }
}

/** What is wrong with what the person sent (a note, reasons, a meaning), or null. */
export function deliverablePayloadProblem(_c: DeliverableContext, e: DeliverableEvent, rules = deliverableRules): string | null {
  switch (e.type) {
    case 'SUBMIT':
      return e.note.trim().length < rules.minNoteLength ? 'Say what is delivered (at least 5 characters).' : null;
    case 'ACCEPT':
      return e.meaning.trim() ? null : 'Choose the meaning of your signature.';
    case 'REJECT': {
      const given = e.reasons.filter((r) => r.reason.trim().length >= rules.minReasonLength);
      if (given.length === 0) return 'Give at least one reason (at least 5 characters) for the rejection.';
      const missing = e.unmet.filter((u) => !given.some((r) => r.criterionId === u.criterionId));
      if (missing.length) return `Give a reason for each criterion that does not hold: ${missing.map((m) => m.label).join('; ')}.`;
      return null;
    }
    case 'WAIVE':
      return e.reason.trim().length < rules.minReasonLength ? 'Say why the deliverable is waived (at least 5 characters).' : null;
    default:
      return null;
  }
}

export const deliverableEventProblem = (c: DeliverableContext, e: DeliverableEvent) => deliverableMayNot(c, e.type, e) ?? deliverablePayloadProblem(c, e);

export const deliverableMachine = setup({
  types: { context: {} as DeliverableContext, events: {} as DeliverableEvent, input: {} as DeliverableInput },
  guards: {
    mayAct: ({ context, event }) => deliverableMayNot(context, event.type, event) === null,
    payloadValid: ({ context, event }) => deliverablePayloadProblem(context, event) === null,
  },
  actions: {
    recordSubmission: assign(({ context }) => ({ submissions: context.submissions + 1 })),
    recordRejection: assign(({ context, event }) =>
      event.type === 'REJECT'
        ? {
            rejection: {
              by: event.actor.id,
              at: event.at,
              submission: context.submissions,
              reasons: event.reasons.filter((r) => r.reason.trim()).map((r) => ({ criterionId: r.criterionId, reason: r.reason.trim() })),
            },
          }
        : {},
    ),
    recordAcceptance: assign(({ context, event }) =>
      event.type === 'ACCEPT'
        ? { acceptance: { by: event.actor.id, at: event.at, submission: context.submissions, meaning: event.meaning, fingerprint: event.fingerprint } }
        : {},
    ),
    recordWaiver: assign(({ event }) => (event.type === 'WAIVE' ? { waiver: { by: event.actor.id, at: event.at, reason: event.reason.trim() } } : {})),
    // Effects: the runtime records these in the outbox.
    notifyReviewer: () => {},
    notifyVendor: () => {},
  },
}).createMachine({
  id: 'deliverable',
  initial: 'planned',
  context: ({ input }) => ({
    key: input.key,
    firmId: input.firmId,
    ownerId: input.ownerId,
    reviewerId: input.reviewerId,
    submissions: 0,
    rejection: null,
    acceptance: null,
    waiver: null,
  }),
  states: {
    planned: {
      on: {
        START: { guard: and(['mayAct', 'payloadValid']), target: 'inProgress' },
        WAIVE: { guard: and(['mayAct', 'payloadValid']), target: 'waived', actions: 'recordWaiver' },
      },
    },
    inProgress: {
      on: {
        SUBMIT: { guard: and(['mayAct', 'payloadValid']), target: 'submitted', actions: ['recordSubmission', 'notifyReviewer'] },
        WAIVE: { guard: and(['mayAct', 'payloadValid']), target: 'waived', actions: 'recordWaiver' },
      },
    },
    submitted: {
      on: {
        REVIEW: { guard: and(['mayAct', 'payloadValid']), target: 'inReview' },
        WAIVE: { guard: and(['mayAct', 'payloadValid']), target: 'waived', actions: 'recordWaiver' },
      },
    },
    inReview: {
      on: {
        ACCEPT: { guard: and(['mayAct', 'payloadValid']), target: 'accepted', actions: ['recordAcceptance', 'notifyVendor'] },
        REJECT: { guard: and(['mayAct', 'payloadValid']), target: 'rejected', actions: ['recordRejection', 'notifyVendor'] },
        WAIVE: { guard: and(['mayAct', 'payloadValid']), target: 'waived', actions: 'recordWaiver' },
      },
    },
    rejected: {
      on: {
        SUBMIT: { guard: and(['mayAct', 'payloadValid']), target: 'submitted', actions: ['recordSubmission', 'notifyReviewer'] },
        WAIVE: { guard: and(['mayAct', 'payloadValid']), target: 'waived', actions: 'recordWaiver' },
      },
    },
    // Accepted is final for the vendor relationship: it cannot be waived or taken back (a later failing
    // run shows a warning on the deliverable, it does not rewrite the acceptance).
    accepted: { type: 'final' },
    waived: { type: 'final' },
  },
});

const accepts: Record<DeliverableState, DeliverableEvent['type'][]> = {
  planned: ['START', 'WAIVE'],
  inProgress: ['SUBMIT', 'WAIVE'],
  submitted: ['REVIEW', 'WAIVE'],
  inReview: ['ACCEPT', 'REJECT', 'WAIVE'],
  rejected: ['SUBMIT', 'WAIVE'],
  accepted: [],
  waived: [],
};

/** The reason a refused event was refused, in words for the person who tried it. */
export function deliverableRefusal(state: string, context: DeliverableContext, event: DeliverableEvent): string {
  if (accepts[state as DeliverableState]?.includes(event.type)) return deliverableEventProblem(context, event) ?? 'Not accepted.';
  const label = deliverableStateLabels[state as DeliverableState] ?? state;
  return `You cannot ${deliverableEventLabels[event.type]} while the deliverable is "${label}".`;
}

export const deliverableWorkflow = {
  id: 'deliverable',
  version: 1,
  machine: deliverableMachine,
  refusal: deliverableRefusal,
  effects: ['notifyReviewer', 'notifyVendor'],
  mayNot: deliverableMayNot,
} as const;
