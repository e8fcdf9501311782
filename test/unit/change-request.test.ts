/**
 * Issue 14, acceptance 1: the change request machine, every transition and guard (the requester
 * deciding, a missing impact, a rejection without a reason, deciding before the impact is assessed).
 */
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import {
  type ChangeActor,
  type ChangeEvent,
  type ChangeImpact,
  changeRefusal,
  changeRequestWorkflow,
  changeRequestMachine as machine,
} from '~/workflows/machines/change-request';
import { eventsFrom } from '~/workflows/runtime';

const pm: ChangeActor = { id: 1, roles: ['pm'] };
const analyst: ChangeActor = { id: 4, roles: ['analyst'] };
const sponsor: ChangeActor = { id: 2, roles: ['stakeholder'] };
const otherStakeholder: ChangeActor = { id: 3, roles: ['stakeholder'] };
const tester: ChangeActor = { id: 5, roles: ['tester'] };
/** A stakeholder who raised the change and was (wrongly) named its decider too. */
const requester: ChangeActor = { id: 6, roles: ['stakeholder'] };
const at = '2026-11-20T10:00:00.000Z';

const impact = (over: Partial<ChangeImpact> = {}): ChangeImpact => ({
  summary: 'Adds a quarterly SPIF for deposits; UAT moves by ten days.',
  requirementIds: [12],
  planIds: [],
  deliverableIds: [],
  schedule: [{ milestoneId: 7, days: 10 }],
  cost: '18000',
  risks: 'UAT window shrinks.',
  ...over,
});
const assess = (actor = pm, i = impact()): ChangeEvent => ({ type: 'ASSESS', actor, at, impact: i });
const approve = (actor = sponsor, meaning = 'approved as sponsor', fingerprint = 'f'.repeat(64)): ChangeEvent => ({
  type: 'APPROVE',
  actor,
  at,
  meaning,
  fingerprint,
});
const reject = (actor = sponsor, reason = 'Not in this release.'): ChangeEvent => ({ type: 'REJECT', actor, at, reason });
const implement = (
  actor = analyst,
  carriers: { kind: 'requirement_version' | 'plan_version' | 'deliverable'; id: number }[] = [{ kind: 'requirement_version', id: 40 }],
): ChangeEvent => ({
  type: 'IMPLEMENT',
  actor,
  at,
  carriers,
});
const close = (actor = pm): ChangeEvent => ({ type: 'CLOSE', actor, at });
const withdraw = (actor = requester, reason = 'Superseded by CR-003.'): ChangeEvent => ({ type: 'WITHDRAW', actor, at, reason });

function run(events: ChangeEvent[], deciderId = sponsor.id) {
  let [s] = initialTransition(machine, { key: 'CR-001', requesterId: requester.id, deciderId });
  for (const e of events) {
    expect(s.can(e), `${e.type} should be allowed in ${String(s.value)}: ${changeRefusal(String(s.value), s.context, e)}`).toBe(true);
    [s] = transition(machine, s, e);
  }
  return s;
}
const refuses = (s: AnyMachineSnapshot, e: ChangeEvent, reason: string | RegExp) => {
  expect(s.can(e)).toBe(false);
  expect(changeRefusal(String(s.value), s.context, e)).toMatch(reason);
};

describe('change request machine', () => {
  it('starts raised with its requester and decider and no impact', () => {
    const s = run([]);
    expect(s.value).toBe('raised');
    expect(s.context).toMatchObject({ key: 'CR-001', requesterId: 6, deciderId: 2, impact: null, assessments: 0 });
    const row = { id: 1, machineId: 'changeRequest', machineVersion: 1, stateValue: 'assessed', context: s.context };
    expect(eventsFrom(changeRequestWorkflow, row).sort()).toEqual(['APPROVE', 'ASSESS', 'REJECT', 'WITHDRAW']);
  });

  it('the PM or an analyst assesses the impact; a stakeholder or tester cannot; it may be assessed again', () => {
    expect(run([assess(pm)]).value).toBe('assessed');
    const twice = run([assess(analyst), assess(pm, impact({ schedule: [{ milestoneId: 7, days: 12 }] }))]);
    expect(twice.context.assessments).toBe(2);
    expect(twice.context.impact?.schedule).toEqual([{ milestoneId: 7, days: 12 }]);
    for (const who of [sponsor, tester, requester]) refuses(run([]), assess(who), 'Only the project manager or an analyst can assess its impact.');
  });

  it('refuses an impact that is missing or malformed', () => {
    const none = impact({ requirementIds: [], schedule: [], cost: '0' });
    refuses(run([]), assess(pm, none), 'An impact names what the change affects');
    refuses(run([]), assess(pm, impact({ summary: 'short' })), 'Summarise the impact');
    refuses(run([]), assess(pm, impact({ cost: 'a lot' })), 'The cost impact is an amount');
    refuses(run([]), assess(pm, impact({ schedule: [{ milestoneId: 7, days: 0 }] })), 'not 0');
    refuses(run([]), assess(pm, impact({ schedule: [{ milestoneId: 7, days: 2.5 }] })), 'whole number of days');
    refuses(run([]), assess(pm, impact({ schedule: [{ milestoneId: 7, days: 400 }] })), 'at most 365');
    refuses(
      run([]),
      assess(
        pm,
        impact({
          schedule: [
            { milestoneId: 7, days: 3 },
            { milestoneId: 7, days: 4 },
          ],
        }),
      ),
      'Each milestone is moved once.',
    );
    // a cost alone is an impact
    expect(run([assess(pm, impact({ requirementIds: [], schedule: [], cost: '2500' }))]).value).toBe('assessed');
  });

  it('nobody decides before the impact is assessed', () => {
    refuses(run([]), approve(), 'Its impact must be assessed before it is decided.');
    refuses(run([]), reject(), 'Its impact must be assessed before it is decided.');
  });

  it('the named decider approves with a meaning, recording the assessment they saw', () => {
    const s = run([assess(), approve()]);
    expect(s.value).toBe('approved');
    expect(s.context.approval).toEqual({ by: 2, at, meaning: 'approved as sponsor', fingerprint: 'f'.repeat(64), assessment: 1 });
    refuses(run([assess()]), approve(sponsor, ' '), 'Choose the meaning of your signature.');
    refuses(run([assess()]), approve(sponsor, 'approved', ''), 'the signature names the impact you were shown');
  });

  it('the requester never decides, even when named the decider; nor does anyone else but the decider', () => {
    const named = run([assess()], requester.id);
    refuses(named, approve(requester), 'Whoever requested a change never decides it.');
    refuses(named, reject(requester), 'Whoever requested a change never decides it.');
    for (const who of [pm, otherStakeholder, analyst]) refuses(run([assess()]), approve(who), 'Only the decider named for this change request decides it.');
  });

  it('a rejection needs a reason and is final', () => {
    refuses(run([assess()]), reject(sponsor, 'no'), 'Say why the change is rejected');
    const s = run([assess(), reject()]);
    expect(s.value).toBe('rejected');
    expect(s.context.rejection).toEqual({ by: 2, at, reason: 'Not in this release.' });
    refuses(s, approve(), 'You cannot approve it while the change request is "Rejected".');
    refuses(s, assess(), 'You cannot assess its impact while the change request is "Rejected".');
  });

  it('an approved change is implemented with what carries it out, then closed by the PM', () => {
    refuses(run([assess(), approve()]), implement(analyst, []), 'Link what carries the change out');
    refuses(run([assess(), approve()]), implement(sponsor), 'Only the project manager or an analyst can record it implemented.');
    refuses(run([assess(), approve()]), close(), 'You cannot close it while the change request is "Approved".');
    const done = run([assess(), approve(), implement()]);
    expect(done.value).toBe('implemented');
    expect(done.context.implementation?.carriers).toEqual([{ kind: 'requirement_version', id: 40 }]);
    refuses(done, close(analyst), 'Only the project manager can close a change request.');
    const closed = run([assess(), approve(), implement(), close()]);
    expect(closed.value).toBe('closed');
    expect(closed.context.closedAt).toBe(at);
    expect(closed.status).toBe('done');
  });

  it('the requester or the PM withdraws it, with a reason, until it is decided', () => {
    expect(run([withdraw()]).value).toBe('withdrawn');
    expect(run([assess(), withdraw(pm)]).value).toBe('withdrawn');
    refuses(run([]), withdraw(sponsor), 'Only the requester or the project manager can withdraw');
    refuses(run([]), withdraw(requester, 'no'), 'Say why the change is withdrawn');
    refuses(run([assess(), approve()]), withdraw(), 'You cannot withdraw it while the change request is "Approved".');
  });
});
