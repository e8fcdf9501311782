/** The seeded modeling dataset generator (issue 13): deterministic, accepted by the engine, limits stated. */
import { describe, expect, it } from 'vitest';
import { DomainError } from '~/workflows/errors';
import type { GenerateSpec } from '~/workflows/modeling/generate';
import { generateDataset, mulberry32 } from '~/workflows/modeling/generate';
import { checkDataset, runEngine } from '~/workflows/testing/engine-run';
import { commercialBankerPlan } from '../../seeds/northwind-plans';

const planDocument = JSON.stringify(commercialBankerPlan);
const spec = (over: Partial<GenerateSpec> = {}): GenerateSpec => ({
  planDocument,
  period: '2026-Q1',
  seed: 42,
  roles: [
    { role: 'Banker', count: 30, targetIncentive: '40000', quotas: { loan_bookings: '1000000' } },
    { role: 'Senior banker', count: 10, targetIncentive: '60000', quotas: { loan_bookings: '1500000' } },
  ],
  attainment: { kind: 'normal', mean: 1, spread: 0.25 },
  transactionsPerParticipant: 7,
  ...over,
});
const messageOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('generateDataset', () => {
  it('the same seed gives byte-identical CSVs; another seed differs', () => {
    const a = generateDataset(spec());
    const b = generateDataset(spec());
    expect(b.participantsCsv).toBe(a.participantsCsv);
    expect(b.quotasCsv).toBe(a.quotasCsv);
    expect(b.transactionsCsv).toBe(a.transactionsCsv);
    const c = generateDataset(spec({ seed: 43 }));
    expect(c.participantsCsv).toBe(a.participantsCsv);
    expect(c.transactionsCsv).not.toBe(a.transactionsCsv);
  });

  it('mulberry32 is a fixed sequence', () => {
    const r = mulberry32(1);
    const first = [r(), r(), r()];
    const again = mulberry32(1);
    expect([again(), again(), again()]).toEqual(first);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
  });

  it('the engine accepts the dataset and credits quota x attainment to each participant', () => {
    const d = generateDataset(spec());
    expect(checkDataset(planDocument, d)).toEqual([]);
    const run = runEngine(planDocument, d, { explain: false });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.totals).toHaveLength(40);
    expect(d.participantsCsv.split('\n')[1]).toBe('P00001,Participant 1,NW-CB-2026,Banker,,40000,,,USD');
    expect(d.transactionsCsv.trim().split('\n')).toHaveLength(1 + 40 * 7);
    // P00001's 7 transactions add up to 1,000,000 x its attainment, to the cent
    const rows = d.transactionsCsv.split('\n').filter((l) => l.startsWith('P00001-'));
    const cents = rows.reduce((s, l) => s + Math.round(Number(l.split(',')[3]) * 100), 0);
    expect(cents).toBe(Math.round(Number(d.attainments[0]) * 1_000_000 * 100));
  });

  it('the mean attainment of 20,000 draws is within 0.01 of the stated mean (standard error 0.25 / sqrt(20,000) = 0.0018)', () => {
    const d = generateDataset(
      spec({ roles: [{ role: 'Banker', count: 20000, targetIncentive: '40000', quotas: { loan_bookings: '1000000' } }], transactionsPerParticipant: 1 }),
    );
    const mean = d.attainments.reduce((s, a) => s + Number(a), 0) / d.attainments.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.01);
    expect(d.attainments.every((a) => Number(a) >= 0)).toBe(true);
  });

  it('takes a historical attainment list instead of the distribution, in order and cycling', () => {
    const d = generateDataset(spec({ attainment: { kind: 'historical', csv: 'participant_id,attainment\nX1,0.5\nX2,1.25\n' } }));
    expect(d.attainments.slice(0, 3)).toEqual(['0.5000', '1.2500', '0.5000']);
    // P00002: 1,000,000 x 1.25 = 1,250,000 over 7 transactions: 178,571.42 x 7 = 1,249,999.94, 6 cents to the first 6
    const rows = d.transactionsCsv.split('\n').filter((l) => l.startsWith('P00002-'));
    expect(rows.map((l) => l.split(',')[3])).toEqual(['178571.43', '178571.43', '178571.43', '178571.43', '178571.43', '178571.43', '178571.42']);
    expect(messageOf(() => generateDataset(spec({ attainment: { kind: 'historical', csv: 'participant_id,attainment\nX1,abc\nX2,-1\n' } })))).toMatch(
      /line 2: attainment "abc".*line 3: attainment "-1"/,
    );
  });

  it('refuses what is over the limits or wrong, with clear messages', () => {
    const big = { role: 'Banker', count: 20001, targetIncentive: '1', quotas: { loan_bookings: '1' } };
    expect(messageOf(() => generateDataset(spec({ roles: [big] })))).toMatch(/participants must number 1 to 20,000 in all \(asked: 20,001\)/);
    expect(messageOf(() => generateDataset(spec({ roles: [{ ...big, count: 10000 }], transactionsPerParticipant: 101 })))).toMatch(
      /at most 1,000,000 transactions in all \(asked: 10,000 x 101 = 1,010,000\)/,
    );
    expect(messageOf(() => generateDataset(spec({ seed: -1 })))).toMatch(/seed must be an integer/);
    expect(messageOf(() => generateDataset(spec({ period: '2026-03' })))).toMatch(/pays by quarter; 2026-03 is a month/);
    expect(messageOf(() => generateDataset(spec({ attainment: { kind: 'normal', mean: 1, spread: -1 } })))).toMatch(/spread must be from 0 to 5/);
    expect(messageOf(() => generateDataset(spec({ roles: [{ role: 'Banker', count: 1, targetIncentive: 'x', quotas: {} }] })))).toMatch(
      /target incentive "x".*quota for the revenue measure loan_bookings is required/,
    );
  });
});
