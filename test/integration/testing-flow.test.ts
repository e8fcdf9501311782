import { and, asc, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  defects,
  parallelRuns,
  phases,
  requirements,
  requirementVersions,
  signatures,
  testCases,
  testRuns,
  varianceClassifications,
  workflowInstances,
} from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { commercialBankerPlan } from '~/seeds/northwind-plans';
import { legacyPayouts, parallelInputs } from '~/seeds/northwind-testing';
import { quickDecidedSelection } from '~/seeds/selection';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { advanceDefect } from '~/workflows/commands/advance-defect';
import { approveGate } from '~/workflows/commands/approve-gate';
import { caseFromExample } from '~/workflows/commands/case-from-example';
import { classifyVariance } from '~/workflows/commands/classify-variance';
import { createParallelRun } from '~/workflows/commands/create-parallel-run';
import { createProject } from '~/workflows/commands/create-project';
import { createTestCycle } from '~/workflows/commands/create-test-cycle';
import { editRequirement } from '~/workflows/commands/edit-requirement';
import { requestGateReview } from '~/workflows/commands/request-gate-review';
import { runTestCase } from '~/workflows/commands/run-test-case';
import { signVarianceReport } from '~/workflows/commands/sign-variance-report';
import { submitVarianceReport } from '~/workflows/commands/submit-variance-report';
import { uploadPlanVersion } from '~/workflows/commands/upload-plan-version';
import { evaluateEvidence } from '~/workflows/gates/evidence';
import { gateSignatureBasis } from '~/workflows/gates/fingerprint';
import type { GateContext } from '~/workflows/machines/phase-gate';
import { myWork } from '~/workflows/my-work';
import { CaseRefused } from '~/workflows/testing/payout-case';
import { reportSignatureBasis } from '~/workflows/testing/variance';
import { unexplainedVariances } from '~/workflows/testing/variance-standing';
import { seededDb } from '../support/db';
import { planByKey, publishPlan } from '../support/plans';
import { refusal } from '../support/refusal';

async function setup() {
  const { db, demo } = await seededDb();
  const as = (who: keyof typeof demo.people) => ({ db, actor: demo.people[who] });
  const projectId = demo.projects.northwind.id;
  const req = (key: string) =>
    db
      .select()
      .from(requirements)
      .where(and(eq(requirements.projectId, projectId), eq(requirements.key, key)))
      .get()!;
  const plan = (key: string) => planByKey(db, projectId, key);
  const cycle = createTestCycle(as('tester'), {
    projectId,
    name: 'UAT round 2',
    kind: 'UAT',
    entryCriteria: 'x',
    exitCriteria: 'y',
    plannedStart: '2026-12-01',
    plannedEnd: '2026-12-18',
  });
  return { db, demo, as, projectId, req, plan, cycle };
}

describe('testing and payout validation', () => {
  it('a requirement’s worked example becomes a payout case that passes against the seeded plan', async () => {
    const { as, projectId, req, plan, cycle } = await setup();
    const { testCase, notes } = caseFromExample(as('tester'), {
      requirementId: req('REQ-001').id,
      exampleIndex: 0,
      cycleId: cycle.id,
      planId: plan('NW-CB-2026').id,
    });
    expect(notes.join(' ')).toContain('"quarterly quota" is the loan_bookings quota.');
    expect(testCase.expected).toEqual([{ participantId: 'P1', componentId: 'loan_commission', amount: '15000.00' }]);
    expect(testCase.critical).toBe(true);
    expect(runTestCase(as('tester'), { projectId, caseId: testCase.id }).result).toBe('passed');
  });

  it('a new version of a linked requirement marks the latest result stale and the case not run', async () => {
    const { db, as, projectId, req, plan, cycle } = await setup();
    const { testCase } = caseFromExample(as('tester'), { requirementId: req('REQ-004').id, exampleIndex: 0, cycleId: cycle.id, planId: plan('NW-RM-2026').id });
    const run = runTestCase(as('tester'), { projectId, caseId: testCase.id });
    expect(run.result).toBe('passed');
    const v = db
      .select()
      .from(requirementVersions)
      .where(eq(requirementVersions.id, req('REQ-004').currentVersionId!))
      .get()!;
    editRequirement(as('analyst'), {
      projectId,
      requirementId: req('REQ-004').id,
      baseFingerprint: v.fingerprint,
      title: v.title,
      description: `${v.description} Paid in the month after quarter end.`,
      category: v.category,
      priority: v.priority,
      ownerId: v.ownerId,
      phaseKey: v.phaseKey,
      acceptanceCriteria: v.acceptanceCriteria,
      examples: v.examples,
    });
    const after = db.select().from(testRuns).where(eq(testRuns.id, run.id)).get()!;
    expect(after.staleReason).toContain('REQ-004 changed to version 2');
    expect(db.select().from(workflowInstances).where(eq(workflowInstances.id, testCase.instanceId)).get()!.stateValue).toBe('notRun');
  });

  it('a legacy payout file with bad rows is refused, every bad row by line; a good one gives a variance report whose totals are the sum of its lines', async () => {
    const { as, projectId, plan } = await setup();
    const bad = `${legacyPayouts}B7,loan_commission,12x\n,loan_commission,5.00\nB1,loan_commission,1.00\n`;
    const refused = (await refusal(() =>
      createParallelRun(as('tester'), { projectId, name: 'Bad file', planId: plan('NW-CB-2026').id, ...parallelInputs, legacyCsv: bad }),
    )) as CaseRefused;
    expect(refused).toBeInstanceOf(CaseRefused);
    expect(refused.problems.map((p) => p.line)).toEqual([8, 9, 10]);
    expect(refused.problems[2]!.message).toContain('expected twice');

    const run = createParallelRun(as('tester'), { projectId, name: 'Good file', planId: plan('NW-CB-2026').id, ...parallelInputs, legacyCsv: legacyPayouts });
    const cents = (s: string) => Math.round(Number(s) * 100);
    const sum = (f: (l: (typeof run.lines)[number]) => string) => run.lines.reduce((s, l) => s + cents(f(l)), 0);
    expect(cents(run.totals.legacy)).toBe(sum((l) => l.legacy));
    expect(cents(run.totals.computed)).toBe(sum((l) => l.computed));
    expect(cents(run.totals.variance)).toBe(sum((l) => l.variance));
    expect(run.totals).toEqual({ legacy: '89175.01', computed: '71000.00', variance: '-18175.01' });
    expect(run.lines.find((l) => l.participantId === 'B6')).toMatchObject({ legacy: '50000.00', computed: '32500.00', variance: '-17500.00' });
  });

  it('the Launch gate shows its six computed criteria with what is missing, and blocks approval while any is unmet', async () => {
    const { db, as, demo } = await setup();
    const p = demo.people;
    const project = createProject(as('admin'), {
      name: 'Tailspin ICM',
      client: 'Tailspin',
      methodologyKey: 'SALE',
      startDate: '2026-01-05',
      targetDate: '2026-12-18',
      pmUserId: p.pm.id,
    });
    for (const [who, role, fn] of [
      ['stakeholder', 'stakeholder', 'business_owner'],
      ['analyst', 'analyst', 'compensation'],
      ['tester', 'tester', 'project_delivery'],
      ['tester2', 'tester', 'sales_operations'],
    ] as const)
      addProjectMember(as('pm'), { projectId: project.id, userId: p[who].id, role, function: fn });
    // The Scope gate's "platform selected" criterion is computed (issue 18): a decided selection first.
    await quickDecidedSelection(db, project.id, { pm: p.pm, sponsor: p.stakeholder, evaluator: p.analyst }, demoPassword);
    const phaseList = db.select().from(phases).where(eq(phases.projectId, project.id)).orderBy(asc(phases.position)).all();
    // Scope and Architect have no requirements to wait for: pass them.
    for (const phase of phaseList.slice(0, 2)) {
      const ctx = db.select().from(workflowInstances).where(eq(workflowInstances.id, phase.instanceId)).get()!.context as GateContext;
      requestGateReview(as('pm'), {
        phaseId: phase.id,
        checklist: ctx.checklist.filter((c) => !c.evidence).map((c) => ({ key: c.key, checked: true, note: '' })),
        approverIds: [p.stakeholder.id],
      });
      await approveGate(as('stakeholder'), {
        phaseId: phase.id,
        password: demoPassword,
        meaning: `I approve the ${phase.name} gate for Tailspin ICM`,
        ...gateSignatureBasis(db, phase.id),
      });
    }
    const launch = phaseList[2]!;
    const checklist = () => db.select().from(workflowInstances).where(eq(workflowInstances.id, launch.instanceId)).get()!.context as GateContext;
    const evidence = () => evaluateEvidence(db, project.id, launch, checklist().checklist);
    expect(evidence().map((e) => [e.label, e.met])).toEqual([
      ['Every must-have requirement covered by a passing test case', true],
      ['Every critical payout case passes on the current plan version', true],
      ['No open severity-1 or severity-2 defect', true],
      ['Parallel-run variance report signed off with every variance explained', false],
      ['Every plan in scope has a published version that passed validation', false],
      ['Every vendor deliverable due in this phase accepted or waived', true],
    ]);
    expect(evidence()[3]!.missing).toEqual(['no parallel run yet']);
    expect(evidence()[4]!.missing).toEqual(['no compensation plan yet']);

    // A failing critical case and an open severity-1 defect show up as missing, with their keys.
    // A plan uploaded is a draft: the plan criterion names it until a version is approved and published.
    uploadPlanVersion(as('analyst'), { projectId: project.id, document: JSON.stringify(commercialBankerPlan) });
    expect(evidence()[4]!.missing).toEqual(['NW-CB-2026 (no published version; v1 is draft)']);
    // The analyst replaces the draft, and it is validated, approved and published.
    const planId = (
      await publishPlan(db, demo, { projectId: project.id, document: JSON.stringify({ ...commercialBankerPlan, name: 'Commercial banker plan' }) })
    ).plan.id;
    expect(evidence()[4]!.met).toBe(true);
    const cycle = createTestCycle(as('tester'), {
      projectId: project.id,
      name: 'UAT',
      kind: 'UAT',
      entryCriteria: 'x',
      exitCriteria: 'y',
      plannedStart: '2026-10-01',
      plannedEnd: '2026-10-30',
    });
    const { createPayoutCase } = await import('~/workflows/commands/create-payout-case');
    const failing = createPayoutCase(as('tester'), {
      projectId: project.id,
      cycleId: cycle.id,
      title: 'Banker at 130%',
      planId,
      critical: true,
      ...parallelInputs,
      expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.01\n',
    });
    const run = runTestCase(as('tester'), { projectId: project.id, caseId: failing.id });
    const { logDefect } = await import('~/workflows/commands/log-defect');
    const sev1 = logDefect(as('tester'), {
      projectId: project.id,
      caseId: failing.id,
      runId: run.id,
      title: 'Commission off by one cent',
      severity: 1,
      steps: 'Run TC-001.',
    });
    const [, critical, defects] = evidence();
    expect(critical!.missing).toEqual([`${failing.key} Banker at 130% (failed)`]);
    expect(defects!.missing).toEqual([`${sev1.key} Commission off by one cent (severity 1, open)`]);

    const checks = checklist()
      .checklist.filter((c) => !c.evidence)
      .map((c) => ({ key: c.key, checked: true, note: '' }));
    const blocked = await refusal(() => requestGateReview(as('pm'), { phaseId: launch.id, checklist: checks, approverIds: [p.stakeholder.id] }));
    expect(blocked.message).toContain('A computed criterion is not met');
    expect(blocked.message).toContain('No open severity-1 or severity-2 defect');
    expect(blocked.message).toContain('Parallel-run variance report signed off with every variance explained');

    // The analyst marks it fixed; whoever fixed it cannot verify it.
    advanceDefect(as('analyst'), { projectId: project.id, defectId: sev1.id, action: 'FIX', text: 'Expectation corrected' });
    const selfVerify = await refusal(() => advanceDefect(as('analyst'), { projectId: project.id, defectId: sev1.id, action: 'VERIFY' }));
    expect(selfVerify.status).toBe(422);
    // Verifying runs the case: it still fails, so the defect stays fixed, the run is kept, and the lines are named.
    const runsBefore = db.select().from(testRuns).where(eq(testRuns.caseId, failing.id)).all().length;
    const stillFails = await refusal(() => advanceDefect(as('tester2'), { projectId: project.id, defectId: sev1.id, action: 'VERIFY' }));
    expect(stillFails.message).toBe(`${failing.key} still fails, so ${sev1.key} is not verified. B1 loan_commission: expected 15000.01, engine 15000.00`);
    expect(db.select().from(testRuns).where(eq(testRuns.caseId, failing.id)).all()).toHaveLength(runsBefore + 1);
    expect(evidence()[2]!.met).toBe(false);
    // The expectation is corrected; now the verifying run passes and the defect is verified, naming that run.
    const { editPayoutCase } = await import('~/workflows/commands/edit-payout-case');
    const current = db.select().from(testCases).where(eq(testCases.id, failing.id)).get()!;
    editPayoutCase(as('tester'), {
      projectId: project.id,
      caseId: failing.id,
      baseVersion: current.version,
      title: current.title,
      planId,
      critical: true,
      ...parallelInputs,
      expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.00\n',
    });
    advanceDefect(as('tester2'), { projectId: project.id, defectId: sev1.id, action: 'VERIFY' });
    const verifyingRun = db.select().from(testRuns).where(eq(testRuns.caseId, failing.id)).orderBy(desc(testRuns.id)).get()!;
    expect(verifyingRun.result).toBe('passed');
    const defectContext = db.select().from(workflowInstances).where(eq(workflowInstances.id, sev1.instanceId)).get()!.context;
    expect(defectContext).toMatchObject({ fixNote: 'Expectation corrected', verifiedRunId: verifyingRun.id, verifiedBy: p.tester2.id });
    expect(evidence().map((e) => e.met)).toEqual([true, true, true, false, true, true]);
  });
});

describe('a variance report under sign-off', () => {
  /** A new run on the seed's inputs: B6 (-17,500.00) and B3 (-675.00) are over its threshold of 1.00. */
  async function drafted() {
    const { db, demo, as, projectId, plan } = await setup();
    const run = createParallelRun(as('tester'), {
      projectId,
      name: 'Q4 parallel run',
      planId: plan('NW-CB-2026').id,
      ...parallelInputs,
      legacyCsv: legacyPayouts,
    });
    const written = () => ({
      classifications: db.select().from(varianceClassifications).where(eq(varianceClassifications.parallelRunId, run.id)).all().length,
      signatures: db.select().from(signatures).where(eq(signatures.instanceId, run.instanceId)).all().length,
      defects: db.select().from(defects).all().length,
      state: db.select().from(workflowInstances).where(eq(workflowInstances.id, run.instanceId)).get()!.stateValue,
      audit: db.select().from(auditLog).all().length,
    });
    const classify = (participantId: string, classification: string, note: string) =>
      classifyVariance(as('tester'), { projectId, runId: run.id, participantId, componentId: 'loan_commission', classification, note, severity: 4 });
    const submit = () => submitVarianceReport(as('tester'), { projectId, runId: run.id, signerIds: [demo.people.stakeholder.id, demo.people.finance.id] });
    const sign = (who: 'finance' | 'stakeholder') =>
      signVarianceReport(as(who), {
        projectId,
        runId: run.id,
        password: demoPassword,
        meaning: who === 'finance' ? 'approved as finance' : 'approved as business owner',
        ...reportSignatureBasis(db, run.id),
      });
    return { db, demo, as, projectId, run, written, classify, submit, sign };
  }

  async function submitted() {
    const d = await drafted();
    d.classify('B6', 'data issue', 'Legacy rounding per booking.');
    d.classify('B3', 'expected design change', 'No commission below 50% attainment in the 2026 plan.');
    d.submit();
    return { ...d, line: { participantId: 'B6', componentId: 'loan_commission' } };
  }

  it('is refused for sign-off while a line over the threshold is unclassified or its defect unresolved, naming the lines; then submitted and signed (issue 10)', async () => {
    const { db, as, projectId, run, written, classify, submit, sign } = await drafted();
    // Nothing classified: both lines over the threshold are named, the largest first, and nothing changes.
    const before = written();
    const unclassified = await refusal(submit);
    expect(unclassified.status).toBe(422);
    expect(unclassified.message).toBe(
      'Q4 parallel run cannot be submitted for sign-off while 2 variances are unexplained: B6 loan_commission -17500.00 (not classified); B3 loan_commission -675.00 (not classified). ' +
        'Classify every line over the threshold; a line classified as a defect is explained once its defect is verified or closed. Nothing was submitted.',
    );
    expect(written()).toEqual(before);

    // B6 is explained; B3 is classified as a defect, which is open: still refused, naming the defect.
    classify('B6', 'expected design change', 'The 2026 plan is marginal, as signed in REQ-001.');
    classify('B3', 'defect', 'Legacy paid commission below the 50% threshold.');
    const defect = db.select().from(defects).orderBy(desc(defects.id)).get()!;
    const openDefect = await refusal(submit);
    expect(openDefect.status).toBe(422);
    expect(openDefect.message).toContain(`while 1 variance is unexplained: B3 loan_commission -675.00 (${defect.key} is open).`);
    advanceDefect(as('analyst'), { projectId, defectId: defect.id, action: 'FIX', text: 'Engine confirmed against REQ-001.' });
    expect((await refusal(submit)).message).toContain(`(${defect.key} is fixed)`);

    // Verified: nothing is unexplained, and the report goes to its signers.
    advanceDefect(as('tester2'), { projectId, defectId: defect.id, action: 'VERIFY' });
    submit();
    expect(written().state).toBe('inReview');

    // The defect is reopened after submission: signing is refused too, and nothing is signed.
    advanceDefect(as('tester'), { projectId, defectId: defect.id, action: 'REOPEN', text: 'The legacy team disputes the threshold.' });
    const inReview = written();
    const reopened = await refusal(sign('finance'));
    expect(reopened.status).toBe(422);
    expect(reopened.message).toBe(
      `Q4 parallel run cannot be signed while 1 variance is unexplained: B3 loan_commission -675.00 (${defect.key} is open). ` +
        'Classify every line over the threshold; a line classified as a defect is explained once its defect is verified or closed. Nothing was signed.',
    );
    expect(written()).toEqual(inReview);

    // Fixed, verified and closed: both signers sign, and the report is signed off.
    advanceDefect(as('analyst'), { projectId, defectId: defect.id, action: 'FIX', text: 'Threshold confirmed with the legacy team.' });
    advanceDefect(as('tester2'), { projectId, defectId: defect.id, action: 'VERIFY' });
    advanceDefect(as('tester'), { projectId, defectId: defect.id, action: 'CLOSE' });
    await sign('finance');
    await sign('stakeholder');
    expect(written()).toMatchObject({ state: 'signedOff', signatures: 2 });
    expect(unexplainedVariances(db, run.id)).toEqual({ count: 0, lines: [] });
  });

  it('an accepted variance needs a reason, said in the field error; a defect needs a description (issue 10)', async () => {
    const { run, written, as, projectId } = await drafted();
    const before = written();
    const classify = (classification: string, note: string) =>
      refusal(() => classifyVariance(as('tester'), { projectId, runId: run.id, participantId: 'B6', componentId: 'loan_commission', classification, note }));
    for (const accepted of ['expected design change', 'data issue']) {
      for (const note of ['', '  ', 'ok']) {
        const refused = await classify(accepted, note);
        expect(refused.status).toBe(400);
        expect(refused.fieldErrors).toEqual({ note: 'Say why this variance is accepted (at least 3 characters).' });
      }
    }
    expect((await classify('defect', '')).fieldErrors).toEqual({ note: "Say what is wrong (at least 3 characters): it becomes the defect's description." });
    expect(written()).toEqual(before);
  });

  it('its explanations cannot be re-classified once it is in review or signed off, and the tester is told why (issue 9, finding 4)', async () => {
    const { db, as, projectId, run, line, written, sign } = await submitted();
    const before = written();
    const inReview = await refusal(() =>
      classifyVariance(as('tester'), { projectId, runId: run.id, ...line, classification: 'expected design change', note: 'Changed my mind after review.' }),
    );
    expect(inReview.status).toBe(422);
    expect(inReview.message).toBe('Q4 parallel run is in review: its signers are reading these explanations, so they cannot change until it is a draft again.');
    expect(written()).toEqual(before);

    // Signed off: its explanations are part of what was signed.
    await sign('finance');
    await sign('stakeholder');
    const classified = () => db.select().from(varianceClassifications).where(eq(varianceClassifications.parallelRunId, run.id)).all();
    const signedBefore = { rows: classified(), audit: db.select().from(auditLog).all().length };
    const signedOff = await refusal(() =>
      classifyVariance(as('tester'), { projectId, runId: run.id, ...line, classification: 'defect', note: 'Re-classified after sign-off.', severity: 1 }),
    );
    expect(signedOff.status).toBe(422);
    expect(signedOff.message).toBe('Q4 parallel run is signed off: its explanations are part of what was signed and cannot change.');
    expect(classified()).toEqual(signedBefore.rows);
    expect(db.select().from(auditLog).all()).toHaveLength(signedBefore.audit);
  });

  it('a signature names the report and the version the signer was shown; a stale or missing one is refused and nothing is signed (issue 9, finding 3)', async () => {
    const { db, as, projectId, run, written } = await submitted();
    const opened = reportSignatureBasis(db, run.id);
    // Finance signs first: the stakeholder's open page now shows an older state of the review.
    await signVarianceReport(as('finance'), { projectId, runId: run.id, password: demoPassword, meaning: 'approved as finance', ...opened });
    const before = written();
    const sign = (form: Record<string, unknown>) =>
      refusal(signVarianceReport(as('stakeholder'), { projectId, runId: run.id, password: demoPassword, meaning: 'approved as business owner', ...form }));
    const stale = await sign(opened);
    expect(stale.status).toBe(409);
    expect(stale.message).toMatch(/changed since you opened it.*Reload/);
    const otherReport = await sign({ ...reportSignatureBasis(db, run.id), fingerprint: 'a'.repeat(64) });
    expect(otherReport.status).toBe(409);
    const bare = await sign({});
    expect(bare.status).toBe(400);
    expect(Object.keys(bare.fieldErrors).sort()).toEqual(['expectedVersion', 'fingerprint']);
    expect(written()).toEqual(before);

    await signVarianceReport(as('stakeholder'), {
      projectId,
      runId: run.id,
      password: demoPassword,
      meaning: 'approved as business owner',
      ...reportSignatureBasis(db, run.id),
    });
    expect(db.select().from(workflowInstances).where(eq(workflowInstances.id, run.instanceId)).get()!.stateValue).toBe('signedOff');
    expect(
      db
        .select()
        .from(signatures)
        .where(eq(signatures.instanceId, run.instanceId))
        .all()
        .map((s) => s.fingerprint),
    ).toEqual([opened.fingerprint, opened.fingerprint]);
  });

  it('the seeded Q3 run tells a true story: every line over the threshold explained, its defect verified, signed by finance, awaiting the business owner', async () => {
    const { db, demo, projectId } = await setup();
    const q3 = db
      .select()
      .from(parallelRuns)
      .where(and(eq(parallelRuns.projectId, projectId), eq(parallelRuns.name, 'Q3 parallel run')))
      .get()!;
    expect(unexplainedVariances(db, q3.id)).toEqual({ count: 0, lines: [] });
    expect(db.select().from(workflowInstances).where(eq(workflowInstances.id, q3.instanceId)).get()!.stateValue).toBe('inReview');
    expect(db.select({ userId: signatures.userId }).from(signatures).where(eq(signatures.instanceId, q3.instanceId)).all()).toEqual([
      { userId: demo.people.finance.id },
    ]);
    expect(myWork(db, demo.people.stakeholder).testing.reports.map((r) => r.name)).toContain('Q3 parallel run');
  });
});
