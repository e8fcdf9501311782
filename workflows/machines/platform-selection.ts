import { and, assign, setup } from 'xstate';
import type { ProjectRole } from '~/db/schema';
import { eq, parseDecimal, rat } from '../selection/rational';

/**
 * A platform selection (issue 18, docs/decisions/0022-platform-selection.md).
 *
 * criteriaDrafted (the PM edits needs, candidates, criteria and weights) -> criteriaLocked (LOCK: the
 * sponsor named when it started, never whoever set it up, signs with password and meaning; refused unless
 * the weights sum to exactly 100; weights never move after) -> scoring (OPEN_SCORING, the PM) -> review
 * (the last named evaluator SUBMITs a complete score sheet, or the PM closes scoring: CLOSE_SCORING, once
 * at least one sheet is in) -> decided (DECIDE: the sponsor signs the decision, naming the version and the
 * results fingerprint they saw). REOPEN (the sponsor, with a reason) takes a review or a decision back to
 * scoring: the decision is voided and every evaluator submits again (a new round). An evaluator reads
 * no one else's scores until they submitted (`mayReadScores`).
 */
export type SelectionActor = { id: number; roles: ProjectRole[] };

export type SelectionDecision = { by: number; at: string; meaning: string; fingerprint: string; version: number; candidateId: number; round: number };
export type SelectionContext = {
  key: string;
  /** Who set the selection up (the PM): never signs it. */
  managerId: number;
  sponsorId: number;
  evaluatorIds: number[];
  /** 1, then one more at each reopening: a reopened selection is scored again. */
  round: number;
  lock: { by: number; at: string; meaning: string; fingerprint: string } | null;
  /** The sheets submitted in this round. */
  submitted: { evaluatorId: number; at: string }[];
  scoringClosed: { by: number; at: string } | null;
  decision: SelectionDecision | null;
  /** Decisions voided by a reopening, with who reopened it and why. */
  voided: { decision: SelectionDecision | null; by: number; at: string; reason: string }[];
};
export type SelectionInput = { key: string; managerId: number; sponsorId: number; evaluatorIds: number[] };

export type SelectionEvent =
  | {
      type: 'LOCK';
      actor: SelectionActor;
      at: string;
      meaning: string;
      fingerprint: string;
      /** The sum of the weights as a decimal string, computed by the command from the criteria. */
      weightsTotal: string;
      /** What else keeps the criteria from being locked (fewer than two candidates, a derived criterion with no must-have need). */
      setupProblems: string[];
    }
  | { type: 'OPEN_SCORING'; actor: SelectionActor; at: string }
  | { type: 'SUBMIT'; actor: SelectionActor; at: string /** Scores or comments still missing on the sheet. */; missing: number }
  | { type: 'CLOSE_SCORING'; actor: SelectionActor; at: string }
  | { type: 'DECIDE'; actor: SelectionActor; at: string; meaning: string; fingerprint: string; version: number; candidateId: number }
  | { type: 'REOPEN'; actor: SelectionActor; at: string; reason: string };

export const selectionStates = ['criteriaDrafted', 'criteriaLocked', 'scoring', 'review', 'decided'] as const;
export type SelectionState = (typeof selectionStates)[number];
export const selectionStateLabels: Record<SelectionState, string> = {
  criteriaDrafted: 'Criteria drafted',
  criteriaLocked: 'Criteria locked',
  scoring: 'Scoring',
  review: 'In review',
  decided: 'Decided',
};
export const selectionEventLabels: Record<SelectionEvent['type'], string> = {
  LOCK: 'lock the criteria',
  OPEN_SCORING: 'open scoring',
  SUBMIT: 'submit a score sheet',
  CLOSE_SCORING: 'close scoring',
  DECIDE: 'sign the decision',
  REOPEN: 'reopen the selection',
};
export const selectionEventsDone: Record<SelectionEvent['type'], string> = {
  LOCK: 'signed the criteria lock',
  OPEN_SCORING: 'opened scoring',
  SUBMIT: 'submitted a score sheet',
  CLOSE_SCORING: 'closed scoring',
  DECIDE: 'signed the decision',
  REOPEN: 'reopened it',
};

export const selectionRules = { minReasonLength: 5 };

const isPm = (a: SelectionActor) => a.roles.includes('pm');
const hasSubmitted = (c: SelectionContext, id: number) => c.submitted.some((s) => s.evaluatorId === id);

/** Why this person may not send an event of this type now, or null. */
export function selectionMayNot(c: SelectionContext, type: SelectionEvent['type'], actor: SelectionActor): string | null {
  switch (type) {
    case 'LOCK':
    case 'DECIDE':
    case 'REOPEN':
      if (actor.id === c.managerId) return 'Whoever set the selection up never signs it: the sponsor does.';
      return actor.id === c.sponsorId ? null : `Only the sponsor named for this selection can ${selectionEventLabels[type]}.`;
    case 'OPEN_SCORING':
    case 'CLOSE_SCORING':
      return isPm(actor) ? null : `Only the project manager can ${selectionEventLabels[type]}.`;
    case 'SUBMIT':
      if (!c.evaluatorIds.includes(actor.id)) return 'Only a named evaluator submits a score sheet.';
      return hasSubmitted(c, actor.id) ? 'Your score sheet is already submitted.' : null;
  }
}

/** What is wrong with what the person sent (weights, a complete sheet, a meaning, a reason), or null. */
export function selectionPayloadProblem(c: SelectionContext, e: SelectionEvent, rules = selectionRules): string | null {
  switch (e.type) {
    case 'LOCK': {
      let total: ReturnType<typeof parseDecimal>;
      try {
        total = parseDecimal(e.weightsTotal);
      } catch {
        return 'The weights must be numbers that sum to 100.';
      }
      if (!eq(total, rat(100))) return `The weights must sum to exactly 100; they sum to ${e.weightsTotal}.`;
      if (e.setupProblems.length) return e.setupProblems.join(' ');
      if (!e.meaning.trim()) return 'Choose the meaning of your signature.';
      return e.fingerprint ? null : 'Reload the selection: the signature names the criteria you were shown.';
    }
    case 'SUBMIT':
      return e.missing > 0 ? `Score every candidate on every criterion with a comment before submitting: ${e.missing} still missing.` : null;
    case 'CLOSE_SCORING':
      return c.submitted.length > 0 ? null : 'Scoring closes once at least one evaluator has submitted a sheet.';
    case 'DECIDE':
      if (!e.meaning.trim()) return 'Choose the meaning of your signature.';
      return e.fingerprint ? null : 'Reload the results: the signature names the results you were shown.';
    case 'REOPEN':
      return e.reason.trim().length < rules.minReasonLength ? `Say why the selection is reopened (at least ${rules.minReasonLength} characters).` : null;
    case 'OPEN_SCORING':
      return null;
  }
}

export const selectionEventProblem = (c: SelectionContext, e: SelectionEvent) => selectionMayNot(c, e.type, e.actor) ?? selectionPayloadProblem(c, e);

/**
 * Blind scoring: whether `readerId` may read the scores of `evaluatorId`. Their own, always. Anyone
 * else's: a named evaluator once they submitted in this round (or once scoring is over), anyone else
 * (the PM, the sponsor) once scoring is over (review or decided). Pages showing others' scores answer
 * 404 otherwise (workflows/selection/access.ts).
 */
export function mayReadScores(state: string, c: SelectionContext, readerId: number, evaluatorId: number | 'others'): boolean {
  if (evaluatorId === readerId) return true;
  if (state === 'review' || state === 'decided') return true;
  return c.evaluatorIds.includes(readerId) && hasSubmitted(c, readerId) && (state === 'scoring' || state === 'criteriaLocked');
}

const guarded = and(['mayAct', 'payloadValid']);

export const platformSelectionMachine = setup({
  types: { context: {} as SelectionContext, events: {} as SelectionEvent, input: {} as SelectionInput },
  guards: {
    mayAct: ({ context, event }) => selectionMayNot(context, event.type, event.actor) === null,
    payloadValid: ({ context, event }) => selectionPayloadProblem(context, event) === null,
    /** This sheet is the last one the named evaluators owed. */
    lastSheet: ({ context, event }) => context.evaluatorIds.every((id) => id === event.actor.id || hasSubmitted(context, id)),
  },
  actions: {
    recordLock: assign(({ event }) =>
      event.type === 'LOCK' ? { lock: { by: event.actor.id, at: event.at, meaning: event.meaning, fingerprint: event.fingerprint } } : {},
    ),
    recordSubmission: assign(({ context, event }) => ({ submitted: [...context.submitted, { evaluatorId: event.actor.id, at: event.at }] })),
    recordClosing: assign(({ event }) => ({ scoringClosed: { by: event.actor.id, at: event.at } })),
    recordDecision: assign(({ context, event }) =>
      event.type === 'DECIDE'
        ? {
            decision: {
              by: event.actor.id,
              at: event.at,
              meaning: event.meaning,
              fingerprint: event.fingerprint,
              version: event.version,
              candidateId: event.candidateId,
              round: context.round,
            },
          }
        : {},
    ),
    recordReopening: assign(({ context, event }) =>
      event.type === 'REOPEN'
        ? {
            voided: [...context.voided, { decision: context.decision, by: event.actor.id, at: event.at, reason: event.reason.trim() }],
            decision: null,
            submitted: [],
            scoringClosed: null,
            round: context.round + 1,
          }
        : {},
    ),
    // Effects: the runtime records these in the outbox.
    notifyEvaluators: () => {},
    notifySponsor: () => {},
  },
}).createMachine({
  id: 'platformSelection',
  initial: 'criteriaDrafted',
  context: ({ input }) => ({
    key: input.key,
    managerId: input.managerId,
    sponsorId: input.sponsorId,
    evaluatorIds: [...input.evaluatorIds],
    round: 1,
    lock: null,
    submitted: [],
    scoringClosed: null,
    decision: null,
    voided: [],
  }),
  states: {
    criteriaDrafted: {
      on: { LOCK: { guard: guarded, target: 'criteriaLocked', actions: 'recordLock' } },
    },
    criteriaLocked: {
      on: { OPEN_SCORING: { guard: guarded, target: 'scoring', actions: 'notifyEvaluators' } },
    },
    scoring: {
      on: {
        SUBMIT: [
          { guard: and(['mayAct', 'payloadValid', 'lastSheet']), target: 'review', actions: ['recordSubmission', 'notifySponsor'] },
          { guard: guarded, target: 'scoring', actions: 'recordSubmission' },
        ],
        CLOSE_SCORING: { guard: guarded, target: 'review', actions: ['recordClosing', 'notifySponsor'] },
      },
    },
    review: {
      on: {
        DECIDE: { guard: guarded, target: 'decided', actions: 'recordDecision' },
        REOPEN: { guard: guarded, target: 'scoring', actions: ['recordReopening', 'notifyEvaluators'] },
      },
    },
    decided: {
      on: { REOPEN: { guard: guarded, target: 'scoring', actions: ['recordReopening', 'notifyEvaluators'] } },
    },
  },
});

const accepts: Record<SelectionState, SelectionEvent['type'][]> = {
  criteriaDrafted: ['LOCK'],
  criteriaLocked: ['OPEN_SCORING'],
  scoring: ['SUBMIT', 'CLOSE_SCORING'],
  review: ['DECIDE', 'REOPEN'],
  decided: ['REOPEN'],
};

/** The reason a refused event was refused, in words for the person who tried it. */
export function selectionRefusal(state: string, context: SelectionContext, event: SelectionEvent): string {
  if (accepts[state as SelectionState]?.includes(event.type)) return selectionEventProblem(context, event) ?? 'Not accepted.';
  if (event.type === 'SUBMIT' && (state === 'criteriaDrafted' || state === 'criteriaLocked'))
    return 'Scoring starts once the sponsor has locked the criteria and the project manager has opened scoring.';
  const label = selectionStateLabels[state as SelectionState] ?? state;
  return `You cannot ${selectionEventLabels[event.type]} while the selection is "${label}".`;
}

export const platformSelectionWorkflow = {
  id: 'platformSelection',
  version: 1,
  machine: platformSelectionMachine,
  refusal: selectionRefusal,
  effects: ['notifyEvaluators', 'notifySponsor'],
  mayNot: selectionMayNot,
} as const;
