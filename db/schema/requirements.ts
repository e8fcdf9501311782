import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, instant, json, oneOf } from './columns';
import { users } from './people';
import { projects } from './projects';
import { workflowInstances } from './workflows';

export const requirementCategories = [
  'plan design',
  'crediting',
  'quotas and territories',
  'data integration',
  'reporting and dashboards',
  'approvals and workflow',
  'payments',
  'access and security',
] as const;
export type RequirementCategory = (typeof requirementCategories)[number];
export const requirementPriorities = ['must', 'should', 'could', "won't"] as const;
export type RequirementPriority = (typeof requirementPriorities)[number];

/** A worked payout example: the inputs a participant would have, and what each component pays. */
export type WorkedExample = {
  name: string;
  inputs: { label: string; value: string }[];
  expected: { component: string; amount: string }[];
};

/** The identity of a requirement across its versions. */
export const requirements = sqliteTable(
  'requirements',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    key: text('key').notNull(),
    /** The version people work on now (the newest). */
    currentVersionId: integer('current_version_id'),
    /** Set when something this requirement links to changed; cleared by a person who reviewed it. */
    suspectSince: instant('suspect_since'),
    suspectReason: text('suspect_reason'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('requirement_key').on(t.projectId, t.key)],
);

/** Each version's content is fixed once it leaves draft; its sign-off is its own workflow instance. */
export const requirementVersions = sqliteTable(
  'requirement_versions',
  {
    id: id(),
    requirementId: integer('requirement_id')
      .notNull()
      .references(() => requirements.id),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: text('category', { enum: requirementCategories }).notNull(),
    priority: text('priority', { enum: requirementPriorities }).notNull(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id),
    phaseKey: text('phase_key').notNull(),
    acceptanceCriteria: json('acceptance_criteria').$type<string[]>().notNull(),
    examples: json('examples').$type<WorkedExample[]>().notNull(),
    /** sha256 of the signed content (text, criteria, examples): a signature names what it signed. */
    fingerprint: text('fingerprint').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    instanceId: integer('instance_id')
      .notNull()
      .references(() => workflowInstances.id),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('requirement_version_number').on(t.requirementId, t.number),
    oneOf('requirement_category_known', t.category, requirementCategories),
    oneOf('requirement_priority_known', t.priority, requirementPriorities),
  ],
);

export const requirementLinks = sqliteTable(
  'requirement_links',
  {
    id: id(),
    fromId: integer('from_id')
      .notNull()
      .references(() => requirements.id),
    toId: integer('to_id')
      .notNull()
      .references(() => requirements.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('requirement_link_pair').on(t.fromId, t.toId), index('requirement_link_to').on(t.toId)],
);

/** The discussion of a requirement: comments are appended, never edited. */
export const requirementComments = sqliteTable(
  'requirement_comments',
  {
    id: id(),
    requirementId: integer('requirement_id')
      .notNull()
      .references(() => requirements.id),
    versionNumber: integer('version_number').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('requirement_comment_req').on(t.requirementId)],
);

export const baselines = sqliteTable('requirement_baselines', {
  id: id(),
  projectId: integer('project_id')
    .notNull()
    .references(() => projects.id),
  name: text('name').notNull(),
  createdBy: integer('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: instant('created_at').notNull(),
});

export const baselineItems = sqliteTable(
  'requirement_baseline_items',
  {
    id: id(),
    baselineId: integer('baseline_id')
      .notNull()
      .references(() => baselines.id),
    requirementId: integer('requirement_id')
      .notNull()
      .references(() => requirements.id),
    versionId: integer('version_id')
      .notNull()
      .references(() => requirementVersions.id),
    fingerprint: text('fingerprint').notNull(),
    /** The sign-off state when the baseline was taken (a later retirement shows as removed). */
    state: text('state').notNull().default('draft'),
  },
  (t) => [index('baseline_item_baseline').on(t.baselineId)],
);
