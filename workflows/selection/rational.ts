/**
 * Exact fractions over BigInt for the selection's results: means of scores (thirds, sevenths ...) and
 * the weight at which two candidates tie are rarely finite decimals, so they are kept exact and only
 * rounded (half up, explicitly) when shown. Always normalised: the denominator is positive, gcd 1.
 */
export type Rational = { readonly n: bigint; readonly d: bigint };

const abs = (x: bigint) => (x < 0n ? -x : x);
const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [abs(a), abs(b)];
  while (y) [x, y] = [y, x % y];
  return x;
};

export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
  let [nn, dd] = [BigInt(n), BigInt(d)];
  if (dd === 0n) throw new RangeError('Division by zero');
  if (dd < 0n) [nn, dd] = [-nn, -dd];
  const g = gcd(nn, dd) || 1n;
  return { n: nn / g, d: dd / g };
}

/** A decimal string ("12.5", "-3", "0.25") read exactly. */
export function parseDecimal(text: string): Rational {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`Not a decimal: ${text}`);
  const frac = m[3] ?? '';
  const n = BigInt(`${m[2]}${frac}`) * (m[1] === '-' ? -1n : 1n);
  return rat(n, 10n ** BigInt(frac.length));
}

export const ZERO = rat(0);
export const add = (a: Rational, b: Rational) => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational) => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational) => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational) => rat(a.n * b.d, a.d * b.n);
export const neg = (a: Rational) => rat(-a.n, a.d);
export const cmp = (a: Rational, b: Rational) => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
export const eq = (a: Rational, b: Rational) => cmp(a, b) === 0;
export const absR = (a: Rational) => rat(abs(a.n), a.d);
export const sum = (xs: Rational[]) => xs.reduce(add, ZERO);

/** Rounded half up (away from zero) to `places` decimals, as text: 59/15 -> "3.93" at 2 places. */
export function toFixed(a: Rational, places = 2): string {
  const scale = 10n ** BigInt(places);
  const scaled = abs(a.n) * scale * 2n + a.d; // (|n| * scale + d/2) / d, in integers
  const q = scaled / (2n * a.d);
  const negative = a.n < 0n && q !== 0n;
  const digits = q.toString().padStart(places + 1, '0');
  const int = digits.slice(0, digits.length - places);
  const frac = places ? `.${digits.slice(-places)}` : '';
  return `${negative ? '-' : ''}${int}${frac}`;
}

/** "59/15" or "7" — the exact value, for a record that must not depend on rounding. */
export const toExact = (a: Rational) => (a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`);
