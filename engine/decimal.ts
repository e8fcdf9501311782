/**
 * Decimal arithmetic for the engine: a private clone of decimal.js so that nothing the portal does to
 * the global Decimal configuration changes a payout. Precision 40 significant digits is far beyond
 * any money amount; divisions (attainment, interpolation, proration) are the only inexact operations
 * and they are carried at 40 digits until the explicit rounding step of the plan.
 */
import DecimalJs from 'decimal.js';

export const D = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type D = InstanceType<typeof D>;

export const ZERO = new D(0);
export const ONE = new D(1);

export function dec(x: string | number | D): D {
  return new D(x);
}

/** Canonical plain string of a decimal (no exponent, no trailing zeros beyond what decimal.js keeps). */
export function s(x: D): string {
  return x.toFixed();
}

/** Money for humans: thousands separators, at least the currency's minor unit of decimals. */
export function fmtMoney(v: D | { toFixed(dp?: number): string }, minorUnit: number): string {
  const x = v instanceof D ? v : new D(v.toFixed());
  const dp = Math.max(minorUnit, x.decimalPlaces());
  const fixed = x.toFixed(dp);
  const neg = fixed.startsWith('-');
  const body = neg ? fixed.slice(1) : fixed;
  const [int = '0', frac] = body.split('.');
  const withSep = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${withSep}${frac !== undefined ? `.${frac}` : ''}`;
}

/** A fraction shown as a percentage: 0.0525 -> "5.25%". */
export function fmtPct(v: D | { toFixed(dp?: number): string }): string {
  const x = v instanceof D ? v : new D(v.toFixed());
  const p = x.times(100);
  const dp = Math.min(p.decimalPlaces(), 6);
  return `${p.toDecimalPlaces(dp).toFixed()}%`;
}
