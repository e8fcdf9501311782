import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { day, id, instant, oneOf } from './columns';
import { users } from './people';
import { projects } from './projects';
import { workflowInstances } from './workflows';

/**
 * E3 optimization (issue 17, docs/decisions/0020-e3-optimization.md): the production results of the
 * client's SPM programme, one upload per period, and the E3 cycles whose baseline, reviews and findings
 * live in their machine's context (workflows/machines/e3-cycle.ts). Money is TEXT read into Decimal.
 */
export const programmePeriods = sqliteTable(
  'programme_periods',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    /** 2025-Q1, 2025-M07 or 2025-H1: sorts in time order as text. */
    period: text('period').notNull(),
    /** The calculation cycle: the period's close and the day its payouts were paid. */
    closeDate: day('close_date').notNull(),
    paymentDate: day('payment_date').notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: instant('uploaded_at').notNull(),
  },
  (t) => [uniqueIndex('programme_period_key').on(t.projectId, t.period)],
);

/** One line of the results file: a participant's payout on one component, with their quota and credit. */
export const programmeResults = sqliteTable(
  'programme_results',
  {
    id: id(),
    periodId: integer('period_id')
      .notNull()
      .references(() => programmePeriods.id),
    participant: text('participant').notNull(),
    component: text('component').notNull(),
    payout: text('payout').notNull(),
    /** 1 when the component's payout was limited by a cap in the plan. */
    capped: integer('capped').notNull(),
    quota: text('quota').notNull(),
    creditedRevenue: text('credited_revenue').notNull(),
  },
  (t) => [index('programme_result_period').on(t.periodId)],
);

export const programmeEventKinds = ['dispute', 'adjustment'] as const;
export type ProgrammeEventKind = (typeof programmeEventKinds)[number];

/** One line of the events file: a dispute (raised, perhaps resolved) or a manual adjustment. */
export const programmeEvents = sqliteTable(
  'programme_events',
  {
    id: id(),
    periodId: integer('period_id')
      .notNull()
      .references(() => programmePeriods.id),
    kind: text('kind', { enum: programmeEventKinds }).notNull(),
    participant: text('participant').notNull(),
    amount: text('amount').notNull(),
    /** The day the dispute was raised or the adjustment made. */
    raisedOn: day('raised_on').notNull(),
    /** The day a dispute was resolved; null while open, and for an adjustment. */
    resolvedOn: day('resolved_on'),
  },
  (t) => [index('programme_event_period').on(t.periodId), oneOf('programme_event_kind_known', t.kind, programmeEventKinds)],
);

/** An E3 cycle of a project: its sponsor and its workflow instance (configuration, baseline, reviews). */
export const e3Cycles = sqliteTable(
  'e3_cycles',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    /** 1, 2, ... per project. */
    number: integer('number').notNull(),
    sponsorId: integer('sponsor_id')
      .notNull()
      .references(() => users.id),
    startedBy: integer('started_by')
      .notNull()
      .references(() => users.id),
    instanceId: integer('instance_id')
      .notNull()
      .references(() => workflowInstances.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('e3_cycle_number').on(t.projectId, t.number)],
);
