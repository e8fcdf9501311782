import { and, assign, setup } from 'xstate';
import type { ProjectRole } from '~/db/schema';

/**
 * Sign-off of one requirement version. The author submits it to named stakeholders; each signs with a
 * stated meaning or asks for changes (back to draft for the author, with the comment); when all have
 * signed it is signed off. A signed-off version is superseded when a new version is made; any version
 * can be retired.
 */
export const signatureMeanings = [
  'approved as business owner',
  'approved as finance',
  'approved as legal',
  'approved as sales operations',
  'reviewed, no objection',
] as const;
export type SignatureMeaning = (typeof signatureMeanings)[number];

export type SignoffContext = {
  authorId: number;
  signers: number[];
  signatures: { userId: number; meaning: string; fingerprint: string; at: string }[];
  changeRequest: { by: number; comment: string; at: string } | null;
  fingerprint: string;
};
export type SignoffActor = { id: number; roles: ProjectRole[] };
export type SignoffEvent =
  | { type: 'SUBMIT'; actor: SignoffActor; at: string; signers: number[]; fingerprint: string }
  | { type: 'SIGN'; actor: SignoffActor; at: string; meaning: string; fingerprint: string }
  | { type: 'REQUEST_CHANGES'; actor: SignoffActor; at: string; comment: string }
  | { type: 'WITHDRAW'; actor: SignoffActor; at: string }
  | { type: 'EDIT'; actor: SignoffActor; at: string; fingerprint: string }
  | { type: 'RETIRE'; actor: SignoffActor; at: string }
  | { type: 'SUPERSEDE'; actor: SignoffActor; at: string };
export type SignoffInput = { authorId: number; fingerprint: string };

export const signoffStates = ['draft', 'inReview', 'signedOff', 'superseded', 'retired'] as const;
export type SignoffState = (typeof signoffStates)[number];
export const signoffStateLabels: Record<SignoffState, string> = {
  draft: 'Draft',
  inReview: 'In review',
  signedOff: 'Signed off',
  superseded: 'Superseded',
  retired: 'Retired',
};

const isAuthor = (c: SignoffContext, a: SignoffActor) => c.authorId === a.id;
const authorOrPm = (c: SignoffContext, a: SignoffActor) => isAuthor(c, a) || a.roles.includes('pm');

/** Limits on what a person writes; the payload guard reads them (a test raises one to show pages do not depend on it). */
export const signoffRules = { minCommentLength: 5 };
export type SignoffRules = typeof signoffRules;

const verbs: Record<SignoffEvent['type'], string> = {
  SUBMIT: 'submit it for sign-off',
  SIGN: 'sign it',
  REQUEST_CHANGES: 'request changes',
  WITHDRAW: 'withdraw it from review',
  EDIT: 'edit it',
  RETIRE: 'retire it',
  SUPERSEDE: 'supersede it',
};

/**
 * Why this person may not send an event of this type now, or null: whether they are the author, a
 * named signer who has not signed yet, or the PM. What they send with it is `signoffPayloadProblem`'s.
 */
export function signoffMayNot(c: SignoffContext, type: SignoffEvent['type'], actor: SignoffActor): string | null {
  switch (type) {
    case 'SUBMIT':
      return isAuthor(c, actor) ? null : 'Only the author can submit this requirement for sign-off.';
    case 'SIGN':
    case 'REQUEST_CHANGES':
      if (isAuthor(c, actor)) return 'The author cannot sign their own requirement.';
      if (!c.signers.includes(actor.id)) return 'You are not one of the named signers.';
      if (c.signatures.some((s) => s.userId === actor.id)) return 'You have already signed this version.';
      return null;
    case 'EDIT':
    case 'WITHDRAW':
      return isAuthor(c, actor) ? null : `Only the author can ${verbs[type]}.`;
    case 'RETIRE':
      return authorOrPm(c, actor) ? null : 'Only the author or the project manager can retire a requirement.';
    case 'SUPERSEDE':
      return null;
  }
}

/** What is wrong with what the person sent (signers named, meaning, fingerprint, comment), or null. */
export function signoffPayloadProblem(c: SignoffContext, e: SignoffEvent, rules: SignoffRules = signoffRules): string | null {
  switch (e.type) {
    case 'SUBMIT':
      if (e.signers.length === 0) return 'Name at least one signer.';
      if (new Set(e.signers).size !== e.signers.length) return 'A signer is named twice.';
      if (e.signers.includes(c.authorId)) return 'The author cannot sign their own requirement.';
      if (e.fingerprint !== c.fingerprint) return 'The requirement changed since you opened it; reload and submit again.';
      return null;
    case 'SIGN':
      if (!(signatureMeanings as readonly string[]).includes(e.meaning)) return 'Choose the meaning of your signature.';
      if (e.fingerprint !== c.fingerprint) return 'The content changed since you read it; reload before signing.';
      return null;
    case 'REQUEST_CHANGES':
      return e.comment.trim().length < rules.minCommentLength ? 'Say what should change (at least 5 characters).' : null;
    default:
      return null;
  }
}

export const submitProblem = (c: SignoffContext, e: Extract<SignoffEvent, { type: 'SUBMIT' }>) =>
  signoffMayNot(c, e.type, e.actor) ?? signoffPayloadProblem(c, e);

export const signProblem = (c: SignoffContext, e: Extract<SignoffEvent, { type: 'SIGN' | 'REQUEST_CHANGES' }>) =>
  signoffMayNot(c, e.type, e.actor) ?? signoffPayloadProblem(c, e);

export const requirementSignoffMachine = setup({
  types: { context: {} as SignoffContext, events: {} as SignoffEvent, input: {} as SignoffInput },
  guards: {
    /** Who may: author, named signer who has not signed, PM. */
    mayAct: ({ context, event }) => signoffMayNot(context, event.type, event.actor) === null,
    /** What they sent: signers, meaning, fingerprint, comment. */
    payloadValid: ({ context, event }) => signoffPayloadProblem(context, event) === null,
    lastSignature: ({ context, event }) =>
      event.type === 'SIGN' && context.signers.every((id) => id === event.actor.id || context.signatures.some((s) => s.userId === id)),
  },
  actions: {
    recordSubmit: assign(({ event }) => (event.type === 'SUBMIT' ? { signers: event.signers, signatures: [], changeRequest: null } : {})),
    recordSignature: assign(({ context, event }) =>
      event.type === 'SIGN'
        ? { signatures: [...context.signatures, { userId: event.actor.id, meaning: event.meaning, fingerprint: event.fingerprint, at: event.at }] }
        : {},
    ),
    recordChangeRequest: assign(({ event }) =>
      event.type === 'REQUEST_CHANGES' ? { changeRequest: { by: event.actor.id, comment: event.comment.trim(), at: event.at }, signatures: [] } : {},
    ),
    clearReview: assign({ signatures: [] }),
    recordEdit: assign(({ event }) => (event.type === 'EDIT' ? { fingerprint: event.fingerprint } : {})),
    notifySigners: () => {},
    notifyAuthor: () => {},
  },
}).createMachine({
  id: 'requirementSignoff',
  initial: 'draft',
  context: ({ input }) => ({ authorId: input.authorId, signers: [], signatures: [], changeRequest: null, fingerprint: input.fingerprint }),
  states: {
    draft: {
      on: {
        SUBMIT: { guard: and(['mayAct', 'payloadValid']), target: 'inReview', actions: ['recordSubmit', 'notifySigners'] },
        EDIT: { guard: and(['mayAct', 'payloadValid']), actions: 'recordEdit' },
        RETIRE: { guard: and(['mayAct', 'payloadValid']), target: 'retired' },
      },
    },
    inReview: {
      on: {
        SIGN: [
          { guard: and(['mayAct', 'payloadValid', 'lastSignature']), target: 'signedOff', actions: ['recordSignature', 'notifyAuthor'] },
          { guard: and(['mayAct', 'payloadValid']), actions: 'recordSignature' },
        ],
        REQUEST_CHANGES: { guard: and(['mayAct', 'payloadValid']), target: 'draft', actions: ['recordChangeRequest', 'notifyAuthor'] },
        WITHDRAW: { guard: and(['mayAct', 'payloadValid']), target: 'draft', actions: 'clearReview' },
      },
    },
    signedOff: {
      on: {
        SUPERSEDE: 'superseded',
        RETIRE: { guard: and(['mayAct', 'payloadValid']), target: 'retired' },
      },
    },
    superseded: { type: 'final' },
    retired: { type: 'final' },
  },
});

export function signoffRefusal(state: string, context: SignoffContext, event: SignoffEvent): string {
  if (event.type === 'SUBMIT' && state === 'draft') return submitProblem(context, event) ?? 'The submission was not accepted.';
  if ((event.type === 'SIGN' || event.type === 'REQUEST_CHANGES') && state === 'inReview') return signProblem(context, event) ?? 'Not accepted.';
  if (
    (event.type === 'EDIT' && state === 'draft') ||
    (event.type === 'WITHDRAW' && state === 'inReview') ||
    (event.type === 'RETIRE' && (state === 'draft' || state === 'signedOff'))
  )
    return signoffMayNot(context, event.type, event.actor) ?? 'Not accepted.';
  const label = signoffStateLabels[state as SignoffState] ?? state;
  return `You cannot ${verbs[event.type]} while the requirement is "${label}".`;
}

export const requirementSignoff = {
  id: 'requirementSignoff',
  version: 1,
  machine: requirementSignoffMachine,
  refusal: signoffRefusal,
  effects: ['notifySigners', 'notifyAuthor'],
  mayNot: signoffMayNot,
} as const;
