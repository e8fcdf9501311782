import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { parallelRuns, type VarianceLine, workflowInstances } from '~/db/schema';

/** The fingerprint a variance report's signatures name: its lines and totals. */
export const reportFingerprint = (lines: VarianceLine[], totals: object) =>
  createHash('sha256')
    .update(JSON.stringify([lines, totals]))
    .digest('hex');

/**
 * What the sign form of a variance report carries now (its fingerprint and its sign-off instance's
 * version), for a caller that has no page: seeds and tests sign what a person would have been shown.
 */
export function reportSignatureBasis(conn: Conn, runId: number) {
  const row = conn
    .select({ run: parallelRuns, version: workflowInstances.version })
    .from(parallelRuns)
    .innerJoin(workflowInstances, eq(workflowInstances.id, parallelRuns.instanceId))
    .where(eq(parallelRuns.id, runId))
    .get();
  if (!row) throw new Error(`No parallel run ${runId}`);
  return { fingerprint: reportFingerprint(row.run.lines, row.run.totals), expectedVersion: row.version };
}
