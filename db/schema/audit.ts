import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns';

/**
 * Append-only and without foreign keys: rows outlive their subjects. Each row carries the hash of the
 * previous row and its own hash over its content, so an edited or deleted row breaks the chain.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    at: instant('at').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull(),
    projectId: integer('project_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    before: text('before'),
    after: text('after'),
    detail: text('detail').notNull().default(''),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_project').on(t.projectId, t.id)],
);
