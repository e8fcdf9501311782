import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { day, id, instant, oneOf } from './columns';
import { users, vendorFirms } from './people';
import { projects } from './projects';

export const raidTypes = ['risk', 'assumption', 'issue', 'dependency', 'action', 'decision'] as const;
export type RaidType = (typeof raidTypes)[number];
export const raidStatuses = ['open', 'closed'] as const;
export type RaidStatus = (typeof raidStatuses)[number];

/**
 * One entry of a project's RAID log (issue 14): a risk, assumption, issue, dependency, action or
 * decision. The columns of every type are here; each type fills its own (workflows/raid/content.ts says
 * which). A risk's exposure (probability × impact) and whether an item is overdue are computed
 * (workflows/raid/*), never stored. `version` grows with every change so an edit made from a stale page
 * overwrites nothing.
 */
export const raidItems = sqliteTable(
  'raid_items',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    /** RAID-001, unique per project. */
    key: text('key').notNull(),
    type: text('type', { enum: raidTypes }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: raidStatuses }).notNull().default('open'),
    /** A risk's probability and impact, 1 (low) to 5 (high). */
    probability: integer('probability'),
    impact: integer('impact'),
    mitigation: text('mitigation').notNull().default(''),
    /** Who owns it (a member of the project): risks, issues and actions must have one. */
    ownerId: integer('owner_id').references(() => users.id),
    /** A risk's next review. */
    nextReviewDate: day('next_review_date'),
    /** An assumption's validate-by date. */
    validateBy: day('validate_by'),
    /** An issue's or an action's due date. */
    dueDate: day('due_date'),
    /** An issue's severity, 1 (critical) to 4 (minor). */
    severity: integer('severity'),
    /** How an issue was resolved (required to close it). */
    resolution: text('resolution').notNull().default(''),
    /** A decision: who decided (a person or a body), on which day, on what basis. */
    decidedBy: text('decided_by').notNull().default(''),
    decidedOn: day('decided_on'),
    basis: text('basis').notNull().default(''),
    /** A vendor firm of the project this item is shared with: its representatives see it (and nothing else of the log). */
    sharedWithFirmId: integer('shared_with_firm_id').references(() => vendorFirms.id),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
    updatedBy: integer('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: instant('updated_at').notNull(),
    closedBy: integer('closed_by').references(() => users.id),
    closedAt: instant('closed_at'),
  },
  (t) => [
    uniqueIndex('raid_item_key').on(t.projectId, t.key),
    index('raid_item_project').on(t.projectId, t.type),
    oneOf('raid_item_type_known', t.type, raidTypes),
    oneOf('raid_item_status_known', t.status, raidStatuses),
  ],
);

export const raidLinkTargets = ['requirement', 'deliverable', 'defect', 'raid'] as const;
export type RaidLinkTarget = (typeof raidLinkTargets)[number];

/**
 * A link from a RAID item to a requirement, deliverable, defect or another RAID item of the same
 * project. Shown on both ends; a link between two RAID items is stored once.
 */
export const raidLinks = sqliteTable(
  'raid_links',
  {
    id: id(),
    itemId: integer('item_id')
      .notNull()
      .references(() => raidItems.id),
    targetType: text('target_type', { enum: raidLinkTargets }).notNull(),
    targetId: integer('target_id').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('raid_link_unique').on(t.itemId, t.targetType, t.targetId),
    index('raid_link_target').on(t.targetType, t.targetId),
    oneOf('raid_link_target_known', t.targetType, raidLinkTargets),
  ],
);
