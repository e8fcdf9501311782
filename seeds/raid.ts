import { and, eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { defects, deliverables, requirements } from '~/db/schema';
import { closeRaidItem } from '~/workflows/commands/close-raid-item';
import { editRaidItem } from '~/workflows/commands/edit-raid-item';
import { linkRaidItem } from '~/workflows/commands/link-raid-item';
import { logRaidItem } from '~/workflows/commands/log-raid-item';
import type { Actor } from '~/workflows/policy/roles';

type People = { pm: Actor; analyst: Actor; stakeholder: Actor; finance: Actor; salesops: Actor; tester: Actor; vendor: Actor };
const at = (day: string) => new Date(`${day}T14:00:00Z`);

/**
 * Northwind's RAID log, kept by the PM and the analyst from June to the end of November 2026: 26 items
 * of every type, logged, edited, closed and linked through the commands a person uses. Dated against
 * the demo's late-November "today" (as the vendor deliverables are): some open items are past their
 * review or due date (overdue), most are not; closed items stay on the log. Two are shared with Acme,
 * whose representative sees those and nothing else of the log.
 */
export function northwindRaid(db: DB, projectId: number, people: People) {
  const as = (actor: Actor, day: string) => ({ db, actor, now: at(day) });
  const acme = people.vendor.vendorFirmId!;
  const log = (who: Actor, day: string, input: Record<string, unknown>) => logRaidItem(as(who, day), { projectId, ...input });
  const idOf = (table: typeof requirements | typeof deliverables | typeof defects, key: string) =>
    db
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.projectId, projectId), eq(table.key, key)))
      .get()!.id;
  const link = (who: Actor, day: string, itemId: number, target: string) => linkRaidItem(as(who, day), { projectId, itemId, target });
  const { pm, analyst, stakeholder, finance, salesops, tester } = people;

  // Risks: probability × impact, an owner, a next review (three are overdue for review).
  const extract = log(pm, '2026-06-10', {
    type: 'risk',
    title: 'Legacy payout extract arrives late for the parallel run',
    description: 'IT has not scheduled the twelve-month extract from the legacy commission system.',
    probability: 4,
    impact: 5,
    mitigation: 'Manual extract of the last quarter agreed as a fallback.',
    ownerId: tester.id,
    nextReviewDate: '2026-11-20',
  });
  const consultant = log(pm, '2026-07-01', {
    type: 'risk',
    title: 'Acme’s lead configurator rolls off in January',
    description: 'Knowledge of the crediting rules sits with one consultant.',
    probability: 3,
    impact: 4,
    mitigation: 'Pairing sessions with a second Acme consultant from December.',
    ownerId: pm.id,
    nextReviewDate: '2026-12-14',
    sharedWithFirmId: acme,
  });
  log(pm, '2026-07-08', {
    type: 'risk',
    title: 'Quarterly bonus cap misread by managers',
    probability: 3,
    impact: 3,
    mitigation: '',
    ownerId: salesops.id,
    nextReviewDate: '2026-11-16',
  });
  const cost = log(analyst, '2026-08-04', {
    type: 'risk',
    title: 'New plan costs more than the 2026 budget',
    description: 'Modeling shows the top tier rate may push cost of sales above 4 %.',
    probability: 2,
    impact: 5,
    mitigation: 'Scenario sweep of the top tier rate before the plan is approved.',
    ownerId: finance.id,
    nextReviewDate: '2026-12-07',
  });
  log(pm, '2026-08-20', {
    type: 'risk',
    title: 'Sales leadership unavailable for UAT sign-off in December',
    probability: 4,
    impact: 3,
    mitigation: 'Sign-off sessions booked before the holidays.',
    ownerId: stakeholder.id,
    nextReviewDate: '2026-11-27',
  });
  log(analyst, '2026-09-02', {
    type: 'risk',
    title: 'Syndicated loan splits not supported by the platform',
    probability: 2,
    impact: 4,
    mitigation: 'Crediting rule written as a split table (DLV-006).',
    ownerId: analyst.id,
    nextReviewDate: '2027-01-11',
  });
  const retired = log(pm, '2026-06-15', {
    type: 'risk',
    title: 'Platform licence not signed before Architect',
    probability: 2,
    impact: 5,
    mitigation: 'Procurement fast track.',
    ownerId: pm.id,
    nextReviewDate: '2026-07-31',
  });

  // Assumptions: to validate by a date (one is overdue).
  const hrFeed = log(pm, '2026-06-12', {
    type: 'assumption',
    title: 'The HR feed carries every banker’s manager daily',
    ownerId: analyst.id,
    validateBy: '2026-11-13',
  });
  log(analyst, '2026-07-15', {
    type: 'assumption',
    title: 'Quotas are set once a year and do not change mid-quarter',
    ownerId: salesops.id,
    validateBy: '2026-12-18',
  });
  log(pm, '2026-08-10', {
    type: 'assumption',
    title: 'Payouts run monthly, in arrears, in USD only',
    ownerId: finance.id,
    validateBy: '2027-01-15',
  });
  const validated = log(analyst, '2026-06-20', {
    type: 'assumption',
    title: 'Loan bookings are final at month end',
    ownerId: analyst.id,
    validateBy: '2026-09-30',
  });

  // Issues: severity, owner, due date, resolution (one overdue, two closed with their resolution).
  const duplicates = log(analyst, '2026-10-05', {
    type: 'issue',
    title: 'Quota file has duplicate rows for transferred bankers',
    severity: 2,
    ownerId: analyst.id,
    dueDate: '2026-10-30',
  });
  const capIssue = log(pm, '2026-11-10', {
    type: 'issue',
    title: 'Quarterly bonus cap applied above 150 % of target',
    description: 'Found by payout case TC-003 in UAT round 1.',
    severity: 1,
    ownerId: analyst.id,
    dueDate: '2026-11-24',
  });
  log(pm, '2026-11-18', {
    type: 'issue',
    title: 'UAT environment refreshed without notice',
    severity: 3,
    ownerId: pm.id,
    dueDate: '2026-12-04',
    sharedWithFirmId: acme,
  });
  const access = log(pm, '2026-09-14', {
    type: 'issue',
    title: 'Testers lack read access to the payout history',
    severity: 3,
    ownerId: pm.id,
    dueDate: '2026-09-25',
  });

  // Dependencies.
  const itFeed = log(pm, '2026-06-18', { type: 'dependency', title: 'IT delivers the nightly transaction interface', ownerId: pm.id });
  log(pm, '2026-07-20', { type: 'dependency', title: 'Legal approves the plan documents before publication', ownerId: stakeholder.id });
  log(analyst, '2026-09-10', { type: 'dependency', title: 'Finance closes the Q3 books before the parallel run' });

  // Actions: owner and due date (two overdue, one done).
  const rehearsal = log(pm, '2026-10-12', { type: 'action', title: 'Book the cutover rehearsal weekend', ownerId: pm.id, dueDate: '2026-11-06' });
  log(pm, '2026-10-26', { type: 'action', title: 'Walk finance through the pay curves of the new plan', ownerId: analyst.id, dueDate: '2026-11-25' });
  log(pm, '2026-11-02', { type: 'action', title: 'Collect sign-off dates from every stakeholder', ownerId: pm.id, dueDate: '2026-12-11' });
  log(analyst, '2026-11-12', { type: 'action', title: 'Add payout cases for the syndicated split', ownerId: tester.id, dueDate: '2026-12-09' });
  const training = log(pm, '2026-09-21', {
    type: 'action',
    title: 'Draft the plan administrator training outline',
    ownerId: salesops.id,
    dueDate: '2026-10-16',
  });

  // Decisions: who decided, when, on what basis.
  const capDecision = log(pm, '2026-07-14', {
    type: 'decision',
    title: 'Quarterly bonus capped at 150 % of target',
    decidedBy: 'Steering committee',
    decidedOn: '2026-07-13',
    basis: 'Cost model within the 2026 budget; cap agreed with HR and finance.',
  });
  log(pm, '2026-06-30', {
    type: 'decision',
    title: 'Acme ICM Partners selected to configure the platform',
    decidedBy: 'Sam Okafor and Fiona Lindqvist',
    decidedOn: '2026-06-29',
    basis: 'Platform selection scoring and reference calls.',
  });
  log(pm, '2026-09-22', {
    type: 'decision',
    title: 'Parallel run over two months, not three',
    decidedBy: 'Steering committee',
    decidedOn: '2026-09-21',
    basis: 'Legacy extract covers the last two closes; a third adds no new plan rules.',
  });

  // What happened since: reviews, resolutions, links.
  editRaidItem(as(pm, '2026-09-15'), {
    projectId,
    itemId: cost.id,
    version: cost.version,
    type: 'risk',
    title: cost.title,
    description: cost.description,
    probability: 3,
    impact: 5,
    mitigation: 'Scenario sweep of the top tier rate before the plan is approved.',
    ownerId: finance.id,
    nextReviewDate: '2026-12-07',
  });
  closeRaidItem(as(pm, '2026-07-29'), { projectId, itemId: retired.id, version: retired.version });
  closeRaidItem(as(analyst, '2026-09-29'), { projectId, itemId: validated.id, version: validated.version });
  closeRaidItem(as(pm, '2026-09-24'), { projectId, itemId: access.id, version: access.version, resolution: 'Read role granted to the test team by IT.' });
  closeRaidItem(as(pm, '2026-10-15'), { projectId, itemId: training.id, version: training.version });
  closeRaidItem(as(analyst, '2026-10-28'), {
    projectId,
    itemId: duplicates.id,
    version: duplicates.version,
    resolution: 'Deduplicated at source by sales operations.',
  });

  link(pm, '2026-11-10', capIssue.id, `defect:${idOf(defects, 'DEF-001')}`);
  link(pm, '2026-11-10', capIssue.id, `raid:${capDecision.id}`);
  link(pm, '2026-07-01', consultant.id, `deliverable:${idOf(deliverables, 'DLV-006')}`);
  link(analyst, '2026-08-04', cost.id, `requirement:${idOf(requirements, 'REQ-001')}`);
  link(pm, '2026-10-12', rehearsal.id, `raid:${itFeed.id}`);
  link(pm, '2026-06-12', hrFeed.id, `raid:${extract.id}`);
}
