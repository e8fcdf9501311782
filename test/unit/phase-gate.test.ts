import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { type GateEvent, gateRefusal, phaseGateMachine, signatureMeaning } from '~/workflows/machines/phase-gate';

const input = {
  phaseName: 'Scope',
  projectName: 'Northwind ICM',
  criteria: [
    { key: 'charter', label: 'Charter approved' },
    { key: 'requirements', label: 'Requirements captured' },
  ],
};
const pm = { id: 1, roles: ['pm' as const] };
const sam = { id: 2, roles: ['stakeholder' as const] };
const fiona = { id: 3, roles: ['stakeholder' as const] };
const at = '2026-07-10T10:00:00.000Z';
const meaning = 'I approve the Scope gate for Northwind ICM';
const fullChecklist = [
  { key: 'charter', checked: true, note: 'signed 12 June' },
  { key: 'requirements', checked: true, note: '' },
];
const request = (over: Partial<Extract<GateEvent, { type: 'REQUEST_REVIEW' }>> = {}): GateEvent => ({
  type: 'REQUEST_REVIEW',
  actor: pm,
  at,
  checklist: fullChecklist,
  approvers: [2, 3],
  ...over,
});

function run(...events: GateEvent[]) {
  let [snapshot] = initialTransition(phaseGateMachine, input);
  for (const e of events) [snapshot] = transition(phaseGateMachine, snapshot, e);
  return snapshot;
}
const can = (s: AnyMachineSnapshot, e: GateEvent) => s.can(e);
const start: GateEvent = { type: 'START', actor: pm, at };

describe('phase gate machine', () => {
  it('starts not started, with the template criteria unchecked', () => {
    const s = run();
    expect(s.value).toBe('notStarted');
    expect(s.context.checklist.map((c) => c.checked)).toEqual([false, false]);
    expect(can(s, request())).toBe(false);
  });

  it('START makes the phase active', () => {
    expect(run(start).value).toBe('active');
  });

  it('the PM requests review with the checklist filled in; notes and approvers are kept', () => {
    const s = run(start, request());
    expect(s.value).toBe('inReview');
    expect(s.context.requestedBy).toBe(1);
    expect(s.context.approvers).toEqual([2, 3]);
    expect(s.context.checklist[0]).toMatchObject({ checked: true, note: 'signed 12 June' });
    expect(s.context.round).toBe(1);
  });

  it.each([
    ['someone who is not the PM', request({ actor: sam, approvers: [3] }), 'Only the project manager can request a gate review.'],
    ['an unchecked criterion', request({ checklist: [fullChecklist[0]!] }), 'not yet: Requirements captured'],
    ['no approvers', request({ approvers: [] }), 'Name at least one approver.'],
    ['an approver named twice', request({ approvers: [2, 2] }), 'An approver is named twice.'],
    ['the requester as approver', request({ approvers: [1, 2] }), 'cannot be one of its approvers'],
  ])('refuses a review request from/with %s, saying why', (_label, event, reason) => {
    const s = run(start);
    expect(can(s, event)).toBe(false);
    expect(gateRefusal(String(s.value), s.context, event)).toContain(reason);
  });

  it('each approver signs; the gate is approved only when all have', () => {
    const one = run(start, request(), { type: 'APPROVE', actor: sam, at, meaning });
    expect(one.value).toBe('inReview');
    expect(one.context.approvals).toEqual([{ userId: 2, meaning, at }]);
    const both = transition(phaseGateMachine, one, { type: 'APPROVE', actor: fiona, at, meaning })[0];
    expect(both.value).toBe('approved');
    expect(both.status).toBe('done');
    expect(both.context.approvals.map((a) => a.userId)).toEqual([2, 3]);
  });

  it('records the meaning of the signature and refuses any other wording', () => {
    const s = run(start, request());
    expect(signatureMeaning(s.context)).toBe(meaning);
    const wrong: GateEvent = { type: 'APPROVE', actor: sam, at, meaning: 'ok' };
    expect(can(s, wrong)).toBe(false);
    expect(gateRefusal('inReview', s.context, wrong)).toContain(meaning);
  });

  it('the requester cannot approve or reject their own review', () => {
    const s = run(start, request({ approvers: [2] }));
    const self: GateEvent = { type: 'APPROVE', actor: { id: 1, roles: ['pm', 'stakeholder'] }, at, meaning };
    expect(can(s, self)).toBe(false);
    expect(gateRefusal('inReview', s.context, self)).toBe('You requested this gate review, so you cannot decide it.');
    expect(can(s, { type: 'REJECT', actor: { id: 1, roles: ['pm'] }, at, reason: 'not ready yet' })).toBe(false);
  });

  it('someone not designated cannot decide, and no one approves twice', () => {
    const s = run(start, request({ approvers: [2, 3] }), { type: 'APPROVE', actor: sam, at, meaning });
    const outsider: GateEvent = { type: 'APPROVE', actor: { id: 9, roles: ['stakeholder'] }, at, meaning };
    expect(can(s, outsider)).toBe(false);
    expect(gateRefusal('inReview', s.context, outsider)).toContain('not one of the designated approvers');
    const again: GateEvent = { type: 'APPROVE', actor: sam, at, meaning };
    expect(can(s, again)).toBe(false);
    expect(gateRefusal('inReview', s.context, again)).toBe('You have already approved this gate.');
  });

  it('a rejection needs a reason and sends the phase back; approvals are reset on the next request', () => {
    const s = run(start, request(), { type: 'APPROVE', actor: sam, at, meaning });
    expect(can(s, { type: 'REJECT', actor: fiona, at, reason: ' ' })).toBe(false);
    const back = transition(phaseGateMachine, s, { type: 'REJECT', actor: fiona, at, reason: 'Add the bonus test cases.' })[0];
    expect(back.value).toBe('sentBack');
    expect(back.context.rejection).toEqual({ by: 3, reason: 'Add the bonus test cases.', at });
    const again = transition(phaseGateMachine, back, request())[0];
    expect(again.value).toBe('inReview');
    expect(again.context.approvals).toEqual([]);
    expect(again.context.rejection).toBeNull();
    expect(again.context.round).toBe(2);
  });

  it('refuses events that do not belong to the state, naming the state', () => {
    const approved = run(start, request({ approvers: [2] }), { type: 'APPROVE', actor: sam, at, meaning });
    expect(approved.value).toBe('approved');
    for (const e of [start, request(), { type: 'APPROVE', actor: fiona, at, meaning } as GateEvent]) {
      expect(can(approved, e)).toBe(false);
      expect(gateRefusal('approved', approved.context, e)).toMatch(/while the phase is "Approved"/);
    }
    const active = run(start);
    const approve: GateEvent = { type: 'APPROVE', actor: sam, at, meaning };
    expect(can(active, approve)).toBe(false);
    expect(gateRefusal('active', active.context, approve)).toBe('You cannot approve the gate while the phase is "Active".');
  });

  it('emits notification effects as named actions (for the outbox), not side effects', () => {
    const [s] = transition(phaseGateMachine, run(start), request());
    const [, actions] = transition(phaseGateMachine, run(start), request());
    expect(s.value).toBe('inReview');
    expect(actions.map((a) => a.type)).toContain('notifyApprovers');
  });
});
