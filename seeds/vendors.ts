import { and, eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { deliverables, requirements, testCases, testCycles } from '~/db/schema';
import { acceptDeliverable } from '~/workflows/commands/accept-deliverable';
import { addCommitment } from '~/workflows/commands/add-commitment';
import { addDeliverable } from '~/workflows/commands/add-deliverable';
import { addPaymentMilestone } from '~/workflows/commands/add-payment-milestone';
import { createContract } from '~/workflows/commands/create-contract';
import { recordCommitment } from '~/workflows/commands/record-commitment';
import { rejectDeliverable } from '~/workflows/commands/reject-deliverable';
import { reviewDeliverable } from '~/workflows/commands/review-deliverable';
import { startDeliverable } from '~/workflows/commands/start-deliverable';
import { submitDeliverable } from '~/workflows/commands/submit-deliverable';
import { waiveDeliverable } from '~/workflows/commands/waive-deliverable';
import type { Actor } from '~/workflows/policy/roles';
import { criteriaOf, evidenceFingerprint } from '~/workflows/vendors/criteria';

type People = { pm: Actor; finance: Actor; stakeholder: Actor; tester: Actor; vendor: Actor };
const at = (day: string) => new Date(`${day}T15:00:00Z`);

/**
 * What an accept form carries now (the evidence fingerprint of the submission in review), for a caller
 * that has no page: seeds and tests sign what a reviewer would have been shown.
 */
export function acceptanceBasis(db: DB, deliverableId: number, checked: number[] = []) {
  const d = db.select().from(deliverables).where(eq(deliverables.id, deliverableId)).get()!;
  const criteria = criteriaOf(db, d, checked);
  const submissions = db.$client.prepare('SELECT count(*) AS n FROM deliverable_submissions WHERE deliverable_id = ?').get(d.id) as { n: number };
  return { fingerprint: evidenceFingerprint(submissions.n, criteria), checked: criteria.filter((c) => c.kind === 'checklist').map((c) => c.criterionId) };
}

/**
 * Northwind's vendor: Acme ICM Partners configures and tests the plans under one statement of work of
 * eight deliverables, in every state: one accepted against its payout cases, one waived, one rejected
 * and resubmitted, one in review, one rejected naming a failing case, one in progress linked to the
 * syndicated-split case (the browser test delivers it), one overdue, one planned. Three payment
 * milestones (the first releasable), a dated commitment met and a defect service level.
 */
export async function northwindVendors(db: DB, projectId: number, people: People, password: string) {
  const as = (actor: Actor, day: string) => ({ db, actor, now: at(day) });
  const firmId = people.vendor.vendorFirmId!;
  const caseId = (title: string) =>
    db
      .select()
      .from(testCases)
      .where(and(eq(testCases.projectId, projectId), eq(testCases.title, title)))
      .get()?.id ??
    (() => {
      throw new Error(`No case ${title}`);
    })();
  const caseByKey = (key: string) =>
    db
      .select()
      .from(testCases)
      .where(and(eq(testCases.projectId, projectId), eq(testCases.key, key)))
      .get()!.id;
  const reqId = (key: string) =>
    db
      .select()
      .from(requirements)
      .where(and(eq(requirements.projectId, projectId), eq(requirements.key, key)))
      .get()!.id;
  const uat = db
    .select()
    .from(testCycles)
    .where(and(eq(testCycles.projectId, projectId), eq(testCycles.name, 'UAT round 1')))
    .get()!.id;

  const sow = createContract(as(people.pm, '2026-06-15'), {
    projectId,
    firmId,
    reference: 'ACME-SOW-01',
    title: 'Plan configuration and UAT support',
    value: '480000.00',
    currency: 'USD',
    startDate: '2026-06-15',
    endDate: '2027-03-31',
  });
  const add = (
    title: string,
    phaseKey: string,
    dueDate: string,
    criteria: { requirementIds?: number[]; caseIds?: number[]; cycleIds?: number[]; checklist?: string[] },
    reviewer: Actor = people.finance,
  ) =>
    addDeliverable(as(people.pm, '2026-06-16'), {
      projectId,
      contractId: sow.id,
      title,
      description: '',
      phaseKey,
      dueDate,
      ownerId: people.vendor.id,
      reviewerId: reviewer.id,
      requirementIds: criteria.requirementIds ?? [],
      caseIds: criteria.caseIds ?? [],
      cycleIds: criteria.cycleIds ?? [],
      checklist: criteria.checklist ?? [],
    });
  const ref = (d: { id: number }) => ({ projectId, deliverableId: d.id });
  const start = (d: { id: number }, day: string) => startDeliverable(as(people.vendor, day), ref(d));
  const submit = (d: { id: number }, day: string, note: string, evidence = '') => submitDeliverable(as(people.vendor, day), { ...ref(d), note, evidence });
  const review = (d: { id: number }, day: string, reviewer: Actor = people.finance) => reviewDeliverable(as(reviewer, day), ref(d));

  const platform = add('Platform fit assessment', 'scope', '2026-06-30', { checklist: ['Scored against the weighted selection criteria'] });
  const cbConfig = add('Commercial banker plan configuration', 'launch', '2026-11-13', {
    requirementIds: [reqId('REQ-001')],
    caseIds: [caseByKey('TC-001'), caseByKey('TC-002')],
    checklist: ['Configuration workbook handed over'],
  });
  const design = add(
    'Solution design document',
    'architect',
    '2026-12-02',
    {
      requirementIds: [reqId('REQ-001')],
      checklist: ['Integration diagrams included', 'Crediting rules described per product'],
    },
    people.stakeholder,
  );
  const library = add(
    'UAT payout case library',
    'launch',
    '2026-12-04',
    { cycleIds: [uat], checklist: ['Every signed worked example has a case'] },
    people.stakeholder,
  );
  const rmConfig = add('Relationship manager plan configuration', 'launch', '2026-12-04', {
    caseIds: [caseByKey('TC-003'), caseByKey('TC-004')],
    checklist: ['Configuration workbook handed over'],
  });
  const crediting = add('Syndicated loan crediting rules', 'launch', '2026-12-11', {
    caseIds: [caseId('Syndicated loan split 60/40 between RM and specialist')],
    checklist: ['Split rules documented for the service desk'],
  });
  const interfaces = add('Data integration interface specifications', 'launch', '2026-11-20', { checklist: ['Field mapping signed by IT'] });
  const training = add('Training materials for plan administrators', 'embed', '2027-01-29', { checklist: ['Materials reviewed by sales operations'] });

  // The platform assessment was done by the client's own team after the Scope gate: waived.
  waiveDeliverable(as(people.pm, '2026-07-15'), {
    ...ref(platform),
    reason: 'Platform selected by the client’s own evaluation team (Scope gate); not needed from Acme.',
  });

  // The design was sent back once for its missing integration diagrams, and is resubmitted now.
  start(design, '2026-08-01');
  submit(design, '2026-09-02', 'Solution design v1 (crediting, plan configuration, test strategy)', 'SharePoint: NW/Design/SDD-v1.docx');
  review(design, '2026-09-03', people.stakeholder);
  // The reviewer ticks the crediting rules but not the integration diagrams, and says why.
  const designCriteria = criteriaOf(db, design);
  rejectDeliverable(as(people.stakeholder, '2026-09-04'), {
    ...ref(design),
    checked: [designCriteria[2]!.criterionId],
    reasons: [{ criterionId: designCriteria[1]!.criterionId, reason: 'No integration diagrams: the payroll and HRIS feeds are not shown.' }],
  });
  submit(design, '2026-11-25', 'Solution design v2 with the integration diagrams (section 6)', 'SharePoint: NW/Design/SDD-v2.docx');

  // The commercial banker configuration is accepted against its passing cases and signed requirement.
  start(cbConfig, '2026-10-01');
  submit(cbConfig, '2026-11-11', 'NW-CB-2026 configured; TC-001 and TC-002 pass on version 1', 'NW-CB-2026 v1; workbook CB-config.xlsx');
  review(cbConfig, '2026-11-12');
  await acceptDeliverable(as(people.finance, '2026-11-13'), {
    ...ref(cbConfig),
    password,
    meaning: 'approved as finance',
    ...acceptanceBasis(db, cbConfig.id),
  });

  // The payout case library is in review; UAT round 1 does not pass yet.
  start(library, '2026-10-20');
  submit(library, '2026-11-24', 'Payout cases for every signed worked example, in UAT round 1', 'Portal: UAT round 1');
  review(library, '2026-11-26', people.stakeholder);

  // The RM configuration was rejected: TC-004 pays the quarterly bonus above its cap (DEF-001).
  start(rmConfig, '2026-10-01');
  submit(rmConfig, '2026-11-10', 'NW-RM-2026 configured', 'NW-RM-2026 v1; workbook RM-config.xlsx');
  review(rmConfig, '2026-11-10');
  const rm = criteriaOf(db, rmConfig);
  const tc004 = rm.find((c) => c.label.startsWith('TC-004'))!;
  rejectDeliverable(as(people.finance, '2026-11-11'), {
    ...ref(rmConfig),
    checked: [],
    reasons: [
      ...rm
        .filter((c) => !c.met && c !== tc004)
        .map((c) => ({ criterionId: c.criterionId, reason: 'Not yet: resubmit with the workbook once the cap is in.' })),
      { criterionId: tc004.criterionId, reason: 'TC-004 fails: the quarterly bonus is not capped at 150% of target (DEF-001).' },
    ],
  });

  // Work in progress: the crediting rules (the browser test submits them) and the interface specs, overdue.
  start(crediting, '2026-11-16');
  start(interfaces, '2026-10-15');

  const ids = (...ds: { id: number }[]) => ds.map((d) => d.id);
  addPaymentMilestone(as(people.pm, '2026-06-16'), {
    projectId,
    contractId: sow.id,
    name: 'Design and configuration of the commercial banker plan',
    amount: '120000.00',
    dueDate: '2026-11-30',
    deliverableIds: ids(platform, cbConfig),
  });
  addPaymentMilestone(as(people.pm, '2026-06-16'), {
    projectId,
    contractId: sow.id,
    name: 'UAT ready',
    amount: '200000.00',
    dueDate: '2026-12-18',
    deliverableIds: ids(design, library, rmConfig, crediting),
  });
  addPaymentMilestone(as(people.pm, '2026-06-16'), {
    projectId,
    contractId: sow.id,
    name: 'Go-live and handover',
    amount: '160000.00',
    dueDate: '2027-02-26',
    deliverableIds: ids(interfaces, training),
  });

  const onSite = addCommitment(as(people.pm, '2026-06-16'), {
    projectId,
    firmId,
    kind: 'dated',
    text: 'Victor Hale on site in the Northwind offices two days a week from the start of UAT',
    dueDate: '2026-11-02',
  });
  recordCommitment(as(people.pm, '2026-11-06'), { projectId, commitmentId: onSite.id, status: 'met', note: 'On site since 2 November.' });
  addCommitment(as(people.pm, '2026-06-16'), {
    projectId,
    firmId,
    kind: 'defect_sla',
    text: 'Critical and major defects assigned to Acme fixed within 3 business days',
    severity: 2,
    businessDays: 3,
  });
  return { contract: sow, deliverables: { platform, cbConfig, design, library, rmConfig, crediting, interfaces, training } };
}

/**
 * Contoso's vendor, a second firm: one contract and one deliverable, to show a firm sees only its own.
 * The deliverable is due in Evaluate and was accepted in November, so the Evaluate gate's vendor
 * criterion is met (the gate waits on the PM's review request, as before).
 */
export async function contosoVendors(db: DB, projectId: number, people: { pm: Actor; stakeholder: Actor; vendor2: Actor }, password: string) {
  const as = (actor: Actor, day: string) => ({ db, actor, now: at(day) });
  const contract = createContract(as(people.pm, '2026-08-05'), {
    projectId,
    firmId: people.vendor2.vendorFirmId!,
    reference: 'BSA-SOW-01',
    title: 'Baseline KPI analytics',
    value: '85000.00',
    currency: 'USD',
    startDate: '2026-08-05',
    endDate: '2027-01-29',
  });
  const extract = addDeliverable(as(people.pm, '2026-08-05'), {
    projectId,
    contractId: contract.id,
    title: 'Baseline KPI extract',
    description: 'Payout accuracy, dispute rate and manual adjustments for the last four quarters.',
    phaseKey: 'evaluate',
    dueDate: '2026-12-15',
    ownerId: people.vendor2.id,
    reviewerId: people.stakeholder.id,
    checklist: ['Four quarters of history', 'Definitions agreed with finance'],
  });
  const ref = { projectId, deliverableId: extract.id };
  startDeliverable(as(people.vendor2, '2026-09-20'), ref);
  submitDeliverable(as(people.vendor2, '2026-11-16'), {
    ...ref,
    note: 'Four quarters of KPI history with the agreed definitions',
    evidence: 'Portal upload: KPI-baseline-Q4-2025-Q3-2026.xlsx',
  });
  reviewDeliverable(as(people.stakeholder, '2026-11-17'), ref);
  await acceptDeliverable(as(people.stakeholder, '2026-11-18'), {
    ...ref,
    password,
    meaning: 'approved as business owner',
    ...acceptanceBasis(db, extract.id),
  });
  return { contract, extract };
}
