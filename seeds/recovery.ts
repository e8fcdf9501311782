import { and, eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { milestones, testRuns } from '~/db/schema';
import { createFunctionalCase } from '~/workflows/commands/create-functional-case';
import { createRequirement } from '~/workflows/commands/create-requirement';
import { createTestCycle } from '~/workflows/commands/create-test-cycle';
import { logDefect } from '~/workflows/commands/log-defect';
import { rateRecoveryArea } from '~/workflows/commands/rate-recovery-area';
import { rescheduleMilestone } from '~/workflows/commands/reschedule-milestone';
import { runTestCase } from '~/workflows/commands/run-test-case';
import { startRecovery } from '~/workflows/commands/start-recovery';
import { takeScheduleBaseline } from '~/workflows/commands/take-schedule-baseline';
import type { Actor } from '~/workflows/policy/roles';

type People = Record<'pm' | 'stakeholder' | 'finance' | 'tester', Actor>;
const at = (iso: string) => new Date(`${iso}T10:00:00Z`);

/**
 * Fabrikam Insurance's troubled implementation and its recovery, replayed through the commands: the
 * inherited requirements still unsigned, a failing UAT case and the old defect it raised, the assessment
 * report already late against the baseline taken at the start, and the PM's assessment in progress,
 * with the business owner named as the sponsor: the five areas the Assess gate computes are rated (the
 * gate review is requested on 2026-11-20 and refuses unmet computed criteria); vendor delivery and data
 * are not rated yet, and the accomplishments and causes are not written, so it is not presented.
 */
export function fabrikamRecovery(db: DB, projectId: number, people: People) {
  const as = (actor: Actor, day: string) => ({ db, actor, now: at(day) });

  takeScheduleBaseline(as(people.pm, '2026-10-20'), { projectId, note: 'Recovery engagement signed' });

  // The requirements the previous team left in draft: nobody signed them.
  for (const [title, category, priority] of [
    ['Commission on new policies by product line', 'plan design', 'must'],
    ['Clawback when a policy lapses within 12 months', 'plan design', 'must'],
    ['Agency hierarchy feed from the policy admin system', 'data integration', 'must'],
    ['Monthly commission statements for agents', 'reporting and dashboards', 'should'],
  ] as const)
    createRequirement(as(people.pm, '2026-10-22'), {
      projectId,
      title,
      description: `${title}: inherited from the previous team, never signed.`,
      category,
      priority,
      ownerId: people.stakeholder.id,
      phaseKey: 'assess',
      acceptanceCriteria: ['Confirmed with the business owner'],
    });

  // The UAT cycle the previous team ran: the clawback case fails and its defect is still open.
  const cycle = createTestCycle(as(people.tester, '2026-10-26'), {
    projectId,
    name: 'Inherited UAT',
    kind: 'UAT',
    entryCriteria: 'Plans configured by the previous integrator.',
    exitCriteria: 'Every case passes; no open severity-1 or -2 defect.',
    plannedStart: '2026-10-26',
    plannedEnd: '2026-11-27',
  });
  const clawback = createFunctionalCase(as(people.tester, '2026-10-27'), {
    projectId,
    cycleId: cycle.id,
    title: 'Clawback of a lapsed policy’s commission',
    steps: 'Lapse a policy 6 months after issue => the agent’s next statement claws back the commission paid on it',
    critical: 'on',
  });
  runTestCase(as(people.tester, '2026-10-28'), { projectId, caseId: clawback.id, result: 'failed', note: 'No clawback line on the statement.' });
  const run = db.select().from(testRuns).where(eq(testRuns.caseId, clawback.id)).all().at(-1)!;
  logDefect(as(people.tester, '2026-10-28'), {
    projectId,
    caseId: clawback.id,
    runId: run.id,
    title: 'Lapsed policies are never clawed back',
    severity: 2,
    steps: 'Lapse policy P-1009 six months after issue; run the month: the statement has no clawback line.',
  });

  startRecovery(as(people.pm, '2026-11-02'), { projectId, sponsorId: people.stakeholder.id });

  // The assessment report slips 12 days (client data arrived late) and is still not delivered.
  const report = db
    .select()
    .from(milestones)
    .where(and(eq(milestones.projectId, projectId), eq(milestones.name, 'Assessment report')))
    .get()!;
  rescheduleMilestone(as(people.pm, '2026-11-06'), {
    projectId,
    milestoneId: report.id,
    dueDate: '2026-11-23',
    reason: 'Access to the policy admin data was granted two weeks late.',
  });

  rateRecoveryArea(as(people.pm, '2026-11-16'), {
    projectId,
    area: 'scope',
    rating: 'inJeopardy',
    findings: 'Four inherited requirements, three of them must-haves, were never signed; the clawback rules are unwritten.',
  });
  rateRecoveryArea(as(people.pm, '2026-11-17'), {
    projectId,
    area: 'testing',
    rating: 'atRisk',
    findings: 'The only UAT case on clawbacks fails and its severity-2 defect has been open since October.',
  });
  rateRecoveryArea(as(people.pm, '2026-11-18'), {
    projectId,
    area: 'resources',
    rating: 'atRisk',
    findings: 'No dedicated test lead; the client’s compensation analyst is shared with two other programmes.',
  });
  rateRecoveryArea(as(people.pm, '2026-11-18'), {
    projectId,
    area: 'roles',
    rating: 'inJeopardy',
    findings: 'Nobody owns sign-off of requirements on the client side; the previous integrator decided scope alone.',
  });
  rateRecoveryArea(as(people.pm, '2026-11-19'), {
    projectId,
    area: 'control',
    rating: 'atRisk',
    findings: 'No status reports since September; the assessment report already slipped 12 days against the baseline and is overdue.',
  });
}
