import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { caseExecution, caseExecutionMachine, type ExecutionEvent } from '~/workflows/machines/case-execution';

describe('case execution machine', () => {
  it('records passed, failed or blocked, and refuses any other result instead of filing it under blocked', () => {
    const [start] = initialTransition(caseExecutionMachine);
    for (const result of ['passed', 'failed', 'blocked'] as const)
      expect(transition(caseExecutionMachine, start, { type: 'RECORD', result, runId: 1 })[0].value).toBe(result);
    const forged = { type: 'RECORD', result: 'bogus', runId: 1 } as unknown as ExecutionEvent;
    expect(start.can(forged)).toBe(false);
    expect(caseExecution.refusal('notRun', start.context, forged)).toBe('A run records passed, failed or blocked.');
  });

  it('a result goes stale only once there is one', () => {
    const [start] = initialTransition(caseExecutionMachine);
    const stale: ExecutionEvent = { type: 'MARK_STALE', reason: 'plan version 2' };
    expect(start.can(stale)).toBe(false);
    const [passed] = transition(caseExecutionMachine, start, { type: 'RECORD', result: 'passed', runId: 1 });
    expect(transition(caseExecutionMachine, passed, stale)[0]).toMatchObject({ value: 'notRun', context: { staleReason: 'plan version 2', runs: 1 } });
  });
});
