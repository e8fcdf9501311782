import type { Conn } from '~/db/client';
import { latestCycle } from './cycle';
import { kpiDefinition } from './kpis';

/**
 * The E3 template's computed gate criteria (workflows/gates/evidence.ts), read from the project's
 * latest cycle: the one definition the gate, the cycle's page and its overview read.
 */
export function e3BaselineSigned(conn: Conn, projectId: number) {
  const rule =
    'The latest E3 cycle has a baseline: periods and KPIs with a target and a tolerance each, measured from the programme data and signed by the sponsor.';
  const cycle = latestCycle(conn, projectId);
  if (!cycle) return { rule, missing: ['no E3 cycle yet'] };
  if (cycle.context.baseline) return { rule, missing: [] };
  if (!cycle.context.config) return { rule, missing: [`cycle ${cycle.cycle.number}: no baseline periods and KPIs chosen`] };
  return { rule, missing: [`cycle ${cycle.cycle.number}: baseline not signed by the sponsor`] };
}

export function e3ReviewHeld(conn: Conn, projectId: number) {
  const rule = 'The latest E3 cycle has a signed cadence review that compared every tracked KPI with the baseline and its target.';
  const cycle = latestCycle(conn, projectId);
  if (!cycle) return { rule, missing: ['no E3 cycle yet'] };
  const c = cycle.context;
  if (!c.baseline) return { rule, missing: [`cycle ${cycle.cycle.number}: baseline not signed yet`] };
  const signed = c.reviews.filter((r) => r.signature);
  if (signed.length === 0)
    return {
      rule,
      missing: [
        c.reviews.length > 0 ? `cycle ${cycle.cycle.number}: review ${c.reviews.at(-1)!.number} not signed` : `cycle ${cycle.cycle.number}: no review yet`,
      ],
    };
  const last = signed.at(-1)!;
  const uncompared = (c.config?.kpis ?? []).filter((k) => !(k.key in last.values)).map((k) => kpiDefinition(k.key)?.label ?? k.key);
  return { rule, missing: uncompared.map((label) => `review ${last.number}: ${label} not compared`) };
}
