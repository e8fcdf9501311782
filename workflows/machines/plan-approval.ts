import { and, assign, setup } from 'xstate';
import type { ApprovalGroup, ProjectRole } from '~/db/schema';

/**
 * The approval of one compensation plan version, from draft to the version people are paid by.
 *
 * draft -> validating (VALIDATE: the linked payout cases run on this version; it is frozen while it is
 * checked) -> in approval (SUBMIT, only when every computed criterion is met) -> approved (the last group
 * of the route signed) -> published (PUBLISH by the PM, applying from a date) -> superseded (when the next
 * published version comes into effect). The route's groups sign in order; the people of a group in
 * parallel. A reject from any group returns the version to draft with the reason; the author may
 * withdraw it from validation or approval. Whoever authored or edited the version never approves it;
 * approvers are stakeholders of the project, never a vendor representative.
 * docs/decisions/0011-plan-approval.md.
 */
export type PlanSignature = { userId: number; meaning: string; fingerprint: string; group: number; at: string };
export type PlanApprovalContext = {
  planKey: string;
  number: number;
  /** Everyone who authored, uploaded or edited this version: none of them may approve it. */
  editors: number[];
  /** The content fingerprint (the document's hash): a signature names it. */
  fingerprint: string;
  /** The route as it was when the version was submitted (the plan's route may change later). */
  route: ApprovalGroup[];
  /** The index of the group whose turn it is, while in approval. */
  group: number;
  signatures: PlanSignature[];
  rejection: { by: number; reason: string; group: number; at: string } | null;
  /** The computed validation at submission: the payout cases that passed on this version, by key and run. */
  validation: { at: string; cases: { key: string; runId: number }[] } | null;
  effectiveFrom: string | null;
  /** When the linked payout cases were last run on this version (VALIDATE). */
  validatedAt: string | null;
  /** Submissions so far: a signature names the round it was given in, so a page of an earlier round signs nothing. */
  round: number;
};
export type PlanActor = { id: number; roles: ProjectRole[] };
/** Who sends an event, and (for SUBMIT) the computed validation criteria that are not met now, as the command evaluated them. */
export type PlanParty = { actor: PlanActor; unmet?: string[] };
export type PlanApprovalEvent =
  | { type: 'EDIT'; actor: PlanActor; at: string; fingerprint: string }
  | { type: 'VALIDATE'; actor: PlanActor; at: string }
  | { type: 'SUBMIT'; actor: PlanActor; at: string; route: ApprovalGroup[]; fingerprint: string; unmet: string[]; cases: { key: string; runId: number }[] }
  | { type: 'SIGN'; actor: PlanActor; at: string; meaning: string; fingerprint: string }
  | { type: 'REJECT'; actor: PlanActor; at: string; reason: string }
  | { type: 'WITHDRAW'; actor: PlanActor; at: string }
  | { type: 'PUBLISH'; actor: PlanActor; at: string; effectiveFrom: string }
  | { type: 'SUPERSEDE'; actor: PlanActor; at: string };
export type PlanApprovalInput = { planKey: string; number: number; authorId: number; fingerprint: string };

export const planVersionStates = ['draft', 'validating', 'inApproval', 'approved', 'published', 'superseded'] as const;
export type PlanVersionState = (typeof planVersionStates)[number];
export const planVersionStateLabels: Record<PlanVersionState, string> = {
  draft: 'Draft',
  validating: 'Validating',
  inApproval: 'In approval',
  approved: 'Approved',
  published: 'Published',
  superseded: 'Superseded',
};

/** What each event does, in words for history and refusals. */
export const planEventLabels: Record<PlanApprovalEvent['type'], string> = {
  EDIT: 'edit it',
  VALIDATE: 'validate it',
  SUBMIT: 'submit it for approval',
  SIGN: 'sign it',
  REJECT: 'reject it',
  WITHDRAW: 'withdraw it',
  PUBLISH: 'publish it',
  SUPERSEDE: 'supersede it',
};

/** Limits on what a person writes; the payload guard reads them. */
export const planApprovalRules = { minReasonLength: 5 };
export type PlanApprovalRules = typeof planApprovalRules;

const isEditor = (c: PlanApprovalContext, a: PlanActor) => c.editors.includes(a.id);
const isPm = (a: PlanActor) => a.roles.includes('pm');
/** The approvers of the group whose turn it is. */
export const currentGroupOf = (c: PlanApprovalContext) => c.route[c.group]?.approvers ?? [];
const signedInRound = (c: PlanApprovalContext, userId: number) => c.signatures.some((s) => s.userId === userId);
/** Who of the current group has not signed yet. */
export const waitingOn = (c: PlanApprovalContext) => currentGroupOf(c).filter((a) => !signedInRound(c, a.userId));

/**
 * Why this person may not send an event of this type now, or null: whether they authored or edited the
 * version, are the PM, stand in the group whose turn it is and have not signed, and (SUBMIT) whether
 * the computed validation is met. What they type is `planPayloadProblem`'s.
 */
export function planMayNot(c: PlanApprovalContext, type: PlanApprovalEvent['type'], who: PlanParty): string | null {
  const a = who.actor;
  switch (type) {
    case 'EDIT':
      return null;
    case 'VALIDATE':
      return isEditor(c, a) || isPm(a) ? null : 'Only an author of this version or the project manager can validate it.';
    case 'SUBMIT':
      if (!isEditor(c, a) && !isPm(a)) return 'Only an author of this version or the project manager can submit it for approval.';
      if (who.unmet?.length) return `The version is not valid yet: ${who.unmet.join('; ')}.`;
      return null;
    case 'WITHDRAW':
      return isEditor(c, a) ? null : 'Only an author of this version can withdraw it.';
    case 'SIGN':
    case 'REJECT': {
      if (isEditor(c, a)) return 'You authored or edited this version, so you cannot approve or reject it.';
      if (a.roles.includes('vendor')) return 'A vendor representative never approves a plan.';
      if (!a.roles.includes('stakeholder')) return 'Only stakeholders of the project approve a plan.';
      const inRoute = c.route.findIndex((g) => g.approvers.some((x) => x.userId === a.id));
      if (inRoute < 0) return 'You are not on the approval route of this version.';
      if (signedInRound(c, a.id)) return 'You have already signed this version.';
      if (inRoute !== c.group)
        return inRoute > c.group ? `Your group (${inRoute + 1}) is asked once group ${c.group + 1} has signed.` : 'Your group has signed.';
      return null;
    }
    case 'PUBLISH':
      return isPm(a) ? null : 'Only the project manager publishes a plan version.';
    case 'SUPERSEDE':
      return null;
  }
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with what the person sent (route, fingerprint, meaning, reason, date), or null. */
export function planPayloadProblem(c: PlanApprovalContext, e: PlanApprovalEvent, rules: PlanApprovalRules = planApprovalRules): string | null {
  switch (e.type) {
    case 'SUBMIT': {
      if (e.fingerprint !== c.fingerprint) return 'The version changed since you opened it; reload and submit again.';
      if (e.route.length === 0 || e.route.some((g) => g.approvers.length === 0)) return 'The plan has no approval route: the project manager sets one first.';
      const ids = e.route.flatMap((g) => g.approvers.map((x) => x.userId));
      if (new Set(ids).size !== ids.length) return 'A person is named twice on the approval route.';
      const editors = ids.filter((id) => c.editors.includes(id));
      if (editors.length) return 'Someone on the approval route authored or edited this version: change the route so that others approve it.';
      return null;
    }
    case 'SIGN': {
      if (e.fingerprint !== c.fingerprint) return 'The version changed since you read it; reload before signing.';
      const mine = currentGroupOf(c).find((x) => x.userId === e.actor.id);
      if (mine && e.meaning !== mine.meaning) return `The route asks you to sign "${mine.meaning}".`;
      return null;
    }
    case 'REJECT':
      return e.reason.trim().length < rules.minReasonLength ? 'Say why the version is rejected (at least 5 characters).' : null;
    case 'PUBLISH':
      return dayPattern.test(e.effectiveFrom) ? null : 'Enter the effective date as YYYY-MM-DD.';
    case 'EDIT':
      return e.fingerprint ? null : 'The version has no content.';
    default:
      return null;
  }
}

/** Why this event is not acceptable now (who may, then what they sent), or null. */
export const planEventProblem = (c: PlanApprovalContext, e: PlanApprovalEvent) => planMayNot(c, e.type, e) ?? planPayloadProblem(c, e);

/** The signature completes the group whose turn it is. */
const completesGroup = (c: PlanApprovalContext, e: PlanApprovalEvent) => e.type === 'SIGN' && waitingOn(c).every((x) => x.userId === e.actor.id);

/** What an accepted signature does: completes the route (approved), completes its group, or adds one signature. */
export function signatureOutcome(c: PlanApprovalContext, e: PlanApprovalEvent): 'route' | 'group' | 'signature' {
  if (!completesGroup(c, e)) return 'signature';
  return c.group === c.route.length - 1 ? 'route' : 'group';
}

export const planApprovalMachine = setup({
  types: { context: {} as PlanApprovalContext, events: {} as PlanApprovalEvent, input: {} as PlanApprovalInput },
  guards: {
    /** Who may: an editor, the PM, an approver of the current group; the computed validation for SUBMIT. */
    mayAct: ({ context, event }) => planMayNot(context, event.type, event) === null,
    /** What they sent: route, fingerprint, meaning, reason, date. */
    payloadValid: ({ context, event }) => planPayloadProblem(context, event) === null,
    completesGroup: ({ context, event }) => signatureOutcome(context, event) === 'group',
    completesRoute: ({ context, event }) => signatureOutcome(context, event) === 'route',
  },
  actions: {
    recordEdit: assign(({ context, event }) =>
      event.type === 'EDIT'
        ? { fingerprint: event.fingerprint, editors: isEditor(context, event.actor) ? context.editors : [...context.editors, event.actor.id] }
        : {},
    ),
    recordSubmit: assign(({ context, event }) =>
      event.type === 'SUBMIT'
        ? { route: event.route, group: 0, signatures: [], rejection: null, validation: { at: event.at, cases: event.cases }, round: context.round + 1 }
        : {},
    ),
    recordSignature: assign(({ context, event }) =>
      event.type === 'SIGN'
        ? {
            signatures: [
              ...context.signatures,
              { userId: event.actor.id, meaning: event.meaning, fingerprint: event.fingerprint, group: context.group, at: event.at },
            ],
          }
        : {},
    ),
    nextGroup: assign(({ context }) => ({ group: context.group + 1 })),
    recordRejection: assign(({ context, event }) =>
      event.type === 'REJECT' ? { rejection: { by: event.actor.id, reason: event.reason.trim(), group: context.group, at: event.at }, validation: null } : {},
    ),
    clearApproval: assign({ validation: null }),
    recordValidate: assign(({ event }) => (event.type === 'VALIDATE' ? { validatedAt: event.at } : {})),
    recordPublish: assign(({ event }) => (event.type === 'PUBLISH' ? { effectiveFrom: event.effectiveFrom } : {})),
    // Effects: the runtime records these in the outbox.
    notifyApprovers: () => {},
    notifyAuthors: () => {},
  },
}).createMachine({
  id: 'planApproval',
  initial: 'draft',
  context: ({ input }) => ({
    planKey: input.planKey,
    number: input.number,
    editors: [input.authorId],
    fingerprint: input.fingerprint,
    route: [],
    group: 0,
    signatures: [],
    rejection: null,
    validation: null,
    effectiveFrom: null,
    validatedAt: null,
    round: 0,
  }),
  states: {
    draft: {
      on: {
        EDIT: { guard: and(['mayAct', 'payloadValid']), actions: 'recordEdit' },
        VALIDATE: { guard: and(['mayAct', 'payloadValid']), target: 'validating', actions: 'recordValidate' },
      },
    },
    validating: {
      on: {
        VALIDATE: { guard: and(['mayAct', 'payloadValid']), actions: 'recordValidate' },
        SUBMIT: { guard: and(['mayAct', 'payloadValid']), target: 'inApproval', actions: ['recordSubmit', 'notifyApprovers'] },
        WITHDRAW: { guard: and(['mayAct', 'payloadValid']), target: 'draft' },
      },
    },
    inApproval: {
      on: {
        SIGN: [
          { guard: and(['mayAct', 'payloadValid', 'completesRoute']), target: 'approved', actions: ['recordSignature', 'notifyAuthors'] },
          { guard: and(['mayAct', 'payloadValid', 'completesGroup']), actions: ['recordSignature', 'nextGroup', 'notifyApprovers'] },
          { guard: and(['mayAct', 'payloadValid']), actions: 'recordSignature' },
        ],
        REJECT: { guard: and(['mayAct', 'payloadValid']), target: 'draft', actions: ['recordRejection', 'notifyAuthors'] },
        WITHDRAW: { guard: and(['mayAct', 'payloadValid']), target: 'draft', actions: 'clearApproval' },
      },
    },
    approved: {
      on: { PUBLISH: { guard: and(['mayAct', 'payloadValid']), target: 'published', actions: 'recordPublish' } },
    },
    published: { on: { SUPERSEDE: 'superseded' } },
    superseded: { type: 'final' },
  },
});

/** The reason a refused event was refused, in words for the person who tried it. */
export function planRefusal(state: string, context: PlanApprovalContext, event: PlanApprovalEvent): string {
  const accepts: Record<string, PlanApprovalEvent['type'][]> = {
    draft: ['EDIT', 'VALIDATE'],
    validating: ['VALIDATE', 'SUBMIT', 'WITHDRAW'],
    inApproval: ['SIGN', 'REJECT', 'WITHDRAW'],
    approved: ['PUBLISH'],
  };
  if (accepts[state]?.includes(event.type)) return planEventProblem(context, event) ?? 'Not accepted.';
  const label = planVersionStateLabels[state as PlanVersionState] ?? state;
  return `You cannot ${planEventLabels[event.type]} while the version is "${label}".`;
}

export const planApproval = {
  id: 'planApproval',
  version: 1,
  machine: planApprovalMachine,
  refusal: planRefusal,
  effects: ['notifyApprovers', 'notifyAuthors'],
  mayNot: planMayNot,
} as const;
