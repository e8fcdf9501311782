import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, instant, json, oneOf } from './columns';
import { users } from './people';
import { projects } from './projects';
import { plans, planVersions } from './testing';

/**
 * Plan modeling (issue 13, docs/decisions/0013-plan-modeling.md): datasets a project models plans on
 * (the engine's CSV contracts, uploaded or generated) and scenarios (a plan version plus changes).
 */

export const datasetSources = ['upload', 'generated'] as const;
export type DatasetSource = (typeof datasetSources)[number];

export const modelingDatasets = sqliteTable(
  'modeling_datasets',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    /** The plan whose version the files were checked against (participants' plan_id). */
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    name: text('name').notNull(),
    period: text('period').notNull(),
    participantsCsv: text('participants_csv').notNull(),
    quotasCsv: text('quotas_csv').notNull(),
    transactionsCsv: text('transactions_csv').notNull(),
    participantCount: integer('participant_count').notNull(),
    transactionCount: integer('transaction_count').notNull(),
    /** SHA-256 of period and the three files (workflows/testing/engine-run.ts datasetHash). */
    datasetHash: text('dataset_hash').notNull(),
    source: text('source', { enum: datasetSources }).notNull(),
    /** How a generated dataset was made (seed, roles, distribution); null for an upload. */
    parameters: json('parameters').$type<Record<string, unknown>>(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('modeling_dataset_project').on(t.projectId), oneOf('modeling_dataset_source', t.source, datasetSources)],
);

export const modelingScenarios = sqliteTable(
  'modeling_scenarios',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    name: text('name').notNull(),
    planVersionId: integer('plan_version_id')
      .notNull()
      .references(() => planVersions.id),
    datasetId: integer('dataset_id')
      .notNull()
      .references(() => modelingDatasets.id),
    /** The changes, each valid against workflows/modeling/scenario.ts `ScenarioChange`. */
    changes: json('changes').$type<unknown[]>().notNull(),
    copiedFrom: integer('copied_from'),
    /** The draft version it was promoted to, if it was. */
    promotedVersionId: integer('promoted_version_id').references(() => planVersions.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('modeling_scenario_project').on(t.projectId), index('modeling_scenario_dataset').on(t.datasetId)],
);
