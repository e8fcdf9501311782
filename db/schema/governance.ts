import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { day, id, instant, oneOf } from './columns';
import { methodologies } from './methodologies';
import { users } from './people';
import { milestones, phases, projects } from './projects';
import { workflowInstances } from './workflows';

/**
 * Project governance (issue 14, docs/decisions/0015-change-requests.md): change requests, whose
 * workflow (impact, decision, implementation) lives in their machine's context, schedule baselines
 * of phase and milestone dates, and each move of a milestone an approved change made.
 */
export const changeRequests = sqliteTable(
  'change_requests',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    /** CR-001, per project. */
    key: text('key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    /** The sponsor or stakeholder named to decide it (never the requester). */
    deciderId: integer('decider_id')
      .notNull()
      .references(() => users.id),
    instanceId: integer('instance_id')
      .notNull()
      .references(() => workflowInstances.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('change_request_key').on(t.projectId, t.key)],
);

export const scheduleBaselines = sqliteTable(
  'schedule_baselines',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    /** 1, 2, ... per project. */
    number: integer('number').notNull(),
    note: text('note').notNull(),
    takenBy: integer('taken_by')
      .notNull()
      .references(() => users.id),
    takenAt: instant('taken_at').notNull(),
  },
  (t) => [uniqueIndex('schedule_baseline_number').on(t.projectId, t.number)],
);

export const baselineItemKinds = ['phase', 'milestone'] as const;
export type BaselineItemKind = (typeof baselineItemKinds)[number];

/** A phase's planned dates or a milestone's due date as they were when the baseline was taken. */
export const scheduleBaselineItems = sqliteTable(
  'schedule_baseline_items',
  {
    id: id(),
    baselineId: integer('baseline_id')
      .notNull()
      .references(() => scheduleBaselines.id),
    kind: text('kind', { enum: baselineItemKinds }).notNull(),
    phaseId: integer('phase_id').references(() => phases.id),
    milestoneId: integer('milestone_id').references(() => milestones.id),
    name: text('name').notNull(),
    /** A phase's planned start; null for a milestone. */
    start: day('start'),
    /** A phase's planned end, or a milestone's due date. */
    end: day('end').notNull(),
  },
  (t) => [index('schedule_baseline_item_baseline').on(t.baselineId), oneOf('schedule_baseline_item_kind', t.kind, baselineItemKinds)],
);

/** A milestone moved by an approved change request, from and to, against the baseline current then. */
export const milestoneMoves = sqliteTable(
  'milestone_moves',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    milestoneId: integer('milestone_id')
      .notNull()
      .references(() => milestones.id),
    /** The approved change request that moved it; null when the PM rescheduled it directly (with `reason`). */
    changeRequestId: integer('change_request_id').references(() => changeRequests.id),
    /** Why the PM moved it (required when later); empty for a change request's move (the request says why). */
    reason: text('reason').notNull().default(''),
    fromDate: day('from_date').notNull(),
    toDate: day('to_date').notNull(),
    days: integer('days').notNull(),
    /** The latest baseline when it moved (null: none taken yet). */
    baselineId: integer('baseline_id').references(() => scheduleBaselines.id),
    movedBy: integer('moved_by')
      .notNull()
      .references(() => users.id),
    movedAt: instant('moved_at').notNull(),
  },
  (t) => [index('milestone_move_project').on(t.projectId)],
);

/** A status rule's thresholds for a methodology (issue 14): amber and red from these figures; set by an admin. */
export const statusThresholds = sqliteTable(
  'status_thresholds',
  {
    id: id(),
    methodologyId: integer('methodology_id')
      .notNull()
      .references(() => methodologies.id),
    rule: text('rule').notNull(),
    amber: integer('amber').notNull(),
    red: integer('red').notNull(),
    updatedBy: integer('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [uniqueIndex('status_threshold_rule').on(t.methodologyId, t.rule)],
);

export const ragColours = ['green', 'amber', 'red'] as const;

/**
 * The PM's colour for a project where it differs from the computed one, with the reason (issue 14).
 * The latest row applies; a row without a colour clears the override. Both colours are shown.
 */
export const statusOverrides = sqliteTable(
  'status_overrides',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    colour: text('colour', { enum: ragColours }),
    reason: text('reason').notNull(),
    /** The computed colour when the override was set. */
    computedColour: text('computed_colour', { enum: ragColours }).notNull(),
    setBy: integer('set_by')
      .notNull()
      .references(() => users.id),
    setAt: instant('set_at').notNull(),
  },
  (t) => [index('status_override_project').on(t.projectId)],
);

export const reportStates = ['draft', 'published'] as const;

/**
 * A periodic status report (issue 14): the PM's words on top of the computed status. Publishing freezes
 * the figures as they were (`snapshot`); later changes never alter a published report.
 */
export const statusReports = sqliteTable(
  'status_reports',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    /** The period it reports on, as the PM names it ("Week 48, 23-27 November"). */
    period: text('period').notNull(),
    summary: text('summary').notNull(),
    accomplishments: text('accomplishments').notNull(),
    nextSteps: text('next_steps').notNull(),
    asks: text('asks').notNull(),
    state: text('state', { enum: reportStates }).notNull(),
    /** Edits of the draft so far: an edit names the version it was made from. */
    version: integer('version').notNull(),
    /** The computed status, its rules and the PM's colour when published; null while a draft. */
    snapshot: text('snapshot', { mode: 'json' }),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
    publishedBy: integer('published_by').references(() => users.id),
    publishedAt: instant('published_at'),
  },
  (t) => [index('status_report_project').on(t.projectId), oneOf('status_report_state', t.state, reportStates)],
);
