import { and, eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { requirements, testCases, testRuns } from '~/db/schema';
import { advanceDefect } from '~/workflows/commands/advance-defect';
import { caseFromExample } from '~/workflows/commands/case-from-example';
import { classifyVariance } from '~/workflows/commands/classify-variance';
import { createParallelRun } from '~/workflows/commands/create-parallel-run';
import { createPayoutCase } from '~/workflows/commands/create-payout-case';
import { createTestCycle } from '~/workflows/commands/create-test-cycle';
import { logDefect } from '~/workflows/commands/log-defect';
import { runTestCase } from '~/workflows/commands/run-test-case';
import { setApprovalRoute } from '~/workflows/commands/set-approval-route';
import { signPlanVersion } from '~/workflows/commands/sign-plan-version';
import { signVarianceReport } from '~/workflows/commands/sign-variance-report';
import { submitVarianceReport } from '~/workflows/commands/submit-variance-report';
import { uploadPlanVersion } from '~/workflows/commands/upload-plan-version';
import { planSignatureBasis } from '~/workflows/plans/load';
import type { Actor } from '~/workflows/policy/roles';
import { reportSignatureBasis } from '~/workflows/testing/variance';
import { commercialBankerPlan, relationshipManagerPlan } from './northwind-plans';
import { approveThroughRoute } from './plans';

type People = { pm: Actor; analyst: Actor; tester: Actor; tester2: Actor; stakeholder: Actor; finance: Actor; salesops: Actor };
const at = (day: string) => new Date(`${day}T14:00:00Z`);
const header = {
  participants: 'participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency',
  quotas: 'participant_id,measure,period,quota',
  transactions: 'transaction_id,date,participant_id,amount,quantity,product,type,status,split',
};

/** Six commercial bankers for a quarter: the parallel run's inputs. */
const bankers = [
  ['B1', 'Avery Lee', 1_300_000],
  ['B2', 'Bo Svensson', 900_000],
  ['B3', 'Chioma Eze', 450_000],
  ['B4', 'Dmitri Orlov', 1_100_000],
  ['B5', 'Elif Kaya', 1_000_000],
  ['B6', 'Farah Haddad', 2_000_000],
] as const;
export const parallelInputs = {
  period: '2026-Q3',
  participantsCsv: `${header.participants}\n${bankers.map(([id, name]) => `${id},${name},NW-CB-2026,commercial banker,,40000,,,USD`).join('\n')}\n`,
  quotasCsv: `${header.quotas}\n${bankers.map(([id]) => `${id},loan_bookings,2026-Q3,1000000`).join('\n')}\n`,
  transactionsCsv: `${header.transactions}\n${bankers.map(([id, , amount], i) => `L${i + 1},2026-08-${String(10 + i).padStart(2, '0')},${id},${amount},1,loan,new,booked,`).join('\n')}\n`,
};
/** What the legacy spreadsheets paid: three lines differ from the engine. */
export const legacyPayouts = `participant_id,component_id,amount
B1,loan_commission,15000.00
B2,loan_commission,6000.00
B3,loan_commission,675.00
B4,loan_commission,10000.01
B5,loan_commission,7500.00
B6,loan_commission,50000.00
`;

/**
 * Northwind's plans and UAT: plans configured, validated, approved and published in October (in effect
 * from the quarter's start); payout cases drafted from the signed worked examples; a failure that found
 * a missing cap, fixed in NW-RM-2026 version 2, which passed validation and waits in approval with its
 * first group half signed (DEF-001 is verified once it is in effect); an open defect; and a parallel
 * run whose variances over the threshold are all explained (its defect verified), signed by finance
 * and awaiting the business owner's signature.
 */
export async function northwindTesting(db: DB, projectId: number, people: People, password: string) {
  const as = (actor: Actor, day: string) => ({ db, actor, now: at(day) });
  const reqId = (key: string) =>
    db
      .select()
      .from(requirements)
      .where(and(eq(requirements.projectId, projectId), eq(requirements.key, key)))
      .get()!.id;

  const cb = uploadPlanVersion(as(people.analyst, '2026-10-05'), {
    projectId,
    document: JSON.stringify(commercialBankerPlan, null, 2),
    note: 'First configuration',
  }).plan;
  const rm = uploadPlanVersion(as(people.analyst, '2026-10-05'), {
    projectId,
    document: JSON.stringify(relationshipManagerPlan(false), null, 2),
    note: 'First configuration',
  }).plan;
  // The PM's route for both plans: sales operations and finance together, then the VP Sales.
  const route = [
    {
      approvers: [
        { userId: people.salesops.id, meaning: 'approved as sales operations' },
        { userId: people.finance.id, meaning: 'approved as finance' },
      ],
    },
    { approvers: [{ userId: people.stakeholder.id, meaning: 'approved as business owner' }] },
  ];
  const approval = (planId: number, number: number) => ({
    version: { projectId, planId, number },
    author: people.analyst,
    pm: people.pm,
    route,
    people: (id: number) => Object.values(people).find((p) => p.id === id)!,
    password,
  });
  for (const plan of [cb, rm]) {
    setApprovalRoute(as(people.pm, '2026-10-05'), { projectId, planId: plan.id, groups: route.map((g) => g.approvers) });
    await approveThroughRoute(db, as, {
      ...approval(plan.id, 1),
      days: { validate: '2026-10-06', submit: '2026-10-06', sign: '2026-10-08', publish: '2026-10-09' },
      effectiveFrom: '2026-10-01',
    });
  }
  const cycle = createTestCycle(as(people.tester, '2026-11-02'), {
    projectId,
    name: 'UAT round 1',
    kind: 'UAT',
    entryCriteria: 'Plans configured; system test passed; signed worked examples available.',
    exitCriteria: 'Every critical payout case passes on the current plan versions; no open severity-1 defect.',
    plannedStart: '2026-11-02',
    plannedEnd: '2026-12-11',
  });

  const fromExample = (key: string, exampleIndex: number, planId: number) =>
    caseFromExample(as(people.tester, '2026-11-03'), { requirementId: reqId(key), exampleIndex, cycleId: cycle.id, planId }).testCase;
  const cases = [
    fromExample('REQ-001', 0, cb.id),
    fromExample('REQ-001', 1, cb.id),
    fromExample('REQ-004', 0, rm.id),
    fromExample('REQ-004', 1, rm.id),
    fromExample('REQ-005', 0, rm.id),
  ];
  const split = createPayoutCase(as(people.tester, '2026-11-04'), {
    projectId,
    cycleId: cycle.id,
    title: 'Syndicated loan split 60/40 between RM and specialist',
    planId: cb.id,
    period: '2026-Q1',
    participantsCsv: `${header.participants}\nB1,Avery Lee,NW-CB-2026,commercial banker,,40000,,,USD\nB2,Bo Svensson,NW-CB-2026,product specialist,,40000,,,USD\n`,
    quotasCsv: `${header.quotas}\nB1,loan_bookings,2026-Q1,1000000\nB2,loan_bookings,2026-Q1,1000000\n`,
    transactionsCsv: `${header.transactions}\nS1,2026-02-20,B1,2000000,1,syndicated loan,new,booked,B1:0.6;B2:0.4\n`,
    // The specialist's figure was copied from the legacy spreadsheet, which credits 42%.
    expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,12500.00\nB2,loan_commission,4800.00\n',
    verifies: ['REQ-002'],
    assigneeId: people.tester2.id,
  });

  for (const c of [...cases, split]) runTestCase(as(people.tester, '2026-11-10'), { projectId, caseId: c.id });
  const latestRun = (caseId: number) => db.select().from(testRuns).where(eq(testRuns.caseId, caseId)).all().at(-1)!;
  const capDefect = logDefect(as(people.tester, '2026-11-10'), {
    projectId,
    caseId: cases[3]!.id,
    runId: latestRun(cases[3]!.id).id,
    title: 'Quarterly bonus is not capped at 150% of target',
    severity: 2,
    steps: 'Run the case for an RM at 140% attainment: the engine pays 9,000.00; the signed example caps the bonus at 7,500.00.',
  });
  logDefect(as(people.tester, '2026-11-10'), {
    projectId,
    caseId: split.id,
    runId: latestRun(split.id).id,
    title: 'Specialist share on syndicated loans differs from the legacy figure',
    severity: 3,
    steps: 'Run the split case: the engine credits the specialist 40% (4,500.00); the expectation says 4,800.00. Confirm which share is right.',
  });
  advanceDefect(as(people.analyst, '2026-11-12'), { projectId, defectId: capDefect.id, action: 'START' });
  uploadPlanVersion(as(people.analyst, '2026-11-13'), {
    projectId,
    document: JSON.stringify(relationshipManagerPlan(true), null, 2),
    note: 'Bonus capped at 150% of target (DEF-001)',
  });
  advanceDefect(as(people.analyst, '2026-11-13'), { projectId, defectId: capDefect.id, action: 'FIX', text: 'Cap added in NW-RM-2026 version 2.' });
  // Version 2 runs the RM cases (the capped one passes on it), goes to approval, and finance signs first.
  await approveThroughRoute(db, as, { ...approval(rm.id, 2), days: { validate: '2026-11-16', submit: '2026-11-17', sign: '2026-11-18' }, signUntil: 0 });
  await signPlanVersion(as(people.finance, '2026-11-18'), {
    projectId,
    planId: rm.id,
    number: 2,
    password,
    meaning: 'approved as finance',
    ...planSignatureBasis(db, rm.id, 2),
  });

  const parallel = createParallelRun(as(people.tester, '2026-11-20'), {
    projectId,
    name: 'Q3 parallel run',
    planId: cb.id,
    ...parallelInputs,
    legacyCsv: legacyPayouts,
    threshold: '1.00',
  });
  const classify = (participantId: string, classification: string, note: string, severity?: number) =>
    classifyVariance(as(people.tester, '2026-11-21'), {
      projectId,
      runId: parallel.id,
      participantId,
      componentId: 'loan_commission',
      classification,
      note,
      severity,
    });
  classify('B6', 'expected design change', 'The legacy plan paid the top rate on all bookings (retroactive); the 2026 plan is marginal, as signed in REQ-001.');
  classify('B4', 'data issue', 'The legacy spreadsheet rounded each booking separately.');
  const b3 = classify('B3', 'defect', 'Legacy paid commission below the 50% threshold; confirm the engine is right and the legacy formula wrong.', 4);
  // The analyst confirms the engine against the signed requirement, and another tester verifies it:
  // only then is every line over the threshold explained, and the report can go to its signers.
  advanceDefect(as(people.analyst, '2026-11-23'), {
    projectId,
    defectId: b3.defectId!,
    action: 'FIX',
    text: 'Nothing to change in NW-CB-2026: REQ-001 pays no commission below 50% attainment, so 0.00 is right for B3 at 45%. The legacy formula ignored the threshold; finance retires it at cutover.',
  });
  advanceDefect(as(people.tester2, '2026-11-24'), { projectId, defectId: b3.defectId!, action: 'VERIFY' });
  submitVarianceReport(as(people.tester, '2026-11-24'), { projectId, runId: parallel.id, signerIds: [people.stakeholder.id, people.finance.id] });
  // Finance has signed; the VP Sales's signature is what the report waits for.
  await signVarianceReport(as(people.finance, '2026-11-25'), {
    projectId,
    runId: parallel.id,
    password,
    meaning: 'approved as finance',
    ...reportSignatureBasis(db, parallel.id),
  });
  return { cycle, cases: db.select().from(testCases).where(eq(testCases.cycleId, cycle.id)).all() };
}
