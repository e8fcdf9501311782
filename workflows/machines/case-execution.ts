import { assign, setup } from 'xstate';

/**
 * The execution status of one test case: each run records its result; a change to what the case
 * verifies (a new requirement version, a superseded plan version) makes the latest result stale, and
 * the case counts as not run until it is run again.
 */
export type ExecutionContext = { lastRunId: number | null; staleReason: string | null; runs: number };
export type ExecutionEvent = { type: 'RECORD'; result: 'passed' | 'failed' | 'blocked'; runId: number } | { type: 'MARK_STALE'; reason: string };

export const executionStates = ['notRun', 'passed', 'failed', 'blocked'] as const;
export type ExecutionState = (typeof executionStates)[number];
export const executionStateLabels: Record<ExecutionState, string> = { notRun: 'Not run', passed: 'Passed', failed: 'Failed', blocked: 'Blocked' };

export const runResults = ['passed', 'failed', 'blocked'] as const;

/**
 * What is wrong with a run's payload, or null: it records one of the three results, nothing else (a
 * forged value must not land in "blocked"). Who may run a case is the command's policy check: the
 * machine has no actor.
 */
export function executionPayloadProblem(e: ExecutionEvent): string | null {
  if (e.type === 'RECORD' && !(runResults as readonly string[]).includes(e.result)) return 'A run records passed, failed or blocked.';
  return null;
}

const record = [
  { guard: 'isPass', target: 'passed', actions: 'recordRun' },
  { guard: 'isFail', target: 'failed', actions: 'recordRun' },
  { guard: 'isBlocked', target: 'blocked', actions: 'recordRun' },
] as const;
const markStale = { target: 'notRun', actions: 'recordStale' } as const;

export const caseExecutionMachine = setup({
  types: { context: {} as ExecutionContext, events: {} as ExecutionEvent },
  guards: {
    isPass: ({ event }) => event.type === 'RECORD' && event.result === 'passed',
    isFail: ({ event }) => event.type === 'RECORD' && event.result === 'failed',
    isBlocked: ({ event }) => event.type === 'RECORD' && event.result === 'blocked',
  },
  actions: {
    recordRun: assign(({ context, event }) => (event.type === 'RECORD' ? { lastRunId: event.runId, staleReason: null, runs: context.runs + 1 } : {})),
    recordStale: assign(({ event }) => (event.type === 'MARK_STALE' ? { staleReason: event.reason } : {})),
  },
}).createMachine({
  id: 'caseExecution',
  initial: 'notRun',
  context: { lastRunId: null, staleReason: null, runs: 0 },
  states: {
    notRun: { on: { RECORD: record } },
    passed: { on: { RECORD: record, MARK_STALE: markStale } },
    failed: { on: { RECORD: record, MARK_STALE: markStale } },
    blocked: { on: { RECORD: record, MARK_STALE: markStale } },
  },
});

export const caseExecution = {
  id: 'caseExecution',
  version: 1,
  machine: caseExecutionMachine,
  refusal: (state: string, _c: unknown, e: ExecutionEvent) =>
    executionPayloadProblem(e) ?? (e.type === 'MARK_STALE' ? 'A case that has not been run has no result to mark stale.' : `Cannot ${e.type} in ${state}.`),
  effects: [],
} as const;
