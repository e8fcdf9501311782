/**
 * Issue 18, acceptance 1: the platform selection machine, every transition and guard (weights not
 * summing to 100, scoring before the lock, an evaluator reading others' scores before submitting, a
 * reopen without a reason, the PM who set it up signing, the decision voided by a reopening).
 */
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import {
  platformSelectionMachine as machine,
  mayReadScores,
  platformSelectionWorkflow,
  type SelectionActor,
  type SelectionEvent,
  selectionRefusal,
} from '~/workflows/machines/platform-selection';
import { eventsFrom } from '~/workflows/runtime';

const pm: SelectionActor = { id: 1, roles: ['pm'] };
const sponsor: SelectionActor = { id: 2, roles: ['stakeholder'] };
const finance: SelectionActor = { id: 3, roles: ['stakeholder'] };
const analyst: SelectionActor = { id: 4, roles: ['analyst'] };
const tester: SelectionActor = { id: 5, roles: ['tester'] };
const at = '2026-06-20T10:00:00.000Z';

const lock = (actor = sponsor, weightsTotal = '100', setupProblems: string[] = [], meaning = 'approved as business owner'): SelectionEvent => ({
  type: 'LOCK',
  actor,
  at,
  meaning,
  fingerprint: 'f'.repeat(64),
  weightsTotal,
  setupProblems,
});
const open = (actor = pm): SelectionEvent => ({ type: 'OPEN_SCORING', actor, at });
const submit = (actor: SelectionActor, missing = 0): SelectionEvent => ({ type: 'SUBMIT', actor, at, missing });
const closeScoring = (actor = pm): SelectionEvent => ({ type: 'CLOSE_SCORING', actor, at });
const decide = (actor = sponsor, meaning = 'approved as business owner'): SelectionEvent => ({
  type: 'DECIDE',
  actor,
  at,
  meaning,
  fingerprint: 'r'.repeat(64),
  version: 6,
  candidateId: 9,
});
const reopen = (actor = sponsor, reason = 'A new price list arrived.'): SelectionEvent => ({ type: 'REOPEN', actor, at, reason });

function run(events: SelectionEvent[]) {
  let [s] = initialTransition(machine, { key: 'SEL-001', managerId: pm.id, sponsorId: sponsor.id, evaluatorIds: [finance.id, analyst.id] });
  for (const e of events) {
    expect(s.can(e), `${e.type} should be allowed in ${String(s.value)}: ${selectionRefusal(String(s.value), s.context, e)}`).toBe(true);
    [s] = transition(machine, s, e);
  }
  return s as AnyMachineSnapshot & { context: typeof s.context };
}
const refusedIn = (s: ReturnType<typeof run>, e: SelectionEvent) => {
  expect(s.can(e)).toBe(false);
  return selectionRefusal(String(s.value), s.context, e);
};
const scoring = [lock(), open()];
const inReview = [...scoring, submit(finance), submit(analyst)];

describe('platform selection machine', () => {
  it('runs drafted -> locked -> scoring -> review -> decided, recording the lock, the sheets and the decision', () => {
    const s = run([lock()]);
    expect(s.value).toBe('criteriaLocked');
    expect(s.context.lock).toMatchObject({ by: sponsor.id, meaning: 'approved as business owner' });
    const sc = run(scoring);
    expect(sc.value).toBe('scoring');
    const one = run([...scoring, submit(finance)]);
    expect(one.value).toBe('scoring');
    const r = run(inReview);
    expect(r.value).toBe('review');
    expect(r.context.submitted.map((x: { evaluatorId: number }) => x.evaluatorId)).toEqual([finance.id, analyst.id]);
    const d = run([...inReview, decide()]);
    expect(d.value).toBe('decided');
    expect(d.context.decision).toMatchObject({ by: sponsor.id, version: 6, candidateId: 9, fingerprint: 'r'.repeat(64), round: 1 });
  });

  it('refuses a lock unless the weights sum to exactly 100', () => {
    const s = run([]);
    expect(refusedIn(s, lock(sponsor, '99.99'))).toBe('The weights must sum to exactly 100; they sum to 99.99.');
    expect(refusedIn(s, lock(sponsor, '100.5'))).toContain('exactly 100');
    expect(refusedIn(s, lock(sponsor, 'abc'))).toContain('sum to 100');
    expect(s.can(lock(sponsor, '100.00'))).toBe(true);
  });

  it('refuses a lock while the set-up is incomplete, or without a meaning', () => {
    const s = run([]);
    expect(refusedIn(s, lock(sponsor, '100', ['Name at least two candidate platforms.']))).toBe('Name at least two candidate platforms.');
    expect(refusedIn(s, lock(sponsor, '100', [], ' '))).toBe('Choose the meaning of your signature.');
  });

  it('only the sponsor signs the lock, the decision and a reopening; never the PM who set it up', () => {
    const s = run([]);
    expect(refusedIn(s, lock(pm))).toBe('Whoever set the selection up never signs it: the sponsor does.');
    expect(refusedIn(s, lock(finance))).toBe('Only the sponsor named for this selection can lock the criteria.');
    const r = run(inReview);
    expect(refusedIn(r, decide(finance))).toContain('Only the sponsor');
    expect(refusedIn(r, decide(pm))).toContain('never signs it');
    expect(refusedIn(r, reopen(analyst))).toContain('Only the sponsor');
    expect(refusedIn(r, decide(sponsor, ''))).toBe('Choose the meaning of your signature.');
  });

  it('refuses scoring before the lock and before scoring is opened', () => {
    expect(refusedIn(run([]), submit(finance))).toBe('Scoring starts once the sponsor has locked the criteria and the project manager has opened scoring.');
    expect(refusedIn(run([lock()]), submit(finance))).toContain('Scoring starts once');
    expect(refusedIn(run([]), open())).toBe('You cannot open scoring while the selection is "Criteria drafted".');
  });

  it('only the PM opens and closes scoring; closing needs one submitted sheet', () => {
    expect(refusedIn(run([lock()]), open(sponsor))).toBe('Only the project manager can open scoring.');
    const sc = run(scoring);
    expect(refusedIn(sc, closeScoring(analyst))).toBe('Only the project manager can close scoring.');
    expect(refusedIn(sc, closeScoring())).toBe('Scoring closes once at least one evaluator has submitted a sheet.');
    const closed = run([...scoring, submit(finance), closeScoring()]);
    expect(closed.value).toBe('review');
    expect(closed.context.scoringClosed).toMatchObject({ by: pm.id });
  });

  it('a sheet is submitted once, complete, by a named evaluator', () => {
    const sc = run(scoring);
    expect(refusedIn(sc, submit(finance, 3))).toBe('Score every candidate on every criterion with a comment before submitting: 3 still missing.');
    expect(refusedIn(sc, submit(tester))).toBe('Only a named evaluator submits a score sheet.');
    expect(refusedIn(sc, submit(sponsor))).toBe('Only a named evaluator submits a score sheet.');
    expect(refusedIn(run([...scoring, submit(finance)]), submit(finance))).toBe('Your score sheet is already submitted.');
  });

  it('blind scoring: an evaluator reads no one else’s scores before submitting', () => {
    const sc = run(scoring);
    expect(mayReadScores('scoring', sc.context, finance.id, finance.id)).toBe(true);
    expect(mayReadScores('scoring', sc.context, finance.id, analyst.id)).toBe(false);
    expect(mayReadScores('scoring', sc.context, finance.id, 'others')).toBe(false);
    // Nor does anyone who is not an evaluator (the PM, the sponsor) while scoring runs.
    expect(mayReadScores('scoring', sc.context, pm.id, analyst.id)).toBe(false);
    expect(mayReadScores('scoring', sc.context, sponsor.id, 'others')).toBe(false);
    const one = run([...scoring, submit(finance)]);
    expect(mayReadScores('scoring', one.context, finance.id, analyst.id)).toBe(true);
    expect(mayReadScores('scoring', one.context, analyst.id, finance.id)).toBe(false);
    const r = run(inReview);
    expect(mayReadScores('review', r.context, pm.id, 'others')).toBe(true);
    expect(mayReadScores('decided', r.context, tester.id, 'others')).toBe(true);
  });

  it('refuses a reopening without a reason; a reopening voids the decision and starts a new round', () => {
    const d = run([...inReview, decide()]);
    expect(refusedIn(d, reopen(sponsor, ''))).toBe('Say why the selection is reopened (at least 5 characters).');
    expect(refusedIn(d, reopen(sponsor, 'no'))).toContain('Say why');
    const again = run([...inReview, decide(), reopen()]);
    expect(again.value).toBe('scoring');
    expect(again.context.decision).toBeNull();
    expect(again.context.voided).toEqual([
      { decision: expect.objectContaining({ by: sponsor.id, candidateId: 9 }), by: sponsor.id, at, reason: 'A new price list arrived.' },
    ]);
    expect(again.context.submitted).toEqual([]);
    expect(again.context.round).toBe(2);
    // The evaluators score again, blind again.
    expect(mayReadScores('scoring', again.context, finance.id, analyst.id)).toBe(false);
    expect(run([...inReview, decide(), reopen(), submit(finance), submit(analyst)]).value).toBe('review');
    // A review may be reopened too (nothing to void).
    expect(run([...inReview, reopen()]).context.voided[0]?.decision).toBeNull();
  });

  it('a decided selection accepts only a reopening; a locked one cannot be locked again', () => {
    const d = run([...inReview, decide()]);
    expect(refusedIn(d, decide())).toBe('You cannot sign the decision while the selection is "Decided".');
    expect(refusedIn(d, submit(finance))).toContain('while the selection is "Decided"');
    expect(refusedIn(run([lock()]), lock())).toBe('You cannot lock the criteria while the selection is "Criteria locked".');
    expect(refusedIn(run(scoring), decide())).toContain('"Scoring"');
  });

  it('every state lists the events it has transitions for', () => {
    const row = (s: ReturnType<typeof run>) => ({
      id: 1,
      machineId: platformSelectionWorkflow.id,
      machineVersion: platformSelectionWorkflow.version,
      stateValue: s.value,
      context: s.context,
    });
    expect(eventsFrom(platformSelectionWorkflow, row(run([])))).toEqual(['LOCK']);
    expect(eventsFrom(platformSelectionWorkflow, row(run([lock()])))).toEqual(['OPEN_SCORING']);
    expect(eventsFrom(platformSelectionWorkflow, row(run(scoring))).sort()).toEqual(['CLOSE_SCORING', 'SUBMIT']);
    expect(eventsFrom(platformSelectionWorkflow, row(run(inReview))).sort()).toEqual(['DECIDE', 'REOPEN']);
    expect(eventsFrom(platformSelectionWorkflow, row(run([...inReview, decide()])))).toEqual(['REOPEN']);
  });
});
