/**
 * Issue 13, Compare: per scenario, who gains and who loses against the base. The deltas of every
 * participant sum to the scenario's total cost minus the base's, to the cent; the CSV's rows are every
 * participant, ordered by the first scenario's delta, and agree with the page.
 */
import { describe, expect, it } from 'vitest';
import { toCsv } from '~/app/http/csv';
import { Decimal } from '~/engine';
import { createScenario } from '~/workflows/commands/create-scenario';
import { parseCsv } from '~/workflows/csv';
import { compareCsv, comparePage } from '~/workflows/modeling/scenarios';
import { modelingSetup } from '../support/modeling';
import { refusal } from '../support/refusal';

const _now = new Date('2026-11-30T12:00:00Z');

async function compareSetup() {
  const { db, demo, projectId, ctx, dataset, versionId } = await modelingSetup();
  const richer = createScenario(ctx, {
    projectId,
    name: 'Top tier 3 %',
    planVersionId: versionId,
    datasetId: dataset.id,
    tierComponentId: 'loan_commission',
    tierNumber: '3',
    tierRate: '0.03',
  });
  const tighter = createScenario(ctx, { projectId, name: 'Quotas +10 %, "tight"', planVersionId: versionId, datasetId: dataset.id, quotaPercent: '10' });
  return { db, demo, projectId, richer, tighter };
}

describe('compare: who gains and who loses (issue 13)', () => {
  it('per scenario, the deltas sum to the difference of the totals to the cent, winners and losers in order', async () => {
    const { db, demo, projectId, richer, tighter } = await compareSetup();
    const page = comparePage(db, demo.people.viewer, projectId, [richer.id, tighter.id]);
    expect(page.columns.map((c) => c.name)).toEqual(['Base', 'Top tier 3 %', 'Quotas +10 %, "tight"']);
    expect(page.columns[0]!.deltas).toBeNull();
    const total = page.figures.find((f) => f.label === 'Total incentive cost')!.values;
    for (const i of [1, 2]) {
      const d = page.columns[i]!.deltas!;
      expect(d, page.columns[i]!.name).not.toBeNull();
      expect(d.sum).toBe(new Decimal(total[i]!).minus(total[0]!).toFixed(2));
      expect(d.winners + d.losers + d.unchanged).toBe(80);
      expect(d.topWinners.length).toBe(Math.min(10, d.winners));
      expect(d.topLosers.length).toBe(Math.min(10, d.losers));
      for (const w of d.topWinners) expect(new Decimal(w.scenario).minus(w.base).toFixed(2)).toBe(w.delta);
      const gains = d.topWinners.map((w) => new Decimal(w.delta));
      for (let k = 1; k < gains.length; k++) expect(gains[k - 1]!.gte(gains[k]!)).toBe(true);
      const falls = d.topLosers.map((w) => new Decimal(w.delta));
      for (let k = 1; k < falls.length; k++) expect(falls[k - 1]!.lte(falls[k]!)).toBe(true);
    }
    // a richer top tier pays nobody less; harder quotas pay nobody more
    expect(page.columns[1]!.deltas!.losers).toBe(0);
    expect(page.columns[1]!.deltas!.winners).toBeGreaterThan(0);
    expect(page.columns[2]!.deltas!.winners).toBe(0);
    expect(page.columns[2]!.deltas!.losers).toBeGreaterThan(0);
    expect(page.columns.every((c) => c.curve?.points.length === 80 && c.curve.of === 80)).toBe(true);
  });

  it('the CSV has every participant, ordered by the first scenario’s delta, escaped headers, and agrees with the page', async () => {
    const { db, demo, projectId, richer, tighter } = await compareSetup();
    const csv = compareCsv(db, demo.people.viewer, projectId, [tighter.id, richer.id]);
    expect(csv.header).toEqual([
      'participant_id',
      'role',
      'base_payout',
      'Quotas +10 %, "tight" payout',
      'Quotas +10 %, "tight" delta',
      'Top tier 3 % payout',
      'Top tier 3 % delta',
    ]);
    const text = toCsv(csv.header, csv.rows);
    expect(text.split('\r\n')[0]).toBe(
      'participant_id,role,base_payout,"Quotas +10 %, ""tight"" payout","Quotas +10 %, ""tight"" delta",Top tier 3 % payout,Top tier 3 % delta',
    );
    const parsed = parseCsv(text);
    if ('error' in parsed) throw new Error(parsed.error);
    // (the reader lowercases header names)
    expect(parsed.header).toEqual(csv.header.map((h) => h.toLowerCase()));
    expect(parsed.records).toHaveLength(80);
    expect(new Set(csv.rows.map((r) => r[0])).size).toBe(80);
    const first = csv.rows.map((r) => new Decimal(r[4]!));
    for (let k = 1; k < first.length; k++) expect(first[k - 1]!.gte(first[k]!)).toBe(true);
    for (const r of csv.rows) {
      expect(new Decimal(r[3]!).minus(r[2]!).toFixed(2)).toBe(r[4]);
      expect(new Decimal(r[5]!).minus(r[2]!).toFixed(2)).toBe(r[6]);
    }
    const page = comparePage(db, demo.people.viewer, projectId, [tighter.id, richer.id]);
    const sumOf = (i: number) => csv.rows.reduce((s, r) => s.plus(r[i]!), new Decimal(0)).toFixed(2);
    expect(sumOf(4)).toBe(page.columns[1]!.deltas!.sum);
    expect(sumOf(6)).toBe(page.columns[2]!.deltas!.sum);
    // the last row is the largest fall (ties by participant id, so compare the amount)
    expect(csv.rows[csv.rows.length - 1]![4]).toBe(page.columns[1]!.deltas!.topLosers[0]!.delta);
    expect(csv.rows[0]![4]).toBe(page.columns[1]!.deltas!.topWinners[0]?.delta ?? '0.00');
  });

  it('a scenario of another project is not found', async () => {
    const { db, demo, richer } = await compareSetup();
    const other = demo.projects.contoso.id;
    expect((await refusal(() => compareCsv(db, demo.people.admin, other, [richer.id]))).code).toBe('not_found');
  });
});
