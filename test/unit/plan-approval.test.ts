import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { ApprovalGroup } from '~/db/schema';
import { planApprovalMachine as machine, type PlanActor, type PlanApprovalEvent, planRefusal, waitingOn } from '~/workflows/machines/plan-approval';

const author = { id: 10, roles: ['analyst' as const] };
const editor = { id: 11, roles: ['analyst' as const, 'stakeholder' as const] };
const pm = { id: 1, roles: ['pm' as const] };
const omar = { id: 4, roles: ['stakeholder' as const] };
const fiona = { id: 3, roles: ['stakeholder' as const] };
const sam = { id: 2, roles: ['stakeholder' as const] };
const outsider = { id: 9, roles: ['stakeholder' as const] };
const vendor = { id: 7, roles: ['vendor' as const] };
const tester = { id: 8, roles: ['tester' as const] };
const at = '2026-11-17T11:00:00.000Z';
const fp = 'a'.repeat(64);

/** Group 1: sales operations and finance in parallel; group 2: the business owner. */
const route: ApprovalGroup[] = [
  {
    approvers: [
      { userId: 4, meaning: 'approved as sales operations' },
      { userId: 3, meaning: 'approved as finance' },
    ],
  },
  { approvers: [{ userId: 2, meaning: 'approved as business owner' }] },
];
const meaningOf = (a: PlanActor) => route.flatMap((g) => g.approvers).find((x) => x.userId === a.id)?.meaning ?? 'reviewed, no objection';

const validate = (actor: PlanActor = author): PlanApprovalEvent => ({ type: 'VALIDATE', actor, at });
const submit = (over: Partial<Extract<PlanApprovalEvent, { type: 'SUBMIT' }>> = {}): PlanApprovalEvent => ({
  type: 'SUBMIT',
  actor: author,
  at,
  route,
  fingerprint: fp,
  unmet: [],
  cases: [{ key: 'TC-003', runId: 12 }],
  ...over,
});
const sign = (actor: PlanActor, meaning = meaningOf(actor), fingerprint = fp): PlanApprovalEvent => ({ type: 'SIGN', actor, at, meaning, fingerprint });
const reject = (actor: PlanActor, reason = 'The cap should be 200% of target.'): PlanApprovalEvent => ({ type: 'REJECT', actor, at, reason });
const publish = (effectiveFrom = '2027-01-01', actor: PlanActor = pm): PlanApprovalEvent => ({ type: 'PUBLISH', actor, at, effectiveFrom });

function run(...events: PlanApprovalEvent[]) {
  let [s] = initialTransition(machine, { planKey: 'NW-RM-2026', number: 2, authorId: 10, fingerprint: fp });
  for (const e of events) {
    expect(s.can(e), `${e.type} should be allowed in ${String(s.value)}: ${planRefusal(String(s.value), s.context, e)}`).toBe(true);
    [s] = transition(machine, s, e);
  }
  return s;
}
const refuses = (s: AnyMachineSnapshot, e: PlanApprovalEvent, reason: string | RegExp) => {
  expect(s.can(e)).toBe(false);
  expect(planRefusal(String(s.value), s.context, e)).toMatch(reason);
};
const inApproval = () => run(validate(), submit());

describe('plan approval machine', () => {
  it('starts as a draft whose author is its first editor', () => {
    const s = run();
    expect(s.value).toBe('draft');
    expect(s.context).toMatchObject({ planKey: 'NW-RM-2026', number: 2, editors: [10], fingerprint: fp, route: [], round: 0 });
  });

  it('an edit records the editor and the new fingerprint, and only in draft', () => {
    const s = run({ type: 'EDIT', actor: editor, at, fingerprint: 'b'.repeat(64) });
    expect(s.context).toMatchObject({ editors: [10, 11], fingerprint: 'b'.repeat(64) });
    refuses(run(validate()), { type: 'EDIT', actor: author, at, fingerprint: fp }, 'while the version is "Validating"');
  });

  it('the author or the PM validates a draft; anyone else is refused; validating again stays validating', () => {
    refuses(run(), validate(tester), 'Only an author of this version or the project manager can validate it.');
    expect(run(validate(pm)).value).toBe('validating');
    expect(run(validate(), validate()).value).toBe('validating');
  });

  it('submitting needs the computed validation met, the fingerprint shown, and a route without editors', () => {
    const s = run(validate());
    refuses(s, submit({ unmet: ['TC-004 has not passed on version 2'] }), 'The version is not valid yet: TC-004 has not passed on version 2.');
    refuses(s, submit({ fingerprint: 'c'.repeat(64) }), 'changed since you opened it');
    refuses(s, submit({ route: [] }), 'has no approval route');
    refuses(s, submit({ route: [{ approvers: [{ userId: 10, meaning: 'reviewed, no objection' }] }] }), 'authored or edited this version');
    refuses(s, submit({ route: [route[0]!, route[0]!] }), 'named twice');
    refuses(s, submit({ actor: tester }), 'Only an author of this version or the project manager can submit it');
    refuses(run(), submit(), 'You cannot submit it for approval while the version is "Draft".');
    const submitted = run(validate(), submit());
    expect(submitted.value).toBe('inApproval');
    expect(submitted.context).toMatchObject({ route, group: 0, round: 1, validation: { at, cases: [{ key: 'TC-003', runId: 12 }] } });
  });

  it('the people of a group sign in parallel, in any order; the next group is asked only when the first is complete', () => {
    let s = inApproval();
    expect(waitingOn(s.context).map((a) => a.userId)).toEqual([4, 3]);
    // Group 2 is not asked yet.
    refuses(s, sign(sam), 'Your group (2) is asked once group 1 has signed.');
    [s] = transition(machine, s, sign(fiona));
    expect(s.value).toBe('inApproval');
    expect(s.context.group).toBe(0);
    expect(waitingOn(s.context).map((a) => a.userId)).toEqual([4]);
    refuses(s, sign(fiona), 'You have already signed this version.');
    refuses(s, sign(sam), 'Your group (2) is asked once group 1 has signed.');
    [s] = transition(machine, s, sign(omar));
    expect(s.context.group).toBe(1);
    expect(waitingOn(s.context).map((a) => a.userId)).toEqual([2]);
    refuses(s, sign(omar), 'You have already signed this version.');
    [s] = transition(machine, s, sign(sam));
    expect(s.value).toBe('approved');
    expect(s.context.signatures.map((x) => [x.userId, x.group, x.meaning])).toEqual([
      [3, 0, 'approved as finance'],
      [4, 0, 'approved as sales operations'],
      [2, 1, 'approved as business owner'],
    ]);
    // The other order within the group ends the same way.
    expect(run(validate(), submit(), sign(omar), sign(fiona), sign(sam)).value).toBe('approved');
  });

  it('a signer signs with the meaning the route names for them, on the fingerprint of this version', () => {
    const s = inApproval();
    refuses(s, sign(fiona, 'reviewed, no objection'), 'The route asks you to sign "approved as finance".');
    refuses(s, sign(fiona, 'approved as finance', 'd'.repeat(64)), 'The version changed since you read it');
  });

  it('a signer outside the route, a vendor, a non-stakeholder and the editor are refused', () => {
    const s = inApproval();
    refuses(s, sign(outsider), 'You are not on the approval route of this version.');
    refuses(s, reject(outsider), 'You are not on the approval route of this version.');
    refuses(s, sign(vendor), 'A vendor representative never approves a plan.');
    refuses(s, sign(tester), 'Only stakeholders of the project approve a plan.');
    // An editor who is also a stakeholder on the route (the route was changed after an edit) cannot approve.
    const edited = run({ type: 'EDIT', actor: { ...editor, roles: ['stakeholder'] }, at, fingerprint: fp }, validate(), submit());
    refuses(edited, sign({ id: 11, roles: ['stakeholder'] }), 'You authored or edited this version, so you cannot approve or reject it.');
    refuses(s, sign(author), 'You authored or edited this version');
  });

  it('a reject from any group returns the version to draft for everyone, with the reason; it needs a reason', () => {
    const first = inApproval();
    refuses(first, reject(fiona, 'no'), 'Say why the version is rejected');
    const [fromGroup1] = transition(machine, first, reject(fiona));
    expect(fromGroup1.value).toBe('draft');
    expect(fromGroup1.context.rejection).toMatchObject({ by: 3, reason: 'The cap should be 200% of target.', group: 0 });
    expect(fromGroup1.context.validation).toBeNull();

    const fromGroup2 = run(validate(), submit(), sign(fiona), sign(omar), reject(sam, 'Legal has not seen the clawback wording.'));
    expect(fromGroup2.value).toBe('draft');
    expect(fromGroup2.context.rejection).toMatchObject({ by: 2, group: 1 });
    // Submitted again: a new round, every signature asked again from group 1.
    const again = run(validate(), submit(), sign(fiona), sign(omar), reject(sam), validate(), submit());
    expect(again.context).toMatchObject({ round: 2, group: 0, signatures: [], rejection: null });
  });

  it('the author withdraws from validation or approval; nobody else does', () => {
    refuses(inApproval(), { type: 'WITHDRAW', actor: pm, at }, 'Only an author of this version can withdraw it.');
    expect(run(validate(), { type: 'WITHDRAW', actor: author, at }).value).toBe('draft');
    const withdrawn = run(validate(), submit(), sign(fiona), { type: 'WITHDRAW', actor: author, at });
    expect(withdrawn.value).toBe('draft');
    expect(withdrawn.context.validation).toBeNull();
    refuses(run(), { type: 'WITHDRAW', actor: author, at }, 'while the version is "Draft"');
  });

  it('only the PM publishes an approved version, from a date; a published version is superseded and that is final', () => {
    const approved = run(validate(), submit(), sign(fiona), sign(omar), sign(sam));
    refuses(approved, publish('2027-01-01', author), 'Only the project manager publishes a plan version.');
    refuses(approved, publish('1 January 2027'), 'Enter the effective date as YYYY-MM-DD.');
    refuses(inApproval(), publish(), 'You cannot publish it while the version is "In approval".');
    const published = run(validate(), submit(), sign(fiona), sign(omar), sign(sam), publish());
    expect(published.value).toBe('published');
    expect(published.context.effectiveFrom).toBe('2027-01-01');
    const [superseded] = transition(machine, published, { type: 'SUPERSEDE', actor: { id: 0, roles: [] }, at });
    expect(superseded.value).toBe('superseded');
    expect(superseded.status).toBe('done');
    refuses(superseded, sign(sam), 'while the version is "Superseded"');
  });
});
