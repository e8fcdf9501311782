import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, instant, json } from './columns';
import { users } from './people';

/** A persisted XState actor: what the runtime restores, transitions and writes back. */
export const workflowInstances = sqliteTable('workflow_instances', {
  id: id(),
  machineId: text('machine_id').notNull(),
  machineVersion: integer('machine_version').notNull(),
  stateValue: json('state_value').$type<unknown>().notNull(),
  context: json('context').$type<unknown>().notNull(),
  /** Optimistic concurrency: an update names the version it read. */
  version: integer('version').notNull().default(0),
  subjectType: text('subject_type').notNull(),
  subjectId: integer('subject_id'),
  projectId: integer('project_id'),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/** Every applied event, in order: the instance's history. */
export const workflowEvents = sqliteTable(
  'workflow_events',
  {
    id: id(),
    instanceId: integer('instance_id')
      .notNull()
      .references(() => workflowInstances.id),
    /** The instance version this event produced; unique, so an event is never applied twice. */
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    payload: json('payload').$type<Record<string, unknown>>().notNull(),
    actorId: integer('actor_id').references(() => users.id),
    fromState: text('from_state').notNull(),
    toState: text('to_state').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [uniqueIndex('workflow_event_seq').on(t.instanceId, t.seq)],
);

/** Electronic signatures: append-only; the meaning is what the signer declared. */
export const signatures = sqliteTable(
  'signatures',
  {
    id: id(),
    instanceId: integer('instance_id')
      .notNull()
      .references(() => workflowInstances.id),
    eventId: integer('event_id')
      .notNull()
      .references(() => workflowEvents.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    meaning: text('meaning').notNull(),
    /** For content sign-offs: the fingerprint of exactly what was signed. */
    fingerprint: text('fingerprint'),
    at: instant('at').notNull(),
  },
  (t) => [index('signature_instance').on(t.instanceId)],
);

/** Effects a transition asks for (notifications and the like), delivered after commit by a worker. */
export const outbox = sqliteTable('outbox', {
  id: id(),
  topic: text('topic').notNull(),
  payload: json('payload').$type<Record<string, unknown>>().notNull(),
  createdAt: instant('created_at').notNull(),
  deliveredAt: instant('delivered_at'),
});
