/**
 * Who gains and who loses under a scenario (issue 13, Compare), on results made by hand: deltas are
 * exact, matched by participant id, a participant on one side only is paid 0 on the other, winners come
 * largest first and losers most negative first, and the deltas sum to the difference of the totals.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '~/engine';
import { deltaSummary, participantDeltas, summarizeDeltas } from '~/workflows/modeling/deltas';
import type { ModelingResults } from '~/workflows/modeling/results';

const fig = <T>(value: T) => ({ value, rule: '' });

/** Modeling results with only what the deltas read: the pay curve's payouts and roles, the total. */
function results(payouts: [id: string, role: string, payout: string][]): ModelingResults {
  const total = payouts.reduce((s, [, , p]) => s.plus(p), new Decimal(0)).toFixed(2);
  return {
    period: '2026-Q1',
    currency: 'USD',
    revenueMeasure: 'revenue',
    participants: fig(payouts.length),
    totalCost: fig(total),
    costByComponent: fig([]),
    costByRole: fig([]),
    creditedRevenue: fig('0.00'),
    costOfSales: fig(null),
    averagePayoutPct: fig(null),
    medianPayoutPct: fig(null),
    differentiation: fig({ p10: null, p50: null, p90: null, topDecileOverMedian: null, medianOverBottomDecile: null }),
    underThreshold: fig([]),
    tierCounts: fig([]),
    atCap: fig([]),
    attainmentHistogram: fig({ bins: [], noQuota: 0 }),
    payCurve: fig(payouts.map(([participantId, role, payout]) => ({ participantId, role, payout, attainment: null, payoutPct: null }))),
  };
}

const base = results([
  ['A', 'AE', '1000.00'],
  ['B', 'AE', '2000.00'],
  ['C', 'SE', '3000.10'],
  ['D', 'SE', '500.00'],
  ['E', 'AE', '0.00'],
  ['GONE', 'SE', '250.25'],
]);
const scenario = results([
  ['A', 'AE', '1000.00'], // unchanged
  ['B', 'AE', '2100.01'], // +100.01
  ['C', 'SE', '2000.00'], // −1000.10
  ['D', 'SE', '600.00'], // +100.00
  ['E', 'AE', '0.00'], // unchanged
  ['NEW', 'AE', '0.30'], // +0.30 (not in the base)
]);

describe('participant deltas against the base', () => {
  it('matches by id, counts a missing side as 0, and orders the largest gain first', () => {
    expect(participantDeltas(base, scenario)).toEqual([
      { participantId: 'B', role: 'AE', base: '2000.00', scenario: '2100.01', delta: '100.01' },
      { participantId: 'D', role: 'SE', base: '500.00', scenario: '600.00', delta: '100.00' },
      { participantId: 'NEW', role: 'AE', base: '0.00', scenario: '0.30', delta: '0.30' },
      { participantId: 'A', role: 'AE', base: '1000.00', scenario: '1000.00', delta: '0.00' },
      { participantId: 'E', role: 'AE', base: '0.00', scenario: '0.00', delta: '0.00' },
      { participantId: 'GONE', role: 'SE', base: '250.25', scenario: '0.00', delta: '-250.25' },
      { participantId: 'C', role: 'SE', base: '3000.10', scenario: '2000.00', delta: '-1000.10' },
    ]);
  });

  it('summarizes: counts, winners largest first, losers most negative first, the sum equals the difference of the totals', () => {
    const s = deltaSummary(base, scenario);
    expect({ winners: s.winners, losers: s.losers, unchanged: s.unchanged }).toEqual({ winners: 3, losers: 2, unchanged: 2 });
    expect(s.topWinners.map((d) => d.participantId)).toEqual(['B', 'D', 'NEW']);
    expect(s.topLosers.map((d) => d.participantId)).toEqual(['C', 'GONE']);
    expect(s.sum).toBe(new Decimal(scenario.totalCost.value).minus(base.totalCost.value).toFixed(2));
    expect(s.sum).toBe('-1050.04');
  });

  it('keeps the ten largest of each side, ties by participant id', () => {
    const many = Array.from({ length: 25 }, (_, i) => [`P${String(i).padStart(2, '0')}`, 'AE', '100.00'] as [string, string, string]);
    const up = results(many.map(([id, role, p], i) => [id, role, new Decimal(p).plus(i % 5 === 0 ? 0 : i % 2 ? i : -i).toFixed(2)]));
    const s = deltaSummary(results(many), up);
    expect(s.topWinners).toHaveLength(10);
    expect(s.topLosers).toHaveLength(10);
    const gains = s.topWinners.map((d) => Number(d.delta));
    expect(gains).toEqual([...gains].sort((a, b) => b - a));
    expect(gains[0]).toBe(23);
    const falls = s.topLosers.map((d) => Number(d.delta));
    expect(falls).toEqual([...falls].sort((a, b) => a - b));
    expect(falls[0]).toBe(-24);
    expect(s.winners + s.losers + s.unchanged).toBe(25);
    expect(s.sum).toBe(new Decimal(up.totalCost.value).minus(results(many).totalCost.value).toFixed(2));
    // equal deltas: by participant id
    const tie = summarizeDeltas([
      { participantId: 'Z', role: '', base: '0', scenario: '5', delta: '5' },
      { participantId: 'M', role: '', base: '0', scenario: '5', delta: '5' },
      { participantId: 'Y', role: '', base: '5', scenario: '0', delta: '-5' },
      { participantId: 'K', role: '', base: '5', scenario: '0', delta: '-5' },
    ]);
    expect(tie.topWinners.map((d) => d.participantId)).toEqual(['M', 'Z']);
    expect(tie.topLosers.map((d) => d.participantId)).toEqual(['K', 'Y']);
  });

  it('says nobody changed when the scenario pays everyone the same', () => {
    const s = deltaSummary(base, base);
    expect(s).toMatchObject({ winners: 0, losers: 0, unchanged: 6, sum: '0.00', topWinners: [], topLosers: [] });
  });
});
