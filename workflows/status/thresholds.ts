import { eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { statusThresholds } from '~/db/schema';
import { defaultThresholds, type StatusRuleId, statusRuleIds, type Thresholds } from './rules';

/** A methodology's thresholds: those an admin set, the defaults for the rest. */
export function thresholdsFor(conn: Conn, methodologyId: number): Thresholds {
  const set = conn.select().from(statusThresholds).where(eq(statusThresholds.methodologyId, methodologyId)).all();
  const out = { ...defaultThresholds };
  for (const row of set) if ((statusRuleIds as string[]).includes(row.rule)) out[row.rule as StatusRuleId] = { amber: row.amber, red: row.red };
  return out;
}
