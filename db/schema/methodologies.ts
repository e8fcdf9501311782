import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, json, oneOf } from './columns';

export const projectKinds = ['implementation', 'optimization', 'recovery'] as const;

/** `evidence` marks a criterion computed from the project's data instead of ticked by the PM. */
export type GateCriterionTemplate = { key: string; label: string; evidence?: string };
export type MilestoneTemplate = { name: string; atWeek: number };

export const methodologies = sqliteTable(
  'methodologies',
  {
    id: id(),
    key: text('key').notNull().unique(),
    name: text('name').notNull(),
    projectKind: text('project_kind', { enum: projectKinds }).notNull(),
    description: text('description').notNull(),
    /** E3 repeats Evaluate -> Evolve at this cadence; null for methods that run once. */
    cadenceWeeks: integer('cadence_weeks'),
    /** The phase a completed cycle loops back to (E3: evaluate). */
    loopToPhaseKey: text('loop_to_phase_key'),
  },
  (t) => [oneOf('methodology_project_kind', t.projectKind, projectKinds)],
);

export const methodologyPhases = sqliteTable(
  'methodology_phases',
  {
    id: id(),
    methodologyId: integer('methodology_id')
      .notNull()
      .references(() => methodologies.id),
    key: text('key').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    purpose: text('purpose').notNull(),
    durationWeeks: integer('duration_weeks').notNull(),
    gateCriteria: json('gate_criteria').$type<GateCriterionTemplate[]>().notNull(),
    milestones: json('milestones').$type<MilestoneTemplate[]>().notNull(),
  },
  (t) => [uniqueIndex('methodology_phase_key').on(t.methodologyId, t.key)],
);
