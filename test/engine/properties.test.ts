/**
 * Acceptance 2: laws that hold for any input (fast-check).
 *  - marginal tiers equal the piecewise integral of the rate over [0, x];
 *  - split credit is conserved (credits of all members add up to the transaction amount);
 *  - a cap is never exceeded (component and total caps);
 *  - a non-decreasing payout curve gives non-decreasing pay;
 *  - flat tier amounts are monotone: a larger basis never pays less when the amounts ascend;
 *  - a step curve never decreases when its steps ascend (either choice beyond the last point);
 *  - n components of "1/n" each add up to the whole target, to the cent, for any amount;
 *  - proration by whole months (or working days) over a full period equals the unprorated figure, and
 *    a year split at month starts into consecutive assignments adds up to the whole year's months;
 *  - a draw recovered never exceeds earnings, and the balance owed is what was advanced less what was
 *    recovered (advance and top-up draws, any limit);
 *  - a multiplier's line is (factor - 1) x the lines it names, and a factor of at least 1 never lowers pay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, formatDate, prorationUnits } from '../../engine/dates';
import { Decimal } from '../../engine/index';
import type { Num } from '../../engine/num';
import { decimalKit, fastKit } from '../../engine/num';
import { applyTable } from '../../engine/tiers';
import { docPlan, line, plan, rateTable, run, total, tx } from './helpers';

const cents = (n: number) => (n / 100).toFixed(2);
const bp = (n: number) => (n / 10000).toFixed(4);

describe('marginal tiers equal the piecewise integral', () => {
  it('for random tier tables and amounts', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 50_000_000 }), { minLength: 0, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 0, max: 80_000_000 }),
        (bounds, rates, xCents) => {
          const froms = [0, ...bounds.sort((a, b) => a - b)];
          const tiers = froms.map((f, i) => ({ from: decimalKit.parse(cents(f)), rate: decimalKit.parse(bp(rates[i] as number)), label: '' }));
          const x: Num = decimalKit.parse(cents(xCents));
          const pay = applyTable(decimalKit, 'marginal', 'higher', tiers, x, 2, null).pay;
          // the integral: walk the real line in one-cent steps is too slow; integrate the step function
          // exactly segment by segment, from the breakpoints up to x, in integer cents and basis points
          let integralCentsBp = 0n;
          for (let i = 0; i < froms.length; i++) {
            const lo = BigInt(froms[i] as number);
            const hi = BigInt(i + 1 < froms.length ? (froms[i + 1] as number) : Number.MAX_SAFE_INTEGER);
            const X = BigInt(xCents);
            const len = X <= lo ? 0n : (X < hi ? X : hi) - lo;
            integralCentsBp += len * BigInt(rates[i] as number);
          }
          expect(new Decimal(pay.toFixed()).eq(new Decimal(integralCentsBp.toString()).div(1_000_000))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('split credit is conserved', () => {
  it('members credits add up to the amount for any split of 2 to 4 people (shares to 4 decimals)', () => {
    const people = ['a1', 'a2', 'a3', 'a4'];
    const participants = people.map((p) => `${p},${p},P,ae,,40000,,,USD`);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10000 }), { minLength: 2, maxLength: 4 }),
        fc.array(fc.integer({ min: -1_000_000, max: 100_000_000 }), { minLength: 1, maxLength: 5 }),
        (weights, amounts) => {
          // shares in basis points of 1/10000 that add up to exactly 10000
          const sum = weights.reduce((s, w) => s + w, 0);
          const shares = weights.map((w) => Math.floor((w * 10000) / sum));
          shares[0] = (shares[0] as number) + 10000 - shares.reduce((s, x) => s + x, 0);
          const split = shares.map((s, i) => `${people[i]}:${bp(s)}`).join(';');
          const txs = amounts.map((a, i) => tx(`T${i}`, '2026-01-10', 'a1', cents(a), { split }));
          const r = run({
            plans: [plan([rateTable({ tiers: [{ from: 0, rate: 0.1 }] })])],
            participants,
            transactions: txs,
            period: '2026-Q1',
            explain: false,
          });
          const credited = r.lines.filter((l) => l.componentId === 'commission').reduce((s, l) => s.plus(l.basis ?? '0'), new Decimal(0));
          const booked = amounts.reduce((s, a) => s.plus(cents(a)), new Decimal(0));
          expect(credited.toFixed()).toBe(booked.toFixed());
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('a cap is never exceeded', () => {
  it('component caps (amount or share of target) and the total cap hold for any credit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 30000 }),
        fc.integer({ min: 0, max: 3_000_000 }),
        fc.constantFrom('marginal', 'retroactive', 'interpolated'),
        fc.boolean(),
        (creditCents, capCents, capShareBp, totalCapCents, method, byShare) => {
          const cap = byShare ? { kind: 'share_of_target_incentive', share: bp(capShareBp) } : { kind: 'amount', amount: cents(capCents) };
          const p = plan([rateTable({ method, cap }), rateTable({ id: 'second', method: 'retroactive' })], {
            totalCap: { kind: 'amount', amount: cents(totalCapCents) },
          });
          const r = run({
            plans: [p],
            participants: ['a1,Ann,P,ae,,41234.57,,,USD'],
            transactions: [tx('T1', '2026-02-01', 'a1', cents(creditCents))],
            period: '2026-Q1',
            explain: false,
          });
          // the cap value rounded to the cent the way the plan rounds (target incentive shares can have more decimals)
          const capValue = byShare ? new Decimal('41234.57').div(4).times(bp(capShareBp)) : new Decimal(cents(capCents));
          expect(new Decimal(line(r, 'a1', 'commission').amount).lte(capValue.toDecimalPlaces(2, Decimal.ROUND_HALF_UP))).toBe(true);
          expect(new Decimal(total(r, 'a1')).lte(cents(totalCapCents))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('a non-decreasing payout curve gives non-decreasing pay', () => {
  it('for random curves, thresholds and accelerator/decelerator bands', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { minLength: 2, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 150 }),
        fc.array(fc.record({ from: fc.integer({ min: 0, max: 250 }), width: fc.integer({ min: 1, max: 100 }), mult: fc.integer({ min: 0, max: 300 }) }), {
          maxLength: 2,
        }),
        fc.integer({ min: 0, max: 40_000_000 }),
        fc.integer({ min: 0, max: 40_000_000 }),
        (atts, steps, threshold, rawBands, c1, c2) => {
          const sorted = atts.sort((a, b) => a - b);
          let acc = 0;
          const curve = sorted.map((a, i) => {
            acc += steps[i] as number;
            return { attainment: (a / 100).toString(), payout: (acc / 100).toString() };
          });
          // bands must not overlap: lay them out one after another
          let at = 0;
          const bands = rawBands.map((b) => {
            const from = Math.max(at, b.from);
            at = from + b.width;
            return { from: (from / 100).toString(), to: (at / 100).toString(), multiplier: (b.mult / 100).toString() };
          });
          const bonus = {
            id: 'bonus',
            type: 'attainment_bonus',
            measure: 'sales',
            scope: 'period',
            targetShare: 0.5,
            threshold: threshold / 100,
            curve,
            bands,
          };
          const lo = Math.min(c1, c2);
          const hi = Math.max(c1, c2);
          const r = run({
            plans: [plan([bonus])],
            participants: ['a1,A,P,ae,,40000,,,USD', 'a2,B,P,ae,,40000,,,USD'],
            quotas: ['a1,sales,2026-Q1,100000', 'a2,sales,2026-Q1,100000'],
            transactions: [tx('T1', '2026-01-10', 'a1', cents(lo)), tx('T2', '2026-01-10', 'a2', cents(hi))],
            period: '2026-Q1',
            explain: false,
          });
          expect(new Decimal(line(r, 'a1', 'bonus').amount).lte(line(r, 'a2', 'bonus').amount)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('flat tier amounts are monotone', () => {
  it('a larger basis never pays less when the amounts ascend (either boundary rule, fast path equal to decimal.js)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 50_000_000 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 500_000 }), { minLength: 5, maxLength: 5 }),
        fc.constantFrom('higher', 'lower') as fc.Arbitrary<'higher' | 'lower'>,
        fc.integer({ min: -1_000_000, max: 80_000_000 }),
        fc.integer({ min: -1_000_000, max: 80_000_000 }),
        (bounds, raises, boundary, a, b) => {
          const froms = bounds.sort((x, y) => x - y);
          let acc = 0;
          const amounts = froms.map((_, i) => (acc += raises[i] as number));
          const pays = (K: typeof decimalKit, xCents: number) =>
            applyTable(
              K,
              'retroactive',
              boundary,
              froms.map((f, i) => ({ from: K.parse(cents(f)), rate: K.ZERO, amount: K.parse(cents(amounts[i] as number)), label: '' })),
              K.parse(cents(xCents)),
              2,
              null,
            ).pay;
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(pays(decimalKit, lo).lte(pays(decimalKit, hi))).toBe(true);
          // a bound value itself: on it, at least what just below it pays
          for (const f of froms) if (f > 0) expect(pays(decimalKit, f - 1).lte(pays(decimalKit, f))).toBe(true);
          expect(pays(fastKit, hi).toFixed()).toBe(pays(decimalKit, hi).toFixed());
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a step curve never decreases when its steps ascend', () => {
  it('for random curves mixing steps and straight segments, flat or extended beyond the last point', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { minLength: 2, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 40_000_000 }),
        fc.integer({ min: 0, max: 40_000_000 }),
        fc.constantFrom('fast', 'decimal') as fc.Arbitrary<'fast' | 'decimal'>,
        (atts, rises, steps, extend, c1, c2, arithmetic) => {
          const sorted = atts.sort((a, b) => a - b);
          let acc = 0;
          const curve = sorted.map((a, i) => {
            acc += rises[i] as number;
            // no step on the first point; none on the last when the slope is extended
            const step = i > 0 && (steps[i] as boolean) && !(extend && i === sorted.length - 1);
            return { attainment: (a / 100).toString(), payout: (acc / 100).toString(), ...(step ? { step: true } : {}) };
          });
          const bonus = {
            id: 'bonus',
            type: 'attainment_bonus',
            measure: 'sales',
            scope: 'period',
            targetShare: 0.5,
            curve,
            beyondLast: extend ? 'extend_slope' : 'flat',
          };
          const lo = Math.min(c1, c2);
          const hi = Math.max(c1, c2);
          // the credits compared: two random ones, and each step point and one cent below it (quota 100,000: 1% = 1,000.00)
          const pairs: [number, number][] = [[lo, hi]];
          for (const p of curve) if (p.step) pairs.push([Math.round(Number(p.attainment) * 10_000_000) - 1, Math.round(Number(p.attainment) * 10_000_000)]);
          const people = pairs.flatMap((_, i) => [`l${i}`, `h${i}`]);
          const r = run({
            plans: [plan([bonus])],
            participants: people.map((p) => `${p},${p},P,ae,,40000,,,USD`),
            quotas: people.map((p) => `${p},sales,2026-Q1,100000`),
            transactions: pairs.flatMap(([a, b], i) => [
              tx(`L${i}`, '2026-01-10', `l${i}`, cents(Math.max(a, 0))),
              tx(`H${i}`, '2026-01-10', `h${i}`, cents(b)),
            ]),
            period: '2026-Q1',
            explain: false,
            arithmetic,
          });
          pairs.forEach((_, i) => {
            expect(new Decimal(line(r, `l${i}`, 'bonus').amount).lte(line(r, `h${i}`, 'bonus').amount)).toBe(true);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('thirds sum to the whole', () => {
  it('n components worth "1/n" each (n = 2..7) at full payout add up to the target incentive for any amount in cents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.constantFrom('fast', 'decimal') as fc.Arbitrary<'fast' | 'decimal'>,
        (n, tiCents, arithmetic) => {
          const parts = Array.from({ length: n }, (_, i) => ({
            id: `part${i}`,
            type: 'attainment_bonus',
            measure: 'sales',
            scope: 'period',
            targetShare: `1/${n}`,
            curve: [
              { attainment: 0, payout: 0 },
              { attainment: 1, payout: 1 },
            ],
          }));
          const r = run({
            plans: [plan(parts, { targetIncentive: { basis: 'per_period' } })],
            participants: [`a1,A,P,ae,,${cents(tiCents)},,,USD`],
            quotas: ['a1,sales,2026-Q1,1000'],
            transactions: [tx('T1', '2026-01-10', 'a1', '1000.00')],
            period: '2026-Q1',
            explain: false,
            arithmetic,
          });
          const amounts = parts.map((p) => new Decimal(line(r, 'a1', p.id).amount));
          expect(amounts.reduce((a, b) => a.plus(b), new Decimal(0)).toFixed(2)).toBe(cents(tiCents));
          expect(total(r, 'a1')).toBe(cents(tiCents));
          // every line is within one cent of its exact share
          for (const a of amounts)
            expect(
              a
                .minus(new Decimal(cents(tiCents)).div(n))
                .abs()
                .lte('0.01'),
            ).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('proration by months over a full period equals the unprorated figure', () => {
  it('a participant active over the whole quarter (from any earlier start to any later end) is paid as without proration', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.option(fc.integer({ min: 0, max: 400 })),
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.constantFrom('whole_months', 'working_days'),
        (before, after, creditCents, method) => {
          const start = formatDate(dayOf(2026, 1, 1) - before);
          const end = after === null ? '' : formatDate(dayOf(2026, 3, 31) + after);
          const bonus = {
            id: 'bonus',
            type: 'attainment_bonus',
            measure: 'sales',
            scope: 'period',
            targetShare: 0.5,
            curve: [
              { attainment: 0, payout: 0 },
              { attainment: 2, payout: 3 },
            ],
          };
          const pay = (m: string) =>
            line(
              run({
                plans: [plan([bonus], { proration: { method: m } })],
                participants: [`a1,A,P,ae,,40000,${start},${end},USD`],
                quotas: ['a1,sales,2026-Q1,100000'],
                transactions: [tx('T1', '2026-02-10', 'a1', cents(creditCents))],
                period: '2026-Q1',
                explain: false,
              }),
              'a1',
              'bonus',
            ).amount;
          expect(pay(method)).toBe(pay('none'));
        },
      ),
      { numRuns: 60 },
    );
  });
  it('months of consecutive assignments split at any days add up to the months of the period', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 364 }), { maxLength: 4 }), (cuts) => {
        const start = dayOf(2026, 1, 1);
        const end = dayOf(2026, 12, 31);
        const bounds = [start, ...cuts.sort((a, b) => a - b).map((c) => start + c), end + 1];
        let months = 0;
        for (let i = 0; i + 1 < bounds.length; i++)
          months += (prorationUnits('whole_months', start, end, bounds[i] as number, (bounds[i + 1] as number) - 1) as [number, number])[0];
        expect(months).toBe(12);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a draw recovered never exceeds earnings', () => {
  it('over four quarters of random earnings, for advance and top-up recoverable draws with any limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -2_000_000, max: 20_000_000 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom('advance', 'top_up'),
        fc.option(
          fc.oneof(
            fc.integer({ min: 0, max: 500_000 }).map((c) => ({ kind: 'amount', amount: cents(c) })),
            fc.integer({ min: 0, max: 10_000 }).map((b) => ({ kind: 'share_of_earnings', share: bp(b) })),
          ),
        ),
        (sales, drawCents, payment, limit) => {
          const p = {
            ...docPlan('ADVANCE-2026'),
            draw: { kind: 'recoverable', payment, amountPerPeriod: cents(drawCents), ...(limit ? { recoveryLimit: limit } : {}) },
          };
          const transactions = sales.map((c, i) => tx(`S${i}`, `2026-${String(i * 3 + 2).padStart(2, '0')}-01`, 'a1', cents(c)));
          const r = run({ plans: [p], participants: ['a1,Ann Able,P,ae,,40000,,,USD'], transactions, period: '2026-Q1..2026-Q4', explain: false });
          let owed = new Decimal(0);
          for (const q of ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']) {
            const earnings = new Decimal(line(r, 'a1', 'commission', q).amount);
            const draw = new Decimal(line(r, 'a1', 'draw', q).amount);
            const recovered =
              payment === 'advance' ? new Decimal(line(r, 'a1', 'draw_recovery', q).amount).neg() : draw.isNegative() ? draw.neg() : new Decimal(0);
            const advanced = payment === 'advance' ? draw : draw.isPositive() ? draw : new Decimal(0);
            expect(recovered.lte(Decimal.max(earnings, 0))).toBe(true);
            expect(recovered.gte(0)).toBe(true);
            owed = owed.plus(advanced).minus(recovered);
            expect(line(r, 'a1', 'draw', q).balance).toBe(owed.toFixed(2));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('a multiplier scales the lines it names', () => {
  it('adds (factor - 1) x the named lines, and never lowers pay when every factor is at least 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30_000_000 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 100, max: 400 }),
        (revenueCents, logos, factorPct) => {
          const p = docPlan('KICKER-2026');
          p.multipliers = [
            { id: 'kicker', measure: 'revenue', components: ['revenue_bonus', 'logo_bonus'], steps: [{ from: 1.1, factor: (factorPct / 100).toFixed(2) }] },
          ];
          const transactions = [
            tx('R', '2026-02-01', 'a1', cents(revenueCents)),
            ...Array.from({ length: logos }, (_, i) => tx(`L${i}`, '2026-02-02', 'a1', '0.00', { type: 'logo' })),
          ];
          const r = run({
            plans: [p],
            participants: ['a1,Ann Able,P,ae,,40000,,,USD'],
            quotas: ['a1,revenue,2026-Q1,100000', 'a1,logos,2026-Q1,4'],
            transactions,
            period: '2026-Q1',
            explain: false,
          });
          const named = new Decimal(line(r, 'a1', 'revenue_bonus').amount).plus(line(r, 'a1', 'logo_bonus').amount);
          const factor = revenueCents >= 11_000_000 ? new Decimal(factorPct).div(100) : new Decimal(1);
          expect(line(r, 'a1', 'kicker').amount).toBe(named.times(factor.minus(1)).toFixed(2));
          expect(new Decimal(total(r, 'a1')).gte(named)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
