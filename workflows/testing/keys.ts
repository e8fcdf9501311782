import { count, eq } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { defects, testCases } from '~/db/schema';

const numbered = (prefix: string, n: number) => `${prefix}-${String(n).padStart(3, '0')}`;

/** The next test case key of a project (TC-001, TC-002, ...): cases are never deleted, so the count numbers them. */
export function nextCaseKey(tx: Tx, projectId: number): string {
  const [row] = tx.select({ n: count() }).from(testCases).where(eq(testCases.projectId, projectId)).all();
  return numbered('TC', (row?.n ?? 0) + 1);
}

/** The next defect key of a project (DEF-001, ...), whether the defect comes from a run or a variance. */
export function nextDefectKey(tx: Tx, projectId: number): string {
  const [row] = tx.select({ n: count() }).from(defects).where(eq(defects.projectId, projectId)).all();
  return numbered('DEF', (row?.n ?? 0) + 1);
}
