import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import {
  type DeliverableActor,
  type DeliverableEvent,
  deliverableMayNot,
  deliverableRefusal,
  deliverableWorkflow,
  deliverableMachine as machine,
} from '~/workflows/machines/deliverable';
import { eventsFrom } from '~/workflows/runtime';

const acme = 5;
const other = 6;
const vendor: DeliverableActor = { id: 7, roles: ['vendor'], firmId: acme };
const owner: DeliverableActor = { id: 8, roles: ['vendor'], firmId: acme };
const otherFirm: DeliverableActor = { id: 9, roles: ['vendor'], firmId: other };
const pm: DeliverableActor = { id: 1, roles: ['pm'], firmId: null };
const reviewer: DeliverableActor = { id: 3, roles: ['stakeholder'], firmId: null };
const stakeholder: DeliverableActor = { id: 2, roles: ['stakeholder'], firmId: null };
/** Someone of the vendor's own firm named as reviewer (a data error the command refuses too). */
const insider: DeliverableActor = { id: 3, roles: ['stakeholder'], firmId: acme };
const at = '2026-11-20T10:00:00.000Z';
const fp = 'f'.repeat(64);
const failing = [{ criterionId: 12, label: 'TC-004 Bonus cap (failed)' }];

const start = (actor = vendor): DeliverableEvent => ({ type: 'START', actor, at });
const submit = (actor = vendor, note = 'Configuration workbook v1 delivered'): DeliverableEvent => ({
  type: 'SUBMIT',
  actor,
  at,
  note,
  evidence: 'SharePoint/NW/cfg-v1.xlsx',
});
const review = (actor = reviewer): DeliverableEvent => ({ type: 'REVIEW', actor, at });
const accept = (actor = reviewer, unmet: { criterionId: number; label: string }[] = [], meaning = 'approved as finance'): DeliverableEvent => ({
  type: 'ACCEPT',
  actor,
  at,
  meaning,
  fingerprint: fp,
  unmet,
});
const reject = (
  reasons: { criterionId: number | null; reason: string }[] = [{ criterionId: 12, reason: 'TC-004 pays above the cap.' }],
  unmet = failing,
  actor = reviewer,
): DeliverableEvent => ({ type: 'REJECT', actor, at, reasons, unmet });
const waive = (reason = 'Descoped by change request CR-7.', actor = pm): DeliverableEvent => ({ type: 'WAIVE', actor, at, reason });

function run(...events: DeliverableEvent[]) {
  let [s] = initialTransition(machine, { key: 'DLV-001', firmId: acme, ownerId: owner.id, reviewerId: reviewer.id });
  for (const e of events) {
    expect(s.can(e), `${e.type} should be allowed in ${String(s.value)}: ${deliverableRefusal(String(s.value), s.context, e)}`).toBe(true);
    [s] = transition(machine, s, e);
  }
  return s;
}
const refuses = (s: AnyMachineSnapshot, e: DeliverableEvent, reason: string | RegExp) => {
  expect(s.can(e)).toBe(false);
  expect(deliverableRefusal(String(s.value), s.context, e)).toMatch(reason);
};
const inReview = () => run(start(), submit(), review());

describe('deliverable machine', () => {
  it('starts planned, with the firm, owner and reviewer named and no submission', () => {
    const s = run();
    expect(s.value).toBe('planned');
    expect(s.context).toMatchObject({ key: 'DLV-001', firmId: acme, ownerId: 8, reviewerId: 3, submissions: 0, rejection: null, acceptance: null });
  });

  it('the vendor of the contract’s firm or the PM starts it; another firm or a stakeholder cannot', () => {
    expect(run(start(vendor)).value).toBe('inProgress');
    expect(run(start(pm)).value).toBe('inProgress');
    refuses(run(), start(otherFirm), 'Only the vendor delivering it or the project manager');
    refuses(run(), start(stakeholder), 'Only the vendor delivering it or the project manager');
  });

  it('a representative of the firm (or the vendor owner) submits, numbered; the PM, a reviewer or another firm cannot', () => {
    const s = run(start(), submit(owner));
    expect(s.value).toBe('submitted');
    expect(s.context.submissions).toBe(1);
    for (const who of [pm, reviewer, otherFirm]) refuses(run(start()), submit(who), 'Only a representative of the vendor firm');
    refuses(run(start()), submit(vendor, 'ok'), 'Say what is delivered');
    refuses(run(), submit(), 'You cannot submit it while the deliverable is "Planned".');
  });

  it('only the named client reviewer takes it into review; never a vendor, never someone of the vendor’s firm', () => {
    const s = run(start(), submit());
    refuses(s, review(vendor), /reviewer cannot be of the vendor’s own firm/);
    refuses(s, review(otherFirm), 'A vendor representative never reviews, accepts or rejects a deliverable.');
    refuses(s, review(stakeholder), 'Only the client reviewer named for this deliverable reviews it.');
    refuses(s, review(insider), /reviewer cannot be of the vendor’s own firm/);
    expect(run(start(), submit(), review()).value).toBe('inReview');
  });

  it('the reviewer accepts with a signature when every criterion holds, recording the submission, meaning and fingerprint', () => {
    const s = run(start(), submit(), review(), accept());
    expect(s.value).toBe('accepted');
    expect(s.status).toBe('done');
    expect(s.context.acceptance).toEqual({ by: 3, at, submission: 1, meaning: 'approved as finance', fingerprint: fp });
  });

  it('acceptance is refused while a linked payout case fails', () => {
    refuses(inReview(), accept(reviewer, failing), 'The acceptance criteria do not hold: TC-004 Bonus cap (failed).');
  });

  it('the vendor trying to accept is refused, whatever the criteria', () => {
    refuses(inReview(), accept(vendor), /reviewer cannot be of the vendor’s own firm/);
    refuses(inReview(), accept(otherFirm), 'A vendor representative never reviews, accepts or rejects a deliverable.');
    refuses(inReview(), accept(pm), 'Only the client reviewer named for this deliverable reviews it.');
    refuses(inReview(), accept(reviewer, [], ' '), 'Choose the meaning of your signature.');
    refuses(run(start(), submit()), accept(), 'You cannot accept it while the deliverable is "Submitted".');
  });

  it('rejecting needs a reason per unmet criterion, at least one reason, and only the reviewer', () => {
    refuses(inReview(), reject([]), 'Give at least one reason');
    refuses(inReview(), reject([{ criterionId: null, reason: 'no' }]), 'Give at least one reason');
    refuses(inReview(), reject([{ criterionId: null, reason: 'The workbook is incomplete.' }]), 'Give a reason for each criterion that does not hold: TC-004');
    refuses(inReview(), reject(undefined, undefined, vendor), /reviewer cannot be of the vendor’s own firm/);
    // With every criterion met, one reason about the whole submission is enough.
    const s = run(start(), submit(), review(), reject([{ criterionId: null, reason: 'The handover notes are missing.' }], []));
    expect(s.value).toBe('rejected');
    expect(s.context.rejection).toEqual({ by: 3, at, submission: 1, reasons: [{ criterionId: null, reason: 'The handover notes are missing.' }] });
  });

  it('a rejected deliverable is resubmitted as submission 2, reviewed and accepted', () => {
    const s = run(start(), submit(), review(), reject(), submit(vendor, 'Cap fixed; TC-004 passes'), review(), accept());
    expect(s.value).toBe('accepted');
    expect(s.context.submissions).toBe(2);
    expect(s.context.acceptance?.submission).toBe(2);
    refuses(run(start(), submit(), review(), reject()), submit(otherFirm), 'Only a representative of the vendor firm');
  });

  it('the PM waives with a reason from any state but accepted; a waiver without a reason is refused', () => {
    for (const s of [run(), run(start()), run(start(), submit()), inReview(), run(start(), submit(), review(), reject())]) {
      refuses(s, waive(''), 'Say why the deliverable is waived (at least 5 characters).');
      refuses(s, waive('Descoped by CR-7.', reviewer), 'Only the project manager can waive a deliverable.');
      refuses(s, waive('Descoped by CR-7.', vendor), 'Only the project manager can waive a deliverable.');
      const [w] = transition(machine, s, waive());
      expect(w.value).toBe('waived');
      expect(w.context.waiver).toEqual({ by: 1, at, reason: 'Descoped by change request CR-7.' });
    }
    refuses(run(start(), submit(), review(), accept()), waive(), 'You cannot waive it while the deliverable is "Accepted".');
    refuses(run(waive()), waive(), 'You cannot waive it while the deliverable is "Waived".');
  });

  it('the events a page offers come from the state and who may (no made-up payloads)', () => {
    const s = inReview();
    const row = { id: 1, machineId: 'deliverable', machineVersion: 1, stateValue: s.value, context: s.context };
    const offered = (actor: DeliverableActor) => eventsFrom(deliverableWorkflow, row).filter((t) => deliverableMayNot(s.context, t, { actor }) === null);
    expect(offered(reviewer).sort()).toEqual(['ACCEPT', 'REJECT']);
    expect(offered(pm)).toEqual(['WAIVE']);
    expect(offered(vendor)).toEqual([]);
    const accepted = run(start(), submit(), review(), accept());
    expect(eventsFrom(deliverableWorkflow, { ...row, stateValue: accepted.value, context: accepted.context })).toEqual([]);
  });
});
