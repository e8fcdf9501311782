import { and, eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { milestones, requirements } from '~/db/schema';
import { loadChangeFor } from '~/workflows/changes/access';
import { impactFingerprint } from '~/workflows/changes/impact';
import { approveChangeRequest } from '~/workflows/commands/approve-change-request';
import { assessChangeRequest } from '~/workflows/commands/assess-change-request';
import { publishStatusReport } from '~/workflows/commands/publish-status-report';
import { raiseChangeRequest } from '~/workflows/commands/raise-change-request';
import { takeScheduleBaseline } from '~/workflows/commands/take-schedule-baseline';
import { writeStatusReport } from '~/workflows/commands/write-status-report';
import type { Actor } from '~/workflows/policy/roles';

type People = { pm: Actor; analyst: Actor; stakeholder: Actor; finance: Actor; salesops: Actor };
const at = (day: string) => new Date(`${day}T15:00:00Z`);

/**
 * Northwind's schedule baseline and change requests (issue 14), through the commands a person uses:
 * the PM baselines the schedule after the Scope gate; sales operations asked for a deposits SPIF,
 * which the sponsor approved with its ten more days of UAT (CR-001, the milestone moved and
 * recorded against the baseline); the PM published four weekly status reports; finance's request to
 * add a clawback report waits for the sponsor's decision (CR-002).
 */
export async function northwindGovernance(db: DB, projectId: number, people: People, password: string) {
  const as = (actor: Actor, day: string) => ({ db, actor, now: at(day) });
  const milestone = (name: string) =>
    db
      .select()
      .from(milestones)
      .where(and(eq(milestones.projectId, projectId), eq(milestones.name, name)))
      .get()!;
  const requirement = (key: string) =>
    db
      .select()
      .from(requirements)
      .where(and(eq(requirements.projectId, projectId), eq(requirements.key, key)))
      .get()!;

  takeScheduleBaseline(as(people.pm, '2026-07-15'), { projectId, note: 'After the Scope gate: the schedule the steering committee agreed' });

  const spif = raiseChangeRequest(as(people.salesops, '2026-10-05'), {
    projectId,
    title: 'Quarterly deposits SPIF for relationship managers',
    description: 'Sales wants a SPIF on new deposits in Q1 2027 to support the deposit campaign; it needs a plan change and more payout cases.',
    deciderId: people.stakeholder.id,
  });
  assessChangeRequest(as(people.pm, '2026-10-07'), {
    projectId,
    changeId: spif.id,
    summary: 'A SPIF component on NW-RM-2026, six more payout cases, and ten more days of UAT.',
    requirementIds: [requirement('REQ-002').id],
    schedule: [{ milestoneId: milestone('UAT sign-off').id, days: 10 }],
    cost: '18000',
    risks: 'UAT runs into the year-end freeze.',
  });
  const loaded = loadChangeFor(db, people.stakeholder, { projectId, changeId: spif.id });
  await approveChangeRequest(as(people.stakeholder, '2026-10-09'), {
    projectId,
    changeId: spif.id,
    password,
    meaning: 'approved as business owner',
    fingerprint: impactFingerprint(spif.key, loaded.context),
  });

  // Four weekly status reports on top of the computed status, each published (and so frozen) that Friday.
  const weeks: [string, string, string][] = [
    ['2026-11-06', 'Week 45, 2-6 November', 'Build under way; the configuration workbook was rejected once and resubmitted.'],
    ['2026-11-13', 'Week 46, 9-13 November', 'Build nearly complete; the first UAT cycle is planned with 24 payout cases.'],
    ['2026-11-20', 'Week 47, 16-20 November', 'UAT started; two payout cases fail on the capped bonus, with a defect open.'],
    ['2026-11-27', 'Week 48, 23-27 November', 'Build complete is a month overdue; DLV-007 is late; CR-002 waits for the sponsor.'],
  ];
  for (const [day, period, summary] of weeks) {
    const report = writeStatusReport(as(people.pm, day), {
      projectId,
      period,
      summary,
      accomplishments: 'See the project page for the gates, milestones and payout cases.',
      nextSteps: 'Close the open defects and re-run the failing payout cases.',
      asks: period.startsWith('Week 48') ? 'A decision on CR-002 by 4 December.' : '',
    });
    publishStatusReport(as(people.pm, day), { projectId, reportId: report.id });
  }

  const clawback = raiseChangeRequest(as(people.finance, '2026-11-20'), {
    projectId,
    title: 'Clawback report for cancelled loans',
    description: 'Finance needs a monthly report of clawbacks on cancelled loans before go-live, for the accruals.',
    deciderId: people.stakeholder.id,
  });
  assessChangeRequest(as(people.analyst, '2026-11-24'), {
    projectId,
    changeId: clawback.id,
    summary: 'A report built from the engine’s clawback lines; no plan change.',
    cost: '6500',
    risks: 'None beyond the build effort.',
  });
}
