/** Fx (BigInt decimal) gives exactly what the engine's decimal.js configuration gives, operation by operation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D } from '../../engine/decimal';
import { Fx } from '../../engine/fx';

// Mantissas of several sizes: small (most money), on both sides of 2^53 (where any representation
// using doubles for speed must hand over to BigInt: decision 0017 records one tried), and up to 30
// digits. Uniform draws up to 10^30 almost never give a small one.
const SAFE = 2n ** 53n;
const mantissa = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 7n }),
  fc.bigInt({ min: 0n, max: SAFE * 2n }),
  fc.bigInt({ min: SAFE - 100_000n, max: SAFE + 100_000n }),
  fc.bigInt({ min: 0n, max: 10n ** 30n }),
);
const decimalText = fc.tuple(fc.boolean(), mantissa, fc.integer({ min: 0, max: 20 })).map(([neg, m, e]) => {
  const s = m.toString().padStart(e + 1, '0');
  const t = e > 0 ? `${s.slice(0, s.length - e)}.${s.slice(s.length - e)}` : s;
  return neg && m !== 0n ? `-${t}` : t;
});

describe('Fx equals decimal.js (precision 40, half-up)', () => {
  it('plus, minus, times, div, comparisons, rounding and printing', () => {
    fc.assert(
      fc.property(decimalText, decimalText, fc.integer({ min: 0, max: 6 }), (a, b, dp) => {
        const fa = Fx.parse(a);
        const fb = Fx.parse(b);
        const da = new D(a);
        const db = new D(b);
        // decimal.js keeps a negative zero ("-0.00"); the engine prints zero without a sign in both paths
        const z = (t: string) => (/^-0(\.0*)?$/.test(t) ? t.slice(1) : t);
        const same = (f: Fx, d: InstanceType<typeof D>) => expect(z(f.toFixed())).toBe(z(d.toFixed()));
        same(fa.plus(fb), da.plus(db));
        same(fa.minus(fb), da.minus(db));
        same(fa.times(fb), da.times(db));
        same(fa.times(fb).times(fa), da.times(db).times(da));
        if (!db.isZero()) {
          same(fa.div(fb), da.div(db));
          same(fa.div(fb).times(fb), da.div(db).times(db));
        }
        expect(fa.cmp(fb)).toBe(da.cmp(db));
        same(fa.toDecimalPlaces(dp, 'half_up'), da.toDecimalPlaces(dp, D.ROUND_HALF_UP));
        same(fa.toDecimalPlaces(dp, 'half_even'), da.toDecimalPlaces(dp, D.ROUND_HALF_EVEN));
        expect(z(fa.toFixed(dp))).toBe(z(da.toFixed(dp)));
        expect(fa.decimalPlaces()).toBe(da.decimalPlaces());
      }),
      { numRuns: 6000 },
    );
  });
  it('quotients that are short decimals equal decimal.js, digit for digit', () => {
    const divisor = fc.constantFrom('1', '2', '4', '5', '8', '16', '3125', '1000', '0.5', '0.25', '0.001', '-4', '0.2', '3', '7', '12');
    fc.assert(
      fc.property(decimalText, divisor, (a, b) => {
        const fa = Fx.parse(a);
        const fb = Fx.parse(b);
        const product = fa.times(fb);
        // a quotient of any value, and the exact quotient of a product by one of its factors
        for (const [x, y] of [
          [fa, fb],
          [product, fb],
        ] as const) {
          const d = new D(x.toFixed()).div(new D(y.toFixed()));
          expect(x.div(y).toFixed()).toBe(/^-0(\.0*)?$/.test(d.toFixed()) ? '0' : d.toFixed());
          expect(x.div(y).decimalPlaces()).toBe(d.decimalPlaces());
        }
      }),
      { numRuns: 3000 },
    );
    expect(Fx.int(35300).div(Fx.int(4)).toFixed()).toBe('8825');
    expect(Fx.parse('19742.72').div(Fx.int(1000)).toFixed()).toBe('19.74272');
    expect(Fx.parse('123').div(Fx.parse('0.001')).toFixed()).toBe('123000');
    expect(Fx.parse('0.30').div(Fx.parse('0.1')).toFixed(2)).toBe('3.00');
  });
  it('half-cent cases', () => {
    for (const [x, up, even] of [
      ['5.005', '5.01', '5.00'],
      ['5.015', '5.02', '5.02'],
      ['-5.005', '-5.01', '-5.00'],
      ['2.675', '2.68', '2.68'],
    ] as const) {
      expect(Fx.parse(x).toDecimalPlaces(2, 'half_up').toFixed(2)).toBe(up);
      expect(Fx.parse(x).toDecimalPlaces(2, 'half_even').toFixed(2)).toBe(even);
    }
  });
  it('repeating divisions keep 40 significant digits', () => {
    expect(Fx.int(1).div(Fx.int(3)).toFixed()).toBe(new D(1).div(3).toFixed());
    expect(Fx.parse('41234.57').div(Fx.int(12)).toFixed()).toBe(new D('41234.57').div(12).toFixed());
    expect(Fx.parse('2').div(Fx.parse('0.0003')).toFixed()).toBe(new D('2').div('0.0003').toFixed());
  });
});
