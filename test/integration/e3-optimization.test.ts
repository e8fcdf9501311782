/**
 * Issue 17, E3 acceptance 3 and 4 and the E3 commands: a refused programme data upload reports every
 * bad line and keeps nothing; a signed baseline does not change when later data is uploaded (or a
 * baseline period replaced); who may configure, sign, review and turn a finding into a change.
 */
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, changeRequests, notifications, phases, programmePeriods, programmeResults, projects, signatures, workflowInstances } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { contosoQuarters } from '~/seeds/e3';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { approveGate } from '~/workflows/commands/approve-gate';
import { configureE3Baseline } from '~/workflows/commands/configure-e3-baseline';
import { createProject } from '~/workflows/commands/create-project';
import { raiseChangeFromFinding } from '~/workflows/commands/raise-change-from-finding';
import { recordE3Finding } from '~/workflows/commands/record-e3-finding';
import { requestGateReview } from '~/workflows/commands/request-gate-review';
import { signE3Baseline } from '~/workflows/commands/sign-e3-baseline';
import { signE3Review } from '~/workflows/commands/sign-e3-review';
import { startE3Cycle } from '~/workflows/commands/start-e3-cycle';
import { startE3Review } from '~/workflows/commands/start-e3-review';
import { uploadProgrammeData } from '~/workflows/commands/upload-programme-data';
import { baselineFingerprint, comparison, latestCycle, movedAfterChanges, reviewFingerprint, valuesOver } from '~/workflows/e3/cycle';
import { programmePeriodsOf } from '~/workflows/e3/data';
import { e3BaselineSigned, e3ReviewHeld } from '~/workflows/e3/evidence';
import { gateSignatureBasis } from '~/workflows/gates/fingerprint';
import { phaseGate, signatureMeaning } from '~/workflows/machines/phase-gate';
import { myWork } from '~/workflows/my-work';
import { contextOf } from '~/workflows/runtime';
import { seededDb } from '../support/db';
import { e3Fixture } from '../support/e3';
import { refusal } from '../support/refusal';

const now = new Date('2026-11-30T12:00:00Z');
const q3 = {
  ...e3Fixture.q2,
  period: '2099-Q3',
  closeDate: '2099-09-30',
  paymentDate: '2099-10-30',
  // Twice the disputes of Q2: the dispute rate is worse than its target.
  events: `${e3Fixture.q2.events}\ndispute,P05,10,2099-10-01,\ndispute,P06,10,2099-10-01,\ndispute,P07,10,2099-10-01,\ndispute,P08,10,2099-10-01,`,
};

async function setUp() {
  const { db, demo } = await seededDb();
  const projectId = demo.projects.contoso.id;
  const ctx = (actor: typeof demo.people.pm) => ({ db, actor, now });
  return { db, demo, projectId, ctx };
}

describe('E3 programme data and cycles (issue 17)', () => {
  it('the seed: Contoso has eight quarters, a baseline of four signed before its Establish gate, one review with two findings, one a change', async () => {
    const { db, demo, projectId } = await setUp();
    expect(programmePeriodsOf(db, projectId).map((p) => p.period)).toEqual([...contosoQuarters]);
    const { context, state, cycle } = latestCycle(db, projectId)!;
    expect(state).toBe('evolving');
    expect(cycle.sponsorId).toBe(demo.people.stakeholder.id);
    expect(context.baseline?.periods).toEqual(contosoQuarters.slice(0, 4));
    expect(context.baseline!.at < '2026-09-11').toBe(true);
    expect(context.reviews).toHaveLength(1);
    const rows = comparison(context, context.reviews[0]!.values);
    expect(rows.filter((r) => r.vsTarget === 'worse').map((r) => r.key)).toEqual(['disputeRate', 'cycleDays', 'share:New logo']);
    expect(context.reviews[0]!.findings.map((f) => [f.kpi, f.verdict, f.change?.key ?? null])).toEqual([
      ['disputeRate', 'worse', 'CR-001'],
      ['share:New logo', 'worse', null],
    ]);
    expect(e3BaselineSigned(db, projectId).missing).toEqual([]);
    expect(e3ReviewHeld(db, projectId).missing).toEqual([]);
  });

  it('a new E3 project’s Establish gate cannot be approved until its baseline is signed', async () => {
    const { db, demo } = await seededDb();
    const { pm, stakeholder, analyst } = demo.people;
    const as = (actor: typeof pm, day: string) => ({ db, actor, now: new Date(`${day}T10:00:00Z`) });
    const project = createProject(as(demo.people.admin, '2026-11-02'), {
      name: 'Tailspin E3',
      client: 'Tailspin',
      methodologyKey: 'E3',
      startDate: '2026-11-02',
      targetDate: '2027-06-30',
      pmUserId: pm.id,
    });
    addProjectMember(as(pm, '2026-11-02'), { projectId: project.id, userId: stakeholder.id, role: 'stakeholder', function: 'business_owner' });
    addProjectMember(as(pm, '2026-11-02'), { projectId: project.id, userId: analyst.id, role: 'analyst', function: 'compensation' });
    const gate = db
      .select()
      .from(phases)
      .where(and(eq(phases.projectId, project.id), eq(phases.key, 'establish')))
      .get()!;
    const checklist = [{ key: 'cadence', checked: true, note: '' }];
    const refused = await refusal(() => requestGateReview(as(pm, '2026-11-03'), { phaseId: gate.id, checklist, approverIds: [stakeholder.id] }));
    expect(refused.message).toMatch(/Baseline KPIs measured and agreed \(missing: no E3 cycle yet\)/);

    uploadProgrammeData(as(analyst, '2026-11-03'), { projectId: project.id, ...e3Fixture.q1 });
    startE3Cycle(as(pm, '2026-11-03'), { projectId: project.id, sponsorId: stakeholder.id });
    const cycle = () => latestCycle(db, project.id)!;
    configureE3Baseline(as(pm, '2026-11-04'), {
      projectId: project.id,
      expectedVersion: cycle().instance.version,
      periods: ['2025-Q1'],
      kpis: [{ key: 'atQuota', target: '30', tolerance: '5' }],
      cadenceWeeks: 13,
    });
    const c = cycle();
    await signE3Baseline(as(stakeholder, '2026-11-05'), {
      projectId: project.id,
      password: demoPassword,
      meaning: 'approved as business owner',
      expectedVersion: c.instance.version,
      fingerprint: baselineFingerprint(c.instance.version, c.context.config!, valuesOver(db, project.id, ['2025-Q1'], ['atQuota'])),
    });
    requestGateReview(as(pm, '2026-11-06'), { phaseId: gate.id, checklist, approverIds: [stakeholder.id] });
    await approveGate(as(stakeholder, '2026-11-07'), {
      phaseId: gate.id,
      password: demoPassword,
      meaning: signatureMeaning(contextOf(phaseGate, db.select().from(workflowInstances).where(eq(workflowInstances.id, gate.instanceId)).get()!)),
      ...gateSignatureBasis(db, gate.id),
    });
    expect(db.select().from(workflowInstances).where(eq(workflowInstances.id, gate.instanceId)).get()!.stateValue).toBe('approved');
  });

  it('the next review shows whether a KPI moved after the change its finding became', async () => {
    const { db, demo, projectId, ctx } = await setUp();
    // Contoso's seeded review 1 turned its disputes finding into CR-001; review 2 reads 2026-Q2, where disputes were lower.
    startE3Review(ctx(demo.people.pm), { projectId, expectedVersion: latestCycle(db, projectId)!.instance.version, periods: ['2026-Q2'] });
    const moved = movedAfterChanges(latestCycle(db, projectId)!.context, 2);
    expect(moved.map((m) => [m.fromReview, m.finding.change?.key, m.label, m.atFinding, m.now, m.moved])).toEqual([
      [1, 'CR-001', 'Disputes per 100 participants', '22.50', '7.50', 'better'],
    ]);
  });

  it('the E3 gate criteria are computed: unmet without a cycle, a signed baseline, a signed review', async () => {
    const { db, demo, projectId, ctx } = await setUp();
    const { pm, stakeholder } = demo.people;
    startE3Cycle(ctx(pm), { projectId, sponsorId: stakeholder.id });
    expect(e3BaselineSigned(db, projectId).missing).toEqual(['cycle 2: no baseline periods and KPIs chosen']);
    expect(e3ReviewHeld(db, projectId).missing).toEqual(['cycle 2: baseline not signed yet']);
    const fresh = db.select().from(projects).where(eq(projects.id, demo.projects.northwind.id)).get()!;
    expect(e3BaselineSigned(db, fresh.id).missing).toEqual(['no E3 cycle yet']);
  });

  it('refuses an upload with bad lines, naming every one by file and line, and keeps nothing', async () => {
    const { db, demo, projectId, ctx } = await setUp();
    const periodsBefore = db.select({ n: count() }).from(programmePeriods).get()!.n;
    const resultsBefore = db.select({ n: count() }).from(programmeResults).get()!.n;
    const auditBefore = db.select({ n: count() }).from(auditLog).get()!.n;
    const results = [
      'participant,component,payout,capped,quota,credited_revenue',
      'P01,Revenue,1000.00,no,100000,90000',
      'P02,Revenue,lots,no,100000,90000',
      'P03,Revenue,500,maybe,-5,90000',
      'P01,Revenue,10,no,100000,90000',
      'P01,Bonus,10,no,120000,90000',
      'P04,Revenue,500,no,100000',
    ].join('\n');
    const events = [
      'kind,participant,amount,raised_on,resolved_on',
      'dispute,P01,10,2099-01-05,2099-01-01',
      'refund,P99,x,someday,',
      'adjustment,P01,5,2099-01-05,2099-01-06',
    ].join('\n');
    const error = await refusal(() =>
      uploadProgrammeData(ctx(demo.people.analyst), { projectId, period: '2099-Q1', closeDate: '2099-03-31', paymentDate: '2099-04-20', results, events }),
    );
    expect(error.message).toBe('Nothing was uploaded: 8 problems in the files.');
    expect(error.problems.map((p) => [p.file, p.line])).toEqual([
      ['Results file', 3],
      ['Results file', 4],
      ['Results file', 5],
      ['Results file', 6],
      ['Results file', 7],
      ['Events file', 2],
      ['Events file', 3],
      ['Events file', 4],
    ]);
    expect(error.problems[0]!.message).toMatch(/payout: "lots" is not an amount/);
    expect(error.problems[1]!.message).toMatch(/capped: "maybe".*quota: "-5"/);
    expect(error.problems[2]!.message).toMatch(/P01 already has a Revenue line \(line 2\)/);
    expect(error.problems[3]!.message).toMatch(/differ from line 2/);
    expect(error.problems[4]!.message).toMatch(/has 5 cells where the header has 6/);
    expect(error.problems[5]!.message).toMatch(/resolved on or after/);
    expect(error.problems[6]!.message).toMatch(/kind: "refund".*P99 has no line.*amount.*raised_on/);
    expect(error.problems[7]!.message).toMatch(/an adjustment is not resolved/);
    expect(db.select({ n: count() }).from(programmePeriods).get()!.n).toBe(periodsBefore);
    expect(db.select({ n: count() }).from(programmeResults).get()!.n).toBe(resultsBefore);
    expect(db.select({ n: count() }).from(auditLog).get()!.n).toBe(auditBefore);

    const header = await refusal(() =>
      uploadProgrammeData(ctx(demo.people.analyst), {
        projectId,
        period: '2099-Q1',
        closeDate: '2099-03-31',
        paymentDate: '2099-04-20',
        results: 'participant,payout\nP1,2',
      }),
    );
    expect(header.problems).toEqual([
      { file: 'Results file', line: 1, message: expect.stringMatching(/Missing column\(s\): component, capped, quota, credited_revenue/) },
    ]);
    const dates = await refusal(() =>
      uploadProgrammeData(ctx(demo.people.analyst), { projectId, period: '2099 Q1', closeDate: '2099-03-31', paymentDate: '2099-03-01', results }),
    );
    expect(Object.keys(dates.fieldErrors).sort()).toEqual(['paymentDate', 'period']);
  });

  it('who may upload: the PM and analysts; not stakeholders, testers, viewers or vendors', async () => {
    const { demo, projectId, ctx } = await setUp();
    for (const who of ['stakeholder', 'viewer', 'vendor'] as const)
      expect((await refusal(() => uploadProgrammeData(ctx(demo.people[who]), { projectId, ...e3Fixture.q1, period: '2099-Q1' }))).code).toMatch(
        /forbidden|not_found/,
      );
    expect(uploadProgrammeData(ctx(demo.people.pm), { projectId, ...e3Fixture.q1, period: '2099-Q1' }).participants).toBe(12);
    const again = await refusal(() => uploadProgrammeData(ctx(demo.people.pm), { projectId, ...e3Fixture.q1, period: '2099-Q1' }));
    expect(again.fieldErrors.period).toMatch(/already uploaded/);
  });

  it('a signed baseline does not change when later data is uploaded or a baseline period is replaced; a review compares, is signed, and a finding becomes a change', async () => {
    const { db, demo, projectId, ctx } = await setUp();
    const { pm, analyst, stakeholder, viewer } = demo.people;
    uploadProgrammeData(ctx(analyst), { projectId, ...e3Fixture.q1, period: '2099-Q1' });
    uploadProgrammeData(ctx(analyst), { projectId, ...e3Fixture.q2, period: '2099-Q2' });

    expect((await refusal(() => startE3Cycle(ctx(pm), { projectId, sponsorId: analyst.id }))).fieldErrors.sponsorId).toMatch(/stakeholder/);
    expect((await refusal(() => startE3Cycle(ctx(analyst), { projectId, sponsorId: stakeholder.id }))).code).toBe('forbidden');
    startE3Cycle(ctx(pm), { projectId, sponsorId: stakeholder.id });
    const cycle = () => latestCycle(db, projectId)!;
    const kpis = [
      { key: 'disputeRate', target: '25', tolerance: '5' },
      { key: 'costOfSales', target: '5', tolerance: '1' },
      { key: 'share:Bonus', target: '15', tolerance: '2' },
    ];
    const bad = await refusal(() =>
      configureE3Baseline(ctx(pm), {
        projectId,
        expectedVersion: cycle().instance.version,
        periods: ['2099-Q1', '2001-Q1'],
        track: ['disputeRate'],
        'target:disputeRate': 'x',
        'tolerance:disputeRate': '-1',
        cadenceWeeks: '13',
      }),
    );
    expect(bad.fieldErrors).toEqual({
      periods: expect.stringMatching(/No programme data for 2001-Q1/),
      'target:disputeRate': expect.any(String),
      'tolerance:disputeRate': expect.any(String),
    });
    configureE3Baseline(ctx(pm), { projectId, expectedVersion: cycle().instance.version, periods: ['2099-Q1', '2099-Q2'], kpis, cadenceWeeks: 13 });

    const asked = () =>
      db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, stakeholder.id), eq(notifications.link, `/projects/${projectId}/optimization/baseline`)))
        .all();
    // The seed's notice was settled when the sponsor signed cycle 1; this one waits.
    expect(asked().map((n) => [n.kind, n.readAt === null])).toEqual([
      ['signature.requested', false],
      ['signature.requested', true],
    ]);
    const keys = kpis.map((k) => k.key);
    const shown = () => {
      const c = cycle();
      return {
        expectedVersion: c.instance.version,
        fingerprint: baselineFingerprint(c.instance.version, c.context.config!, valuesOver(db, projectId, c.context.config!.periods, keys)),
      };
    };
    const sign = (actor: typeof pm, basis = shown()) =>
      signE3Baseline(ctx(actor), { projectId, password: demoPassword, meaning: 'approved as business owner', ...basis });
    expect((await refusal(() => sign(pm))).message).toMatch(/configured the baseline never signs/);
    expect((await refusal(() => sign(viewer))).message).toMatch(/Only the sponsor/);
    const wrong = await refusal(() => signE3Baseline(ctx(stakeholder), { projectId, password: 'nope', meaning: 'approved as business owner', ...shown() }));
    expect(wrong.fieldErrors.password).toBe('Wrong password.');
    // Data replaced after the page was shown: the sponsor's fingerprint no longer matches.
    const stale = shown();
    uploadProgrammeData(ctx(analyst), { projectId, ...e3Fixture.q2, period: '2099-Q2', events: '', replace: true });
    expect((await refusal(() => sign(stakeholder, stale))).code).toBe('conflict');
    uploadProgrammeData(ctx(analyst), { projectId, ...e3Fixture.q2, period: '2099-Q2', replace: true });
    // The configured baseline waits on its sponsor in My work, and on no one else.
    const waits = (who: typeof pm) => myWork(db, who).optimization;
    expect(waits(stakeholder).baselinesToSign.map((b) => b.projectId)).toContain(projectId);
    expect([pm, viewer, analyst].flatMap((who) => waits(who).baselinesToSign.filter((b) => b.projectId === projectId))).toEqual([]);
    await sign(stakeholder);
    expect(waits(stakeholder).baselinesToSign.filter((b) => b.projectId === projectId)).toEqual([]);
    const frozen = structuredClone(cycle().context.baseline!);
    // The sponsor has answered the notice that asked for the signature.
    expect(asked().at(-1)!.readAt).not.toBeNull();
    // (25.00 + 33.33) / 2; (5.21 + 5.32) / 2; (14.14 + 14.81) / 2
    expect(frozen.values).toEqual({ disputeRate: '29.17', costOfSales: '5.27', 'share:Bonus': '14.48' });
    expect(cycle().state).toBe('baselineSigned');
    expect(db.select().from(signatures).where(eq(signatures.instanceId, cycle().instance.id)).all()).toHaveLength(1);
    expect((await refusal(() => sign(stakeholder))).message).toMatch(/already signed and frozen/);

    // Later data, and a baseline period replaced with other numbers: the signed baseline stays as signed.
    uploadProgrammeData(ctx(analyst), { projectId, ...q3 });
    uploadProgrammeData(ctx(analyst), { projectId, ...e3Fixture.q1, period: '2099-Q1', events: '', replace: true });
    expect(valuesOver(db, projectId, ['2099-Q1', '2099-Q2'], keys).values.disputeRate).not.toBe(frozen.values.disputeRate);
    expect(cycle().context.baseline).toEqual(frozen);

    // The review: before the baseline periods are allowed? No: a review looks at later periods.
    expect((await refusal(() => startE3Review(ctx(pm), { projectId, expectedVersion: cycle().instance.version, periods: ['2099-Q2'] }))).message).toMatch(
      /periods after the baseline/,
    );
    startE3Review(ctx(pm), { projectId, expectedVersion: cycle().instance.version, periods: ['2099-Q3'] });
    const review = cycle().context.reviews[0]!;
    // 8 disputes / 12 = 66.67: worse than 25 by more than 5.
    expect(review.values.disputeRate).toBe('66.67');
    recordE3Finding(ctx(analyst), {
      projectId,
      expectedVersion: cycle().instance.version,
      kpi: 'disputeRate',
      note: 'Disputes more than doubled after the Q3 territory change.',
    });
    expect(cycle().context.reviews[0]!.findings[0]).toMatchObject({ verdict: 'worse', value: '66.67', baseline: '29.17', target: '25' });
    const reviewBasis = () => ({ expectedVersion: cycle().instance.version, fingerprint: reviewFingerprint(cycle().instance.version, cycle().context) });
    expect(
      (await refusal(() => signE3Review(ctx(viewer), { projectId, password: demoPassword, meaning: 'reviewed, no objection', ...reviewBasis() }))).message,
    ).toMatch(/Only the sponsor/);
    expect(waits(stakeholder).reviewsToSign.filter((r) => r.projectId === projectId)).toMatchObject([{ number: 1 }]);
    expect(waits(pm).reviewsToSign).toEqual([]);
    await signE3Review(ctx(stakeholder), { projectId, password: demoPassword, meaning: 'approved as business owner', ...reviewBasis() });
    expect(cycle().state).toBe('evolving');
    expect(waits(stakeholder).reviewsToSign.filter((r) => r.projectId === projectId)).toEqual([]);

    expect(
      (
        await refusal(() =>
          raiseChangeFromFinding(ctx(stakeholder), { projectId, expectedVersion: cycle().instance.version, review: 1, finding: 1, title: 'Fix disputes' }),
        )
      ).code,
    ).toBe('forbidden');
    const change = raiseChangeFromFinding(ctx(analyst), {
      projectId,
      expectedVersion: cycle().instance.version,
      review: 1,
      finding: 1,
      title: 'Clarify crediting rules',
    });
    expect(cycle().context.reviews[0]!.findings[0]!.change).toEqual({ id: change.id, key: change.key });
    const stored = db.select().from(changeRequests).where(eq(changeRequests.id, change.id)).get()!;
    expect(stored.deciderId).toBe(stakeholder.id);
    expect(stored.description).toMatch(/review 1, finding 1 \(Disputes per 100 participants: 66.67 against a baseline of 29.17/);
    const twice = await refusal(() =>
      raiseChangeFromFinding(ctx(analyst), { projectId, expectedVersion: cycle().instance.version, review: 1, finding: 1, title: 'Clarify crediting rules' }),
    );
    expect(twice.message).toMatch(/already change request/);
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.projectId, projectId))
      .all()
      .map((a) => a.action);
    for (const a of [
      'e3.cycle_started',
      'e3.baseline_configured',
      'e3.baseline_signed',
      'e3.signature_refused',
      'e3.data_uploaded',
      'e3.data_replaced',
      'e3.review_started',
      'e3.finding_recorded',
      'e3.review_signed',
      'e3.finding_to_change',
      'change.raised',
    ])
      expect(actions).toContain(a);
  });
});
