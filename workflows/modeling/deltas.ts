/**
 * Who gains and who loses under a scenario (issue 13, Compare): each participant's payout under the
 * scenario minus their payout under the base, exactly (decimal.js), matched by participant id. A
 * participant on one side only is paid 0 on the other. Pure: two modeling results in, plain data out.
 *
 * The deltas sum to the scenario's total cost minus the base's, because each side's payouts are the
 * engine's participant totals that make up its total cost.
 */
import { Decimal } from '~/engine';
import type { ModelingResults } from './results';

type Dec = InstanceType<typeof Decimal>;

/** One participant's payout under the base and under the scenario (money as exact strings). */
export interface ParticipantDelta {
  participantId: string;
  role: string;
  base: string;
  scenario: string;
  /** scenario − base */
  delta: string;
}

export interface DeltaSummary {
  winners: number;
  losers: number;
  unchanged: number;
  /** the sum of every delta: the scenario's total cost minus the base's */
  sum: string;
  /** the largest gains, the largest first */
  topWinners: ParticipantDelta[];
  /** the largest falls, the most negative first */
  topLosers: ParticipantDelta[];
}

/** Decimal places of a money string as the results write it ("12.50" → 2). */
const placesOf = (s: string) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every participant of either side with their delta, the largest gain first and the largest fall last
 * (ties by participant id). Amounts keep the plan's minor unit.
 */
export function participantDeltas(base: ModelingResults, scenario: ModelingResults): ParticipantDelta[] {
  const points = [...base.payCurve.value, ...scenario.payCurve.value];
  const places = Math.max(0, ...points.map((p) => placesOf(p.payout)), placesOf(base.totalCost.value), placesOf(scenario.totalCost.value));
  const zero = new Decimal(0).toFixed(places);
  const rows = new Map<string, { role: string; base: string; scenario: string }>();
  for (const p of base.payCurve.value) rows.set(p.participantId, { role: p.role, base: p.payout, scenario: zero });
  for (const p of scenario.payCurve.value) {
    const r = rows.get(p.participantId);
    // the role under the scenario (a scenario may change the dataset), the base's when the scenario has none
    if (r) rows.set(p.participantId, { role: p.role || r.role, base: r.base, scenario: p.payout });
    else rows.set(p.participantId, { role: p.role, base: zero, scenario: p.payout });
  }
  const list = [...rows].map(([participantId, r]) => {
    const d: Dec = new Decimal(r.scenario).minus(r.base);
    return {
      exact: d,
      row: {
        participantId,
        role: r.role,
        base: new Decimal(r.base).toFixed(places),
        scenario: new Decimal(r.scenario).toFixed(places),
        delta: d.toFixed(places),
      },
    };
  });
  list.sort((a, b) => b.exact.cmp(a.exact) || byId(a.row.participantId, b.row.participantId));
  return list.map((x) => x.row);
}

/** Counts, the sum and the `top` largest winners and losers of a list from participantDeltas. */
export function summarizeDeltas(deltas: ParticipantDelta[], top = 10): DeltaSummary {
  let sum: Dec = new Decimal(0);
  let places = 0;
  const winners: { exact: Dec; d: ParticipantDelta }[] = [];
  const losers: { exact: Dec; d: ParticipantDelta }[] = [];
  for (const d of deltas) {
    const exact = new Decimal(d.delta);
    sum = sum.plus(exact);
    places = Math.max(places, placesOf(d.delta));
    if (exact.gt(0)) winners.push({ exact, d });
    else if (exact.lt(0)) losers.push({ exact, d });
  }
  winners.sort((a, b) => b.exact.cmp(a.exact) || byId(a.d.participantId, b.d.participantId));
  losers.sort((a, b) => a.exact.cmp(b.exact) || byId(a.d.participantId, b.d.participantId));
  return {
    winners: winners.length,
    losers: losers.length,
    unchanged: deltas.length - winners.length - losers.length,
    sum: sum.toFixed(places),
    topWinners: winners.slice(0, top).map((w) => w.d),
    topLosers: losers.slice(0, top).map((l) => l.d),
  };
}

/** Who gains and who loses under the scenario against the base. */
export const deltaSummary = (base: ModelingResults, scenario: ModelingResults, top = 10) => summarizeDeltas(participantDeltas(base, scenario), top);
