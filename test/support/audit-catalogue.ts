import { afterAll, expect } from 'vitest';
import { isAuditAction } from '~/workflows/audit-catalogue';
import { openedInThisFile } from './db';

/**
 * After every unit and integration file: each audit row its tests wrote (every database they opened)
 * names an action from the catalogue, so the audit pages can label it.
 */
afterAll(() => {
  const actions = new Set<string>();
  for (const db of openedInThisFile) {
    if (!db.$client.open) continue;
    for (const row of db.$client.prepare('SELECT DISTINCT action FROM audit_log').all() as { action: string }[]) actions.add(row.action);
  }
  expect(
    [...actions].filter((a) => !isAuditAction(a)),
    'audit actions outside workflows/audit-catalogue.ts',
  ).toEqual([]);
});
