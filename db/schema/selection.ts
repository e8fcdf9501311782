import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, instant, oneOf } from './columns';
import { users } from './people';
import { projects } from './projects';
import { requirements } from './requirements';
import { workflowInstances } from './workflows';

/**
 * Platform selection (issue 18, docs/decisions/0022-platform-selection.md): a selection of a project,
 * its business needs (requirements of the register), candidate platforms, weighted criteria, each
 * candidate's fit to each need, its five-year cost lines, and the named evaluators' scores. Its
 * workflow (lock, scoring, decision) lives in its machine's context (workflows/machines/platform-selection.ts).
 */
export const selections = sqliteTable(
  'selections',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    /** SEL-001, per project. */
    key: text('key').notNull(),
    title: text('title').notNull(),
    /** The stakeholder who signs the lock and the decision (never whoever set the selection up). */
    sponsorId: integer('sponsor_id')
      .notNull()
      .references(() => users.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    instanceId: integer('instance_id')
      .notNull()
      .references(() => workflowInstances.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('selection_key').on(t.projectId, t.key)],
);

/** A requirement of the register the selection serves (its priority is read from the requirement). */
export const selectionNeeds = sqliteTable(
  'selection_needs',
  {
    id: id(),
    selectionId: integer('selection_id')
      .notNull()
      .references(() => selections.id),
    requirementId: integer('requirement_id')
      .notNull()
      .references(() => requirements.id),
  },
  (t) => [uniqueIndex('selection_need').on(t.selectionId, t.requirementId)],
);

export const platformCategories = ['ICM', 'TQM', 'CRM'] as const;
export type PlatformCategory = (typeof platformCategories)[number];

export const selectionCandidates = sqliteTable(
  'selection_candidates',
  {
    id: id(),
    selectionId: integer('selection_id')
      .notNull()
      .references(() => selections.id),
    vendorName: text('vendor_name').notNull(),
    product: text('product').notNull(),
    category: text('category', { enum: platformCategories }).notNull(),
  },
  (t) => [index('selection_candidate_selection').on(t.selectionId), oneOf('selection_candidate_category', t.category, platformCategories)],
);

export const criterionGroups = ['functional', 'integration', 'tco', 'viability', 'usability', 'references'] as const;
export type CriterionGroup = (typeof criterionGroups)[number];

export const selectionCriteria = sqliteTable(
  'selection_criteria',
  {
    id: id(),
    selectionId: integer('selection_id')
      .notNull()
      .references(() => selections.id),
    group: text('group', { enum: criterionGroups }).notNull(),
    name: text('name').notNull(),
    /** A decimal string (at most 2 places) kept exactly: the weights of a selection sum to exactly 100. */
    weight: text('weight').notNull(),
    /** Scored from the candidates' fit to the must-have needs, not by the evaluators. */
    derived: integer('derived', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('selection_criterion_selection').on(t.selectionId), oneOf('selection_criterion_group', t.group, criterionGroups)],
);

export const fitLevels = ['outOfBox', 'configured', 'custom', 'notMet'] as const;
export type FitLevel = (typeof fitLevels)[number];

/** How a candidate meets one need: out of the box, by configuration, by custom work, or not at all. */
export const selectionFits = sqliteTable(
  'selection_fits',
  {
    id: id(),
    selectionId: integer('selection_id')
      .notNull()
      .references(() => selections.id),
    candidateId: integer('candidate_id')
      .notNull()
      .references(() => selectionCandidates.id),
    requirementId: integer('requirement_id')
      .notNull()
      .references(() => requirements.id),
    fit: text('fit', { enum: fitLevels }).notNull(),
  },
  (t) => [uniqueIndex('selection_fit').on(t.candidateId, t.requirementId), oneOf('selection_fit_level', t.fit, fitLevels)],
);

export const costKinds = ['licences', 'implementation', 'internalStaff', 'support'] as const;
export type CostKind = (typeof costKinds)[number];

/** One cost of one year (1-5) of a candidate's five-year total cost of ownership; money as decimal text. */
export const selectionCosts = sqliteTable(
  'selection_costs',
  {
    id: id(),
    candidateId: integer('candidate_id')
      .notNull()
      .references(() => selectionCandidates.id),
    kind: text('kind', { enum: costKinds }).notNull(),
    year: integer('year').notNull(),
    amount: text('amount').notNull(),
  },
  (t) => [uniqueIndex('selection_cost').on(t.candidateId, t.kind, t.year), oneOf('selection_cost_kind', t.kind, costKinds)],
);

/** An evaluator's score (1-5) with a comment for one candidate on one criterion; a draft until their sheet is submitted. */
export const selectionScores = sqliteTable(
  'selection_scores',
  {
    id: id(),
    selectionId: integer('selection_id')
      .notNull()
      .references(() => selections.id),
    evaluatorId: integer('evaluator_id')
      .notNull()
      .references(() => users.id),
    candidateId: integer('candidate_id')
      .notNull()
      .references(() => selectionCandidates.id),
    criterionId: integer('criterion_id')
      .notNull()
      .references(() => selectionCriteria.id),
    score: integer('score').notNull(),
    comment: text('comment').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [uniqueIndex('selection_score').on(t.evaluatorId, t.candidateId, t.criterionId), index('selection_score_selection').on(t.selectionId)],
);
