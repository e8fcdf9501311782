import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DB } from '~/db/client';
import { auditLog, deliverableSubmissions, deliverables, paymentMilestones, requirements, testCases, testRuns, workflowEvents } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { acceptanceBasis } from '~/seeds/vendors';
import { acceptDeliverable } from '~/workflows/commands/accept-deliverable';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { editPayoutCase } from '~/workflows/commands/edit-payout-case';
import { rejectDeliverable } from '~/workflows/commands/reject-deliverable';
import { releasePaymentMilestone } from '~/workflows/commands/release-payment-milestone';
import { reviewDeliverable } from '~/workflows/commands/review-deliverable';
import { runTestCase } from '~/workflows/commands/run-test-case';
import { submitDeliverable } from '~/workflows/commands/submit-deliverable';
import { waiveDeliverable } from '~/workflows/commands/waive-deliverable';
import type { Actor } from '~/workflows/policy/roles';
import { criteriaOf } from '~/workflows/vendors/criteria';
import { deliverablePage, vendorsPage } from '~/workflows/vendors/view';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const today = '2026-11-30';
const byKey = (db: DB, projectId: number, key: string) =>
  db
    .select()
    .from(deliverables)
    .where(and(eq(deliverables.projectId, projectId), eq(deliverables.key, key)))
    .get()!;
const caseOf = (db: DB, projectId: number, key: string) =>
  db
    .select()
    .from(testCases)
    .where(and(eq(testCases.projectId, projectId), eq(testCases.key, key)))
    .get()!;
const ctx = (db: DB, actor: Actor, day = today) => ({ db, actor, now: new Date(`${day}T12:00:00Z`) });

/** The tester corrects a payout case's expected lines (a new version: its result goes stale) and runs it again. */
function correctAndRun(db: DB, tester: Actor, projectId: number, key: string, expectedCsv: string, day = today) {
  const c = caseOf(db, projectId, key);
  editPayoutCase(ctx(db, tester, day), {
    projectId,
    caseId: c.id,
    baseVersion: c.version,
    title: c.title,
    planId: c.planId!,
    period: c.period!,
    participantsCsv: c.participantsCsv!,
    quotasCsv: c.quotasCsv!,
    transactionsCsv: c.transactionsCsv!,
    expectedCsv,
  });
  runTestCase(ctx(db, tester, day), { projectId, caseId: c.id });
  return db.select().from(testRuns).where(eq(testRuns.caseId, c.id)).all().at(-1)!;
}

describe('vendor deliverables, against the seeded demo', () => {
  it('accepting records the criteria as they stood: case run ids and requirement versions, with the signature', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const d = byKey(db, nw, 'DLV-002');
    const sub = db.select().from(deliverableSubmissions).where(eq(deliverableSubmissions.deliverableId, d.id)).get()!;
    expect(sub).toMatchObject({ number: 1, outcome: 'accepted', decidedBy: demo.people.finance.id });
    expect(sub.signatureId).toBeTypeOf('number');
    const req = db
      .select()
      .from(requirements)
      .where(and(eq(requirements.projectId, nw), eq(requirements.key, 'REQ-001')))
      .get()!;
    const runOf = (key: string) =>
      db
        .select()
        .from(testRuns)
        .where(eq(testRuns.caseId, caseOf(db, nw, key).id))
        .all()
        .at(-1)!.id;
    expect(sub.criteria).toEqual([
      expect.objectContaining({ kind: 'requirement', met: true, requirementVersionId: req.currentVersionId }),
      expect.objectContaining({ kind: 'payout_case', met: true, runs: [{ caseKey: 'TC-001', runId: runOf('TC-001'), result: 'passed' }] }),
      expect.objectContaining({ kind: 'payout_case', met: true, runs: [{ caseKey: 'TC-002', runId: runOf('TC-002'), result: 'passed' }] }),
      expect.objectContaining({ kind: 'checklist', met: true, detail: 'ticked by the reviewer' }),
    ]);
    // The same record is in the audit chain with the event.
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'deliverable.accepted'), eq(auditLog.subjectId, 'DLV-002'), eq(auditLog.projectId, nw)))
      .get()!;
    expect(JSON.parse(audit.after!).criteria).toEqual(sub.criteria);
  });

  it('a later failing run does not rewrite the acceptance, but the deliverable shows a warning', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const d = byKey(db, nw, 'DLV-002');
    const before = db.select().from(deliverableSubmissions).where(eq(deliverableSubmissions.deliverableId, d.id)).get()!;
    expect(deliverablePage(db, demo.people.pm, { projectId: nw, deliverableId: d.id }, today).warnings).toEqual([]);
    // The tester changes TC-001's expectation to a wrong figure and runs it: it fails now.
    const run = correctAndRun(db, demo.people.tester, nw, 'TC-001', 'participant_id,component_id,amount\nB1,loan_commission,1.00\n');
    expect(run.result).toBe('failed');
    const page = deliverablePage(db, demo.people.pm, { projectId: nw, deliverableId: d.id }, today);
    expect(page.deliverable.state).toBe('accepted');
    expect(page.warnings).toHaveLength(1);
    expect(page.warnings[0]).toMatch(
      new RegExp(`^TC-001 .* passes: held when accepted \\(TC-001 run #${before.criteria![1]!.runs[0]!.runId}\\); now TC-001 failed \\(run #${run.id}\\)`),
    );
    expect(db.select().from(deliverableSubmissions).where(eq(deliverableSubmissions.id, before.id)).get()).toEqual(before);
  });

  it('a payment milestone cannot be released while one of its deliverables is not accepted; it can once they are accepted or waived', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const milestones = db.select().from(paymentMilestones).all();
    const uatReady = milestones.find((m) => m.name === 'UAT ready')!;
    const first = milestones.find((m) => m.name.startsWith('Design and configuration'))!;
    const audits = db.select().from(auditLog).all().length;
    expect(await refusal(() => releasePaymentMilestone(ctx(db, demo.people.pm), { projectId: nw, milestoneId: uatReady.id }))).toMatchObject({
      code: 'refused',
      message:
        'UAT ready cannot be released: it waits on DLV-003 (submitted), DLV-004 (in review), DLV-005 (rejected), DLV-006 (in progress), which must be accepted or waived first.',
    });
    expect(db.select().from(auditLog).all().length).toBe(audits);
    // Only the PM releases.
    expect(await refusal(() => releasePaymentMilestone(ctx(db, demo.people.finance), { projectId: nw, milestoneId: first.id }))).toMatchObject({
      code: 'forbidden',
    });
    const released = releasePaymentMilestone(ctx(db, demo.people.pm), { projectId: nw, milestoneId: first.id });
    expect(released.releasedAt).toBe('2026-11-30T12:00:00.000Z');
    expect(await refusal(() => releasePaymentMilestone(ctx(db, demo.people.pm), { projectId: nw, milestoneId: first.id }))).toMatchObject({
      message: expect.stringContaining('was released on 2026-11-30'),
    });
    const page = vendorsPage(db, demo.people.pm, nw, today);
    expect(page.contracts[0]!.milestones.map((m) => [m.name, m.releasable, !!m.releasedAt])).toEqual([
      ['Design and configuration of the commercial banker plan', false, true],
      ['UAT ready', false, false],
      ['Go-live and handover', false, false],
    ]);
  });

  it('the whole round: submit, reject naming the failing case, resubmit after the fix, accept; every state change is an audit row', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const { vendor, finance, tester, pm } = demo.people;
    const d = byKey(db, nw, 'DLV-006');
    const ref = { projectId: nw, deliverableId: d.id };
    submitDeliverable(ctx(db, vendor), { ...ref, note: 'Crediting rules for syndicated loans', evidence: 'SharePoint: NW/Crediting.docx' });
    reviewDeliverable(ctx(db, finance), ref);
    const [split, checklist] = criteriaOf(db, d);
    expect(split).toMatchObject({ kind: 'payout_case', met: false });
    // Accepting is refused while the linked case fails, and the vendor never accepts.
    expect(
      await refusal(() =>
        acceptDeliverable(ctx(db, finance), { ...ref, password: demoPassword, meaning: 'approved as finance', ...acceptanceBasis(db, d.id) }),
      ),
    ).toMatchObject({ code: 'refused', message: expect.stringContaining(`The acceptance criteria do not hold: ${split!.label}`) });
    expect(
      await refusal(() =>
        acceptDeliverable(ctx(db, vendor), { ...ref, password: demoPassword, meaning: 'reviewed, no objection', ...acceptanceBasis(db, d.id) }),
      ),
    ).toMatchObject({ code: 'refused', message: 'The reviewer cannot be of the vendor’s own firm.' });
    // A rejection without a reason on the failing case is refused; with it, recorded.
    expect(
      await refusal(() =>
        rejectDeliverable(ctx(db, finance), { ...ref, checked: [checklist!.criterionId], reasons: [{ criterionId: null, reason: 'Not good enough yet.' }] }),
      ),
    ).toMatchObject({ message: expect.stringContaining('Give a reason for each criterion that does not hold') });
    rejectDeliverable(ctx(db, finance), {
      ...ref,
      checked: [checklist!.criterionId],
      'reason.general': '',
      [`reason.${split!.criterionId}`]: 'The specialist share fails: 4,500.00 against 4,800.00 expected.',
    });
    correctAndRun(db, tester, nw, 'TC-006', 'participant_id,component_id,amount\nB1,loan_commission,12500.00\nB2,loan_commission,4500.00\n');
    submitDeliverable(ctx(db, vendor), { ...ref, note: 'Resubmitted: the case expectation was corrected, the rules stand' });
    reviewDeliverable(ctx(db, finance), ref);
    await acceptDeliverable(ctx(db, finance), { ...ref, password: demoPassword, meaning: 'approved as finance', ...acceptanceBasis(db, d.id) });
    // A waiver after acceptance is refused.
    expect(await refusal(() => waiveDeliverable(ctx(db, pm), { ...ref, reason: 'Too late to waive it.' }))).toMatchObject({
      message: 'You cannot waive it while the deliverable is "Accepted".',
    });

    const subs = db.select().from(deliverableSubmissions).where(eq(deliverableSubmissions.deliverableId, d.id)).all();
    expect(subs.map((s) => [s.number, s.outcome])).toEqual([
      [1, 'rejected'],
      [2, 'accepted'],
    ]);
    expect(subs[0]!.reasons).toEqual([{ criterionId: split!.criterionId, reason: 'The specialist share fails: 4,500.00 against 4,800.00 expected.' }]);
    const events = db.select().from(workflowEvents).where(eq(workflowEvents.instanceId, d.instanceId)).all();
    const audits = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, nw), eq(auditLog.subjectType, 'deliverable'), eq(auditLog.subjectId, 'DLV-006')))
      .all();
    expect(events.map((e) => `${e.fromState}>${e.toState}`)).toEqual(audits.filter((a) => a.fromState).map((a) => `${a.fromState}>${a.toState}`));
    expect(audits.map((a) => a.action)).toEqual([
      'deliverable.added',
      'deliverable.started',
      'deliverable.submitted',
      'deliverable.in_review',
      'deliverable.rejected',
      'deliverable.submitted',
      'deliverable.in_review',
      'deliverable.accepted',
    ]);
  });

  it('a representative of another firm sees nothing of this firm, not even by guessing ids', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const { vendor2, vendor, pm } = demo.people;
    // Bluestone's representative joins Northwind too: Acme's records stay out of reach.
    addProjectMember(ctx(db, pm), { projectId: nw, userId: vendor2.id, role: 'vendor', function: 'project_delivery' });
    const page = vendorsPage(db, vendor2, nw, today);
    expect([page.contracts, page.deliverables, page.commitments]).toEqual([[], [], []]);
    const acme = byKey(db, nw, 'DLV-006');
    expect(await refusal(() => deliverablePage(db, vendor2, { projectId: nw, deliverableId: acme.id }, today))).toMatchObject({ code: 'not_found' });
    expect(
      await refusal(() => submitDeliverable(ctx(db, vendor2), { projectId: nw, deliverableId: acme.id, note: 'Submitted by someone else' })),
    ).toMatchObject({ code: 'not_found' });
    // Victor sees Acme's eight, and nothing of Contoso.
    expect(vendorsPage(db, vendor, nw, today).deliverables).toHaveLength(8);
    expect(await refusal(() => vendorsPage(db, vendor, demo.projects.contoso.id, today))).toMatchObject({ code: 'not_found' });
    const bluestone = byKey(db, demo.projects.contoso.id, 'DLV-001');
    expect(await refusal(() => deliverablePage(db, vendor, { projectId: nw, deliverableId: bluestone.id }, today))).toMatchObject({ code: 'not_found' });
  });

  it('the grid computes overdue from the due date and the state, never stored', async () => {
    const { db, demo } = await seededDb();
    const rows = vendorsPage(db, demo.people.pm, demo.projects.northwind.id, today).deliverables;
    expect(rows.map((d) => [d.key, d.state, d.overdue])).toEqual([
      ['DLV-001', 'waived', false],
      ['DLV-002', 'accepted', false],
      ['DLV-003', 'submitted', false],
      ['DLV-004', 'inReview', false],
      ['DLV-005', 'rejected', false],
      ['DLV-006', 'inProgress', false],
      ['DLV-007', 'inProgress', true],
      ['DLV-008', 'planned', false],
    ]);
  });
});
