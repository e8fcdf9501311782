import { and, assign, setup } from 'xstate';
import type { ProjectRole } from '~/db/schema';

/**
 * A defect: open -> in progress -> fixed -> verified -> closed, or reopened. Whoever fixed it does not
 * verify it.
 */
export type DefectContext = {
  fixedBy: number | null;
  verifiedBy: number | null;
  reopenReason: string | null;
  reopened: number;
  // Added without a new machine version: instances from before read them as absent.
  /** What the fixer says was changed, and the plan version that carries the fix (payout cases). */
  fixNote?: string | null;
  fixPlanVersionId?: number | null;
  /** The run of the originating case that passed when the fix was verified. */
  verifiedRunId?: number | null;
};
export type DefectActor = { id: number; roles: ProjectRole[] };
export type DefectEvent =
  | { type: 'START'; actor: DefectActor }
  | { type: 'FIX'; actor: DefectActor; note: string; planVersionId?: number | null }
  | { type: 'VERIFY'; actor: DefectActor; runId?: number | null }
  | { type: 'CLOSE'; actor: DefectActor }
  | { type: 'REOPEN'; actor: DefectActor; reason: string };

export const defectStates = ['open', 'inProgress', 'fixed', 'verified', 'closed'] as const;
export type DefectState = (typeof defectStates)[number];
/** A defect's severity in words, wherever it is shown or filtered on (1 is the most severe). */
export const defectSeverityNames: Record<number, string> = { 1: 'critical', 2: 'major', 3: 'moderate', 4: 'minor' };
export const defectSeverityLabels: Record<number, string> = Object.fromEntries(Object.entries(defectSeverityNames).map(([n, name]) => [n, `${n} · ${name}`]));
export const severityLabel = (severity: number) => defectSeverityLabels[severity] ?? String(severity);
/** The name alone, for places that put a count beside it ("2 major"). */
export const severityName = (severity: number) => defectSeverityNames[severity] ?? `severity ${severity}`;

export const defectStateLabels: Record<DefectState, string> = {
  open: 'Open',
  inProgress: 'In progress',
  fixed: 'Fixed',
  verified: 'Verified',
  closed: 'Closed',
};

const fixers = (a: DefectActor) => a.roles.includes('analyst') || a.roles.includes('pm');
const testers = (a: DefectActor) => a.roles.includes('tester');

/** Limits on what a person writes; the payload guard reads them (a test raises one to show pages do not depend on it). */
export const defectRules = { minReopenReasonLength: 5, minFixNoteLength: 5 };
export type DefectRules = typeof defectRules;

/** Why this person may not send an event of this type now (their role; the fixer never verifies), or null. */
export function defectMayNot(c: DefectContext, type: DefectEvent['type'], actor: DefectActor): string | null {
  switch (type) {
    case 'START':
    case 'FIX':
      return fixers(actor) ? null : 'Only the analyst who owns the configuration, or the PM, works on a fix.';
    case 'VERIFY':
      if (!testers(actor)) return 'Only a tester verifies a fix.';
      return actor.id === c.fixedBy ? 'You fixed this defect, so someone else must verify it.' : null;
    case 'CLOSE':
      return testers(actor) || actor.roles.includes('pm') ? null : 'Only a tester or the PM closes a defect.';
    case 'REOPEN':
      return testers(actor) || actor.roles.includes('pm') ? null : 'Only a tester or the PM reopens a defect.';
  }
}

/** What is wrong with what the person sent (a reopen's reason, a fix's note), or null. */
export function defectPayloadProblem(e: DefectEvent, rules: DefectRules = defectRules): string | null {
  if (e.type === 'REOPEN' && e.reason.trim().length < rules.minReopenReasonLength) return 'Say why it is reopened (at least 5 characters).';
  if (e.type === 'FIX' && e.note.trim().length < rules.minFixNoteLength) return 'Say what was changed (at least 5 characters): the verifier reads it.';
  return null;
}

export function defectProblem(c: DefectContext, e: DefectEvent): string | null {
  return defectMayNot(c, e.type, e.actor) ?? defectPayloadProblem(e);
}

const allowed = and(['mayAct', 'payloadValid']);
const reopen = { guard: allowed, target: 'open', actions: 'recordReopen' } as const;

export const defectMachine = setup({
  types: { context: {} as DefectContext, events: {} as DefectEvent },
  guards: {
    /** Who may: the sender's role, and the fixer never verifies. */
    mayAct: ({ context, event }) => defectMayNot(context, event.type, event.actor) === null,
    /** What they sent: a reopen's reason, a fix's note. */
    payloadValid: ({ event }) => defectPayloadProblem(event) === null,
  },
  actions: {
    recordFix: assign(({ event }) =>
      event.type === 'FIX' ? { fixedBy: event.actor.id, fixNote: event.note.trim(), fixPlanVersionId: event.planVersionId ?? null } : {},
    ),
    recordVerify: assign(({ event }) => (event.type === 'VERIFY' ? { verifiedBy: event.actor.id, verifiedRunId: event.runId ?? null } : {})),
    recordReopen: assign(({ context, event }) =>
      event.type === 'REOPEN' ? { reopenReason: event.reason.trim(), reopened: context.reopened + 1, verifiedBy: null, verifiedRunId: null } : {},
    ),
    notifyFixer: () => {},
  },
}).createMachine({
  id: 'defect',
  initial: 'open',
  context: { fixedBy: null, verifiedBy: null, reopenReason: null, reopened: 0, fixNote: null, fixPlanVersionId: null, verifiedRunId: null },
  states: {
    open: { on: { START: { guard: allowed, target: 'inProgress' }, FIX: { guard: allowed, target: 'fixed', actions: 'recordFix' } } },
    inProgress: { on: { FIX: { guard: allowed, target: 'fixed', actions: 'recordFix' } } },
    fixed: { on: { VERIFY: { guard: allowed, target: 'verified', actions: 'recordVerify' }, REOPEN: { ...reopen, actions: ['recordReopen', 'notifyFixer'] } } },
    verified: { on: { CLOSE: { guard: allowed, target: 'closed' }, REOPEN: reopen } },
    closed: { on: { REOPEN: reopen } },
  },
});

const verbs: Record<DefectEvent['type'], string> = { START: 'start work on', FIX: 'mark fixed', VERIFY: 'verify', CLOSE: 'close', REOPEN: 'reopen' };

export const defectWorkflow = {
  id: 'defect',
  version: 1,
  machine: defectMachine,
  refusal: (state: string, context: DefectContext, event: DefectEvent) => {
    const transitionsHere = defectMachine.root.states[state]?.ownEvents ?? [];
    if (transitionsHere.includes(event.type)) return defectProblem(context, event) ?? 'Not accepted.';
    return `You cannot ${verbs[event.type]} a defect that is "${defectStateLabels[state as DefectState] ?? state}".`;
  },
  effects: ['notifyFixer'],
  mayNot: defectMayNot,
} as const;
