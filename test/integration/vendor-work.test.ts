/**
 * Issue 12 beyond the deliverable page: what My work asks of each side, the scorecard read from the
 * portal's own records, and the gate criterion on vendor deliverables.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, deliverables, phases, testCases, testRuns, workflowInstances } from '~/db/schema';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { advanceDefect } from '~/workflows/commands/advance-defect';
import { assignDefect } from '~/workflows/commands/assign-defect';
import { commentOnDeliverable } from '~/workflows/commands/comment-on-deliverable';
import { logDefect } from '~/workflows/commands/log-defect';
import { evaluateEvidence } from '~/workflows/gates/evidence';
import type { GateContext } from '~/workflows/machines/phase-gate';
import { myWork } from '~/workflows/my-work';
import { commitmentStandings } from '~/workflows/vendors/commitments';
import { scorecardInputOf, scorecardOf } from '~/workflows/vendors/scorecard-data';
import { deliverablePage } from '~/workflows/vendors/view';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const today = '2026-11-30';
const keys = (items: { key: string }[]) => items.map((i) => i.key);

describe('vendor work, scorecard and gate evidence on the seeded demo', () => {
  it('My work: the vendor submits or resubmits, the reviewer reviews, the PM chases the overdue and releases what is releasable', async () => {
    const { db, demo } = await seededDb();
    const p = demo.people;
    const vendor = myWork(db, p.vendor, today).vendors;
    expect(keys(vendor.toSubmit).sort()).toEqual(['DLV-005', 'DLV-006', 'DLV-007']);
    expect(vendor.toSubmit.find((d) => d.key === 'DLV-005')!.state).toBe('rejected');
    expect(vendor.toReview).toEqual([]);
    expect(vendor.releasable).toEqual([]);
    // The client reviewer named on the submissions waiting; nobody else.
    expect(keys(myWork(db, p.stakeholder, today).vendors.toReview)).toEqual(['DLV-003', 'DLV-004']);
    expect(myWork(db, p.finance, today).vendors.toReview).toEqual([]);
    const pm = myWork(db, p.pm, today).vendors;
    // The overdue deliverables are among what is late on the PM's projects (My work's one late list).
    const lateDeliverables = (day: string) =>
      myWork(db, p.pm, day)
        .late.filter((r) => r.kind === 'deliverable')
        .map((r) => r.what);
    expect(lateDeliverables(today)).toEqual(['Deliverable DLV-007 · Data integration interface specifications']);
    expect(pm.releasable.map((m) => [m.name, m.amount, m.currency])).toEqual([['Design and configuration of the commercial banker plan', '120000.00', 'USD']]);
    // Another firm's representative is asked nothing about Acme's work; overdue is computed from the day.
    expect(Object.values(myWork(db, p.vendor2, today).vendors).flat()).toEqual([]);
    expect(lateDeliverables('2026-11-20')).toEqual([]);
  });

  it('the scorecard reads the firm history as the portal holds it, and counts it by the rules', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const acme = demo.people.vendor.vendorFirmId!;
    const input = scorecardInputOf(db, nw, acme, today);
    const byKey = new Map(input.deliverables.map((d) => [d.key, d]));
    expect(byKey.get('DLV-001')).toMatchObject({ due: '2026-06-30', acceptedOn: null, waivedOn: '2026-07-15' });
    expect(byKey.get('DLV-002')).toMatchObject({ submissions: [{ on: '2026-11-11', outcome: 'accepted' }], acceptedOn: '2026-11-13' });
    expect(byKey.get('DLV-003')!.submissions.map((s) => s.outcome)).toEqual(['rejected', 'pending']);
    expect(input.commitments.map((c) => [c.status, c.settledOn])).toEqual([['met', '2026-11-06']]);
    // Bluestone's deliverable is not Acme's.
    expect(input.deliverables).toHaveLength(8);

    const card = scorecardOf(db, nw, acme, today);
    // On time: DLV-002 accepted on its due day, of three counted (DLV-001 waived after its due date,
    // DLV-007 past due and not accepted); the others are not due yet.
    expect([card.toDate.onTime.value, card.toDate.onTime.hits, card.toDate.onTime.counted.sort()]).toEqual([
      '33.3',
      ['DLV-002'],
      ['DLV-001', 'DLV-002', 'DLV-007'],
    ]);
    expect([card.toDate.firstPass.value, card.toDate.firstPass.denominator]).toEqual(['100.0', 1]);
    expect(card.toDate.defectSla.value).toBeNull();
    expect(card.toDate.commitmentsMet.value).toBe('100.0');
    expect(card.grade.letter).toBe('D');
  });

  it('each phase gate asks that the vendor deliverables due in it are accepted or waived, naming those that are not', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const evidenceOf = (key: string) => {
      const phase = db
        .select()
        .from(phases)
        .where(and(eq(phases.projectId, nw), eq(phases.key, key)))
        .orderBy(asc(phases.position))
        .get()!;
      const context = db.select().from(workflowInstances).where(eq(workflowInstances.id, phase.instanceId)).get()!.context as GateContext;
      return evaluateEvidence(db, nw, phase, context.checklist).find((e) => e.key === 'vendorDeliverables')!;
    };
    // Scope: the platform assessment was waived.
    expect(evidenceOf('scope')).toMatchObject({ met: true, missing: [] });
    const launch = evidenceOf('launch');
    expect(launch.met).toBe(false);
    expect(launch.rule).toBe('Every vendor deliverable due in the Launch phase is accepted or waived.');
    expect(launch.missing.map((m) => m.split(' ')[0])).toEqual(['DLV-004', 'DLV-005', 'DLV-006', 'DLV-007']);
    expect(launch.missing[0]).toContain('(Acme ICM Partners, in review)');
  });

  it('a deliverable has a discussion: its firm and the client side comment, audited; a viewer reads; another firm does not find it', async () => {
    const { db, demo } = await seededDb();
    const p = demo.people;
    const nw = demo.projects.northwind.id;
    const id = db
      .select()
      .from(deliverables)
      .where(and(eq(deliverables.projectId, nw), eq(deliverables.key, 'DLV-006')))
      .get()!.id;
    const ref = { projectId: nw, deliverableId: id };
    commentOnDeliverable({ db, actor: p.vendor }, { ...ref, body: 'The split rules cover syndicated loans only; club deals follow next week.' });
    commentOnDeliverable({ db, actor: p.finance }, { ...ref, body: 'Fine: add club deals as a second submission.' });
    expect(deliverablePage(db, p.viewer, ref, today).comments.map((c) => c.author)).toEqual(['Victor Hale', 'Fiona Lindqvist']);
    expect(deliverablePage(db, p.viewer, ref, today).mayComment).toBe(false);
    expect((await refusal(() => commentOnDeliverable({ db, actor: p.viewer }, { ...ref, body: 'Looks fine' }))).status).toBe(403);
    expect((await refusal(() => commentOnDeliverable({ db, actor: p.vendor }, { ...ref, body: '' }))).status).toBe(400);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'deliverable.commented')).all();
    expect(audit.map((a) => a.subjectId)).toEqual(['DLV-006', 'DLV-006']);
    // Bluestone's representative, even added to Northwind, does not find Acme's deliverable.
    addProjectMember({ db, actor: p.pm }, { projectId: nw, userId: p.vendor2.id, role: 'vendor', function: 'project_delivery' });
    expect((await refusal(() => commentOnDeliverable({ db, actor: p.vendor2 }, { ...ref, body: 'Hello' }))).status).toBe(404);
  });

  it("a defect assigned to the vendor's representative counts against the firm's service level, on the commitment and the scorecard alike", async () => {
    const { db, demo } = await seededDb();
    const p = demo.people;
    const nw = demo.projects.northwind.id;
    const acme = p.vendor.vendorFirmId!;
    const at = (day: string) => new Date(`${day}T10:00:00Z`);
    const tc006 = db
      .select()
      .from(testCases)
      .where(and(eq(testCases.projectId, nw), eq(testCases.key, 'TC-006')))
      .get()!;
    const run = db.select().from(testRuns).where(eq(testRuns.caseId, tc006.id)).orderBy(desc(testRuns.id)).get()!;
    // Logged on Friday 2026-11-20 at severity 2: Acme promised a fix within 3 business days, by Wednesday 25th.
    const defect = logDefect(
      { db, actor: p.tester, now: at('2026-11-20') },
      { projectId: nw, caseId: tc006.id, runId: run.id, title: 'Specialist credit split rounds the wrong way', severity: '2', steps: 'Run TC-006.' },
    );
    assignDefect({ db, actor: p.pm, now: at('2026-11-20') }, { projectId: nw, defectId: defect.id, assigneeId: String(p.vendor.id) });
    const sla = () => commitmentStandings(db, nw, '2026-11-30', acme).find((c) => c.kind === 'defect_sla')!;
    const card = () => scorecardOf(db, nw, acme, '2026-11-30').toDate.defectSla;
    // Still open on the 30th: missed on the commitment, and a miss on the scorecard.
    expect(sla().standing).toBe('missed');
    expect(sla().defects.map((d) => [d.key, d.deadline, d.status])).toEqual([[defect.key, '2026-11-25', 'missed']]);
    expect([card().value, card().numerator, card().denominator]).toEqual(['0.0', 0, 1]);
    // Fixed on Tuesday 24th (the analyst applies the vendor's fix): met on both.
    advanceDefect(
      { db, actor: p.analyst, now: at('2026-11-24') },
      { projectId: nw, defectId: defect.id, action: 'FIX', text: 'Acme corrected the split rounding.' },
    );
    expect(sla().standing).toBe('met');
    expect([card().value, card().numerator, card().denominator]).toEqual(['100.0', 1, 1]);
  });
});
