import { assign, setup } from 'xstate';
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

export function submitProblem(c: SignoffContext, e: Extract<SignoffEvent, { type: 'SUBMIT' }>) {
  if (!isAuthor(c, e.actor)) return 'Only the author can submit this requirement for sign-off.';
  if (e.signers.length === 0) return 'Name at least one signer.';
  if (new Set(e.signers).size !== e.signers.length) return 'A signer is named twice.';
  if (e.signers.includes(c.authorId)) return 'The author cannot sign their own requirement.';
  if (e.fingerprint !== c.fingerprint) return 'The requirement changed since you opened it; reload and submit again.';
  return null;
}

export function signProblem(c: SignoffContext, e: Extract<SignoffEvent, { type: 'SIGN' | 'REQUEST_CHANGES' }>) {
  if (isAuthor(c, e.actor)) return 'The author cannot sign their own requirement.';
  if (!c.signers.includes(e.actor.id)) return 'You are not one of the named signers.';
  if (c.signatures.some((s) => s.userId === e.actor.id)) return 'You have already signed this version.';
  if (e.type === 'SIGN' && !(signatureMeanings as readonly string[]).includes(e.meaning)) return 'Choose the meaning of your signature.';
  if (e.type === 'SIGN' && e.fingerprint !== c.fingerprint) return 'The content changed since you read it; reload before signing.';
  if (e.type === 'REQUEST_CHANGES' && e.comment.trim().length < 5) return 'Say what should change (at least 5 characters).';
  return null;
}

const authorOrPm = (c: SignoffContext, a: SignoffActor) => isAuthor(c, a) || a.roles.includes('pm');

export const requirementSignoffMachine = setup({
  types: { context: {} as SignoffContext, events: {} as SignoffEvent, input: {} as SignoffInput },
  guards: {
    submitAcceptable: ({ context, event }) => event.type === 'SUBMIT' && submitProblem(context, event) === null,
    signAcceptable: ({ context, event }) =>
      (event.type === 'SIGN' || event.type === 'REQUEST_CHANGES') && signProblem(context, event) === null,
    completesSignOff: ({ context, event }) =>
      event.type === 'SIGN' &&
      signProblem(context, event) === null &&
      context.signers.every((id) => id === event.actor.id || context.signatures.some((s) => s.userId === id)),
    byAuthor: ({ context, event }) => isAuthor(context, event.actor),
    byAuthorOrPm: ({ context, event }) => authorOrPm(context, event.actor),
  },
  actions: {
    recordSubmit: assign(({ event }) =>
      event.type === 'SUBMIT' ? { signers: event.signers, signatures: [], changeRequest: null } : {},
    ),
    recordSignature: assign(({ context, event }) =>
      event.type === 'SIGN'
        ? { signatures: [...context.signatures, { userId: event.actor.id, meaning: event.meaning, fingerprint: event.fingerprint, at: event.at }] }
        : {},
    ),
    recordChangeRequest: assign(({ event }) =>
      event.type === 'REQUEST_CHANGES'
        ? { changeRequest: { by: event.actor.id, comment: event.comment.trim(), at: event.at }, signatures: [] }
        : {},
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
        SUBMIT: { guard: 'submitAcceptable', target: 'inReview', actions: ['recordSubmit', 'notifySigners'] },
        EDIT: { guard: 'byAuthor', actions: 'recordEdit' },
        RETIRE: { guard: 'byAuthorOrPm', target: 'retired' },
      },
    },
    inReview: {
      on: {
        SIGN: [
          { guard: 'completesSignOff', target: 'signedOff', actions: ['recordSignature', 'notifyAuthor'] },
          { guard: 'signAcceptable', actions: 'recordSignature' },
        ],
        REQUEST_CHANGES: { guard: 'signAcceptable', target: 'draft', actions: ['recordChangeRequest', 'notifyAuthor'] },
        WITHDRAW: { guard: 'byAuthor', target: 'draft', actions: 'clearReview' },
      },
    },
    signedOff: {
      on: {
        SUPERSEDE: 'superseded',
        RETIRE: { guard: 'byAuthorOrPm', target: 'retired' },
      },
    },
    superseded: { type: 'final' },
    retired: { type: 'final' },
  },
});

const verbs: Record<SignoffEvent['type'], string> = {
  SUBMIT: 'submit it for sign-off',
  SIGN: 'sign it',
  REQUEST_CHANGES: 'request changes',
  WITHDRAW: 'withdraw it from review',
  EDIT: 'edit it',
  RETIRE: 'retire it',
  SUPERSEDE: 'supersede it',
};

export function signoffRefusal(state: string, context: SignoffContext, event: SignoffEvent): string {
  if (event.type === 'SUBMIT' && state === 'draft') return submitProblem(context, event) ?? 'The submission was not accepted.';
  if ((event.type === 'SIGN' || event.type === 'REQUEST_CHANGES') && state === 'inReview')
    return signProblem(context, event) ?? 'Not accepted.';
  if ((event.type === 'EDIT' && state === 'draft') || (event.type === 'WITHDRAW' && state === 'inReview'))
    return `Only the author can ${verbs[event.type]}.`;
  if (event.type === 'RETIRE' && (state === 'draft' || state === 'signedOff'))
    return 'Only the author or the project manager can retire a requirement.';
  const label = signoffStateLabels[state as SignoffState] ?? state;
  return `You cannot ${verbs[event.type]} while the requirement is "${label}".`;
}

export const requirementSignoff = {
  id: 'requirementSignoff',
  version: 1,
  machine: requirementSignoffMachine,
  refusal: signoffRefusal,
  effects: ['notifySigners', 'notifyAuthor'],
} as const;
