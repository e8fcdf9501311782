import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { day, id, instant, json, oneOf } from './columns';
import { users, vendorFirms } from './people';
import { projects } from './projects';
import { requirements } from './requirements';
import { testCases, testCycles } from './testing';
import { workflowInstances } from './workflows';

/**
 * The owner's side of the vendor relationship (docs/decisions/0012-vendor-deliverables.md): a vendor
 * firm's contracts (statements of work) on a project, their payment milestones, the deliverables they
 * promise with acceptance criteria, each submission, and commitments that are not deliverables.
 * Money is a decimal string, never a float.
 */
export const contracts = sqliteTable(
  'contracts',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    firmId: integer('firm_id')
      .notNull()
      .references(() => vendorFirms.id),
    /** The contract's or statement of work's own reference ("SOW-2026-01"), unique per project. */
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    /** The contract value, exact ("480000.00"). */
    value: text('value').notNull(),
    currency: text('currency').notNull(),
    startDate: day('start_date').notNull(),
    endDate: day('end_date').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('contract_reference').on(t.projectId, t.reference), index('contract_firm').on(t.firmId)],
);

/** A payment the contract promises on delivery: releasable when every deliverable it depends on is accepted or waived. */
export const paymentMilestones = sqliteTable(
  'payment_milestones',
  {
    id: id(),
    contractId: integer('contract_id')
      .notNull()
      .references(() => contracts.id),
    name: text('name').notNull(),
    amount: text('amount').notNull(),
    dueDate: day('due_date').notNull(),
    releasedAt: instant('released_at'),
    releasedBy: integer('released_by').references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('payment_milestone_contract').on(t.contractId)],
);

export const deliverables = sqliteTable(
  'deliverables',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    contractId: integer('contract_id')
      .notNull()
      .references(() => contracts.id),
    /** DLV-001, unique per project. */
    key: text('key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    /** The methodology phase it is due in (a gate's criterion reads it). */
    phaseKey: text('phase_key').notNull(),
    dueDate: day('due_date').notNull(),
    /** Who delivers it on the vendor's side. */
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id),
    /** Who accepts it on the client's side: never a person of the vendor's firm. */
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => users.id),
    /** Its workflow (the deliverable machine). */
    instanceId: integer('instance_id')
      .notNull()
      .references(() => workflowInstances.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('deliverable_key').on(t.projectId, t.key), index('deliverable_contract').on(t.contractId)],
);

/** Which deliverables a payment milestone waits on. */
export const paymentMilestoneDeliverables = sqliteTable(
  'payment_milestone_deliverables',
  {
    milestoneId: integer('milestone_id')
      .notNull()
      .references(() => paymentMilestones.id),
    deliverableId: integer('deliverable_id')
      .notNull()
      .references(() => deliverables.id),
  },
  (t) => [primaryKey({ columns: [t.milestoneId, t.deliverableId] }), index('pmd_deliverable').on(t.deliverableId)],
);

export const criterionKinds = ['requirement', 'payout_case', 'test_cycle', 'checklist'] as const;
export type CriterionKind = (typeof criterionKinds)[number];

/**
 * One acceptance criterion of a deliverable: a linked requirement (signed off), a linked payout case or
 * test cycle (passing on the current plan versions), or a stated condition the reviewer ticks.
 */
export const deliverableCriteria = sqliteTable(
  'deliverable_criteria',
  {
    id: id(),
    deliverableId: integer('deliverable_id')
      .notNull()
      .references(() => deliverables.id),
    position: integer('position').notNull(),
    kind: text('kind', { enum: criterionKinds }).notNull(),
    requirementId: integer('requirement_id').references(() => requirements.id),
    caseId: integer('case_id').references(() => testCases.id),
    cycleId: integer('cycle_id').references(() => testCycles.id),
    /** The stated condition of a checklist item. */
    text: text('text').notNull().default(''),
  },
  (t) => [index('deliverable_criterion_deliverable').on(t.deliverableId), oneOf('deliverable_criterion_kind_known', t.kind, criterionKinds)],
);

/** A criterion as it stood when a submission was decided: the evidence it was judged on. */
export type CriterionRecord = {
  criterionId: number;
  kind: CriterionKind;
  label: string;
  met: boolean;
  detail: string;
  /** The payout case runs it stood on (a case, or each case of a cycle). */
  runs: { caseKey: string; runId: number | null; result: string }[];
  /** The requirement version it stood on. */
  requirementVersionId: number | null;
};
export type RejectionReason = { criterionId: number | null; reason: string };

export const submissionOutcomes = ['pending', 'accepted', 'rejected', 'withdrawn'] as const;

/** Each time the vendor submits a deliverable: numbered 1..n; its outcome is the reviewer's decision. */
export const deliverableSubmissions = sqliteTable(
  'deliverable_submissions',
  {
    id: id(),
    deliverableId: integer('deliverable_id')
      .notNull()
      .references(() => deliverables.id),
    number: integer('number').notNull(),
    note: text('note').notNull(),
    /** References to the evidence (documents, builds, links), as the vendor wrote them. */
    evidence: text('evidence').notNull().default(''),
    submittedBy: integer('submitted_by')
      .notNull()
      .references(() => users.id),
    submittedAt: instant('submitted_at').notNull(),
    outcome: text('outcome', { enum: submissionOutcomes }).notNull().default('pending'),
    /** A rejection's reasons, per criterion (null: a reason about the whole submission). */
    reasons: json('reasons').$type<RejectionReason[]>(),
    /** The criteria as they stood when it was accepted or rejected (the acceptance record). */
    criteria: json('criteria').$type<CriterionRecord[]>(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: instant('decided_at'),
    /** The signature of an acceptance (signatures.id). */
    signatureId: integer('signature_id'),
  },
  (t) => [uniqueIndex('deliverable_submission_number').on(t.deliverableId, t.number), oneOf('submission_outcome_known', t.outcome, submissionOutcomes)],
);

export const commitmentKinds = ['dated', 'defect_sla'] as const;
export const commitmentStatuses = ['open', 'met', 'missed'] as const;
export type CommitmentStatus = (typeof commitmentStatuses)[number];

/**
 * A promise that is not a deliverable: a dated one (a named consultant on site by a day), whose status
 * the PM records, or a defect service level (defects of a severity fixed within business days), whose
 * status is computed from the defects assigned to the firm's people.
 */
export const commitments = sqliteTable(
  'commitments',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    firmId: integer('firm_id')
      .notNull()
      .references(() => vendorFirms.id),
    text: text('text').notNull(),
    kind: text('kind', { enum: commitmentKinds }).notNull(),
    dueDate: day('due_date'),
    /** A defect service level: defects of this severity or worse ... */
    severity: integer('severity'),
    /** ... fixed within this many business days of being logged. */
    businessDays: integer('business_days'),
    /** Recorded by the PM for a dated commitment; a defect service level's is computed, so stays 'open' here. */
    status: text('status', { enum: commitmentStatuses }).notNull().default('open'),
    statusNote: text('status_note').notNull().default(''),
    recordedBy: integer('recorded_by').references(() => users.id),
    recordedAt: instant('recorded_at'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    index('commitment_project').on(t.projectId),
    oneOf('commitment_kind_known', t.kind, commitmentKinds),
    oneOf('commitment_status_known', t.status, commitmentStatuses),
  ],
);

/** A deliverable's discussion between its firm and the client side: append-only, in order. */
export const deliverableComments = sqliteTable(
  'deliverable_comments',
  {
    id: id(),
    deliverableId: integer('deliverable_id')
      .notNull()
      .references(() => deliverables.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [index('deliverable_comment_deliverable').on(t.deliverableId)],
);
