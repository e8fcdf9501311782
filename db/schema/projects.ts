import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { day, id, instant, oneOf } from './columns';
import { methodologies, methodologyPhases, projectKinds } from './methodologies';
import { users } from './people';
import { workflowInstances } from './workflows';

export const projectRoles = ['pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'] as const;
export type ProjectRole = (typeof projectRoles)[number];

export const projects = sqliteTable(
  'projects',
  {
    id: id(),
    name: text('name').notNull().unique(),
    client: text('client').notNull(),
    kind: text('kind', { enum: projectKinds }).notNull(),
    methodologyId: integer('methodology_id')
      .notNull()
      .references(() => methodologies.id),
    startDate: day('start_date').notNull(),
    targetGoLive: day('target_go_live').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [oneOf('project_kind', t.kind, projectKinds)],
);

export const projectMembers = sqliteTable(
  'project_members',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: projectRoles }).notNull(),
    addedAt: instant('added_at').notNull(),
  },
  (t) => [
    uniqueIndex('project_member_role').on(t.projectId, t.userId, t.role),
    index('member_user').on(t.userId),
    oneOf('project_member_role_known', t.role, projectRoles),
  ],
);

/**
 * What a person does for the client on a project (docs/decisions/0010-stakeholder-functions.md): one
 * per person and project, whatever roles they hold there. It decides which signature meanings they may
 * state (workflows/policy/functions.ts).
 */
export const stakeholderFunctions = [
  'business_owner',
  'finance',
  'legal',
  'sales_operations',
  'compensation',
  'hr',
  'it',
  'project_delivery',
  'other',
] as const;
export type StakeholderFunction = (typeof stakeholderFunctions)[number];

export const memberFunctions = sqliteTable(
  'member_functions',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    function: text('function', { enum: stakeholderFunctions }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), oneOf('member_function_known', t.function, stakeholderFunctions)],
);

export const phases = sqliteTable(
  'phases',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    templateId: integer('template_id')
      .notNull()
      .references(() => methodologyPhases.id),
    key: text('key').notNull(),
    name: text('name').notNull(),
    /** Order on the timeline; an E3 loop appends new phases after the last. */
    position: integer('position').notNull(),
    /** E3 cadence number (1 for the first pass). */
    cycle: integer('cycle').notNull().default(1),
    plannedStart: day('planned_start').notNull(),
    plannedEnd: day('planned_end').notNull(),
    actualStart: day('actual_start'),
    actualEnd: day('actual_end'),
    instanceId: integer('instance_id')
      .notNull()
      .references(() => workflowInstances.id),
  },
  (t) => [uniqueIndex('phase_position').on(t.projectId, t.position)],
);

export const milestones = sqliteTable(
  'milestones',
  {
    id: id(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    phaseId: integer('phase_id')
      .notNull()
      .references(() => phases.id),
    name: text('name').notNull(),
    dueDate: day('due_date').notNull(),
    doneOn: day('done_on'),
  },
  (t) => [index('milestone_project').on(t.projectId)],
);
