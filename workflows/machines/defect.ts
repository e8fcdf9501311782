import { assign, setup } from 'xstate';
import type { ProjectRole } from '~/db/schema';

/**
 * A defect: open -> in progress -> fixed -> verified -> closed, or reopened. Whoever fixed it does not
 * verify it.
 */
export type DefectContext = { fixedBy: number | null; verifiedBy: number | null; reopenReason: string | null; reopened: number };
export type DefectActor = { id: number; roles: ProjectRole[] };
export type DefectEvent =
  | { type: 'START'; actor: DefectActor }
  | { type: 'FIX'; actor: DefectActor; note: string }
  | { type: 'VERIFY'; actor: DefectActor }
  | { type: 'CLOSE'; actor: DefectActor }
  | { type: 'REOPEN'; actor: DefectActor; reason: string };

export const defectStates = ['open', 'inProgress', 'fixed', 'verified', 'closed'] as const;
export type DefectState = (typeof defectStates)[number];
export const defectStateLabels: Record<DefectState, string> = {
  open: 'Open',
  inProgress: 'In progress',
  fixed: 'Fixed',
  verified: 'Verified',
  closed: 'Closed',
};

const fixers = (a: DefectActor) => a.roles.includes('analyst') || a.roles.includes('pm');
const testers = (a: DefectActor) => a.roles.includes('tester');

export function defectProblem(state: string, c: DefectContext, e: DefectEvent): string | null {
  switch (e.type) {
    case 'START':
    case 'FIX':
      return fixers(e.actor) ? null : 'Only the analyst who owns the configuration, or the PM, works on a fix.';
    case 'VERIFY':
      if (!testers(e.actor)) return 'Only a tester verifies a fix.';
      return e.actor.id === c.fixedBy ? 'You fixed this defect, so someone else must verify it.' : null;
    case 'CLOSE':
      return testers(e.actor) || e.actor.roles.includes('pm') ? null : 'Only a tester or the PM closes a defect.';
    case 'REOPEN':
      if (!(testers(e.actor) || e.actor.roles.includes('pm'))) return 'Only a tester or the PM reopens a defect.';
      return e.reason.trim().length < 5 ? 'Say why it is reopened (at least 5 characters).' : null;
  }
  return `Not possible while the defect is ${state}.`;
}

const ok = ({ context, event }: { context: DefectContext; event: DefectEvent }) => defectProblem('', context, event) === null;
const reopen = { guard: 'allowed', target: 'open', actions: 'recordReopen' } as const;

export const defectMachine = setup({
  types: { context: {} as DefectContext, events: {} as DefectEvent },
  guards: { allowed: ok },
  actions: {
    recordFix: assign(({ event }) => (event.type === 'FIX' ? { fixedBy: event.actor.id } : {})),
    recordVerify: assign(({ event }) => (event.type === 'VERIFY' ? { verifiedBy: event.actor.id } : {})),
    recordReopen: assign(({ context, event }) =>
      event.type === 'REOPEN' ? { reopenReason: event.reason.trim(), reopened: context.reopened + 1, verifiedBy: null } : {},
    ),
    notifyFixer: () => {},
  },
}).createMachine({
  id: 'defect',
  initial: 'open',
  context: { fixedBy: null, verifiedBy: null, reopenReason: null, reopened: 0 },
  states: {
    open: { on: { START: { guard: 'allowed', target: 'inProgress' }, FIX: { guard: 'allowed', target: 'fixed', actions: 'recordFix' } } },
    inProgress: { on: { FIX: { guard: 'allowed', target: 'fixed', actions: 'recordFix' } } },
    fixed: { on: { VERIFY: { guard: 'allowed', target: 'verified', actions: 'recordVerify' }, REOPEN: { ...reopen, actions: ['recordReopen', 'notifyFixer'] } } },
    verified: { on: { CLOSE: { guard: 'allowed', target: 'closed' }, REOPEN: reopen } },
    closed: { on: { REOPEN: reopen } },
  },
});

const verbs: Record<DefectEvent['type'], string> = { START: 'start work on', FIX: 'mark fixed', VERIFY: 'verify', CLOSE: 'close', REOPEN: 'reopen' };

export const defectWorkflow = {
  id: 'defect',
  version: 1,
  machine: defectMachine,
  refusal: (state: string, context: DefectContext, event: DefectEvent) => {
    const allowedHere: Record<string, DefectEvent['type'][]> = {
      open: ['START', 'FIX'],
      inProgress: ['FIX'],
      fixed: ['VERIFY', 'REOPEN'],
      verified: ['CLOSE', 'REOPEN'],
      closed: ['REOPEN'],
    };
    if (allowedHere[state]?.includes(event.type)) return defectProblem(state, context, event) ?? 'Not accepted.';
    return `You cannot ${verbs[event.type]} a defect that is "${defectStateLabels[state as DefectState] ?? state}".`;
  },
  effects: ['notifyFixer'],
} as const;
