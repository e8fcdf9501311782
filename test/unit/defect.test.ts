import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { type DefectEvent, defectMachine, defectWorkflow } from '~/workflows/machines/defect';

const analyst = { id: 5, roles: ['analyst' as const] };
const tester = { id: 6, roles: ['tester' as const] };
const tester2 = { id: 7, roles: ['tester' as const] };
const analystTester = { id: 5, roles: ['analyst' as const, 'tester' as const] };

function run(...events: DefectEvent[]) {
  let [s] = initialTransition(defectMachine);
  for (const e of events) {
    expect(s.can(e), `${e.type} in ${String(s.value)}`).toBe(true);
    [s] = transition(defectMachine, s, e);
  }
  return s;
}
const refuses = (s: AnyMachineSnapshot, e: DefectEvent, reason: RegExp) => {
  expect(s.can(e)).toBe(false);
  expect(defectWorkflow.refusal(String(s.value), s.context, e)).toMatch(reason);
};

describe('defect machine', () => {
  it('open -> in progress -> fixed -> verified -> closed', () => {
    const s = run(
      { type: 'START', actor: analyst },
      { type: 'FIX', actor: analyst, note: 'cap added' },
      { type: 'VERIFY', actor: tester },
      { type: 'CLOSE', actor: tester },
    );
    expect(s.value).toBe('closed');
    expect(s.context).toMatchObject({ fixedBy: 5, verifiedBy: 6 });
  });

  it('whoever fixed it cannot verify it, even holding the tester role', () => {
    const fixed = run({ type: 'FIX', actor: analystTester, note: 'cap added' });
    refuses(fixed, { type: 'VERIFY', actor: analystTester }, /You fixed this defect/);
    expect(run({ type: 'FIX', actor: analystTester, note: 'cap added' }, { type: 'VERIFY', actor: tester2 }).value).toBe('verified');
  });

  it('only fixers fix, only testers verify, and a reopen needs a reason', () => {
    refuses(run(), { type: 'FIX', actor: tester, note: 'cap added' }, /Only the analyst/);
    refuses(run({ type: 'FIX', actor: analyst, note: 'cap added' }), { type: 'VERIFY', actor: analyst }, /Only a tester verifies/);
    refuses(run({ type: 'FIX', actor: analyst, note: 'cap added' }), { type: 'REOPEN', actor: tester, reason: 'no' }, /at least 5 characters/);
    refuses(run(), { type: 'FIX', actor: analyst, note: 'ok' }, /Say what was changed/);
    const reopened = run({ type: 'FIX', actor: analyst, note: 'cap added' }, { type: 'REOPEN', actor: tester, reason: 'Still pays 9,000.00' });
    expect(reopened.value).toBe('open');
    expect(reopened.context).toMatchObject({ reopenReason: 'Still pays 9,000.00', reopened: 1 });
  });

  it('refuses events out of order, naming the state', () => {
    refuses(run(), { type: 'VERIFY', actor: tester }, /cannot verify a defect that is "Open"/);
    refuses(run(), { type: 'CLOSE', actor: tester }, /cannot close a defect that is "Open"/);
  });
});
