/**
 * The numbers the calculation works with: decimal.js (the reference) or Fx (the exact fast path),
 * behind one small interface so the rules are written once. A run uses one kind only; values enter
 * through the kit (`of`, `int`, `parse`, `micro`) and never mix.
 */
import type { D } from './decimal';
import { D as DecimalCtor } from './decimal';
import { Fx } from './fx';

/** The operations the rules use; decimal.js instances and Fx instances both have them. */
export interface Num {
  plus(y: Num): Num;
  minus(y: Num): Num;
  times(y: Num): Num;
  div(y: Num): Num;
  neg(): Num;
  abs(): Num;
  lt(y: Num): boolean;
  lte(y: Num): boolean;
  gt(y: Num): boolean;
  gte(y: Num): boolean;
  eq(y: Num): boolean;
  isZero(): boolean;
  isNegative(): boolean;
  decimalPlaces(): number;
  toFixed(dp?: number): string;
}

export interface Kit {
  name: 'decimal' | 'fast';
  ZERO: Num;
  ONE: Num;
  /** a decimal.js value from a plan or an input file */
  of(d: D): Num;
  int(n: number): Num;
  parse(s: string): Num;
  /** an exact integer number of millionths */
  micro(v: number): Num;
  round(x: Num, dp: number, mode: 'half_up' | 'half_even'): Num;
  min(a: Num, b: Num): Num;
  max(a: Num, b: Num): Num;
  /** back to decimal.js (for formatting traces) */
  toD(x: Num): D;
}

const asNum = (d: D) => d as unknown as Num;
const asD = (n: Num) => n as unknown as D;
const MILLION = new DecimalCtor(1_000_000);

export const decimalKit: Kit = {
  name: 'decimal',
  ZERO: asNum(new DecimalCtor(0)),
  ONE: asNum(new DecimalCtor(1)),
  of: asNum,
  int: (n) => asNum(new DecimalCtor(n)),
  parse: (s) => asNum(new DecimalCtor(s)),
  micro: (v) => asNum(new DecimalCtor(v).div(MILLION)),
  round: (x, dp, mode) => asNum(asD(x).toDecimalPlaces(dp, mode === 'half_even' ? DecimalCtor.ROUND_HALF_EVEN : DecimalCtor.ROUND_HALF_UP)),
  min: (a, b) => (a.lt(b) ? a : b),
  max: (a, b) => (a.gt(b) ? a : b),
  toD: asD,
};

const fxCache = new WeakMap<D, Fx>();
const asFx = (n: Num) => n as unknown as Fx;
const fxNum = (f: Fx) => f as unknown as Num;
const smallInts: Fx[] = [];
for (let i = 0; i <= 400; i++) smallInts.push(Fx.int(i));

export const fastKit: Kit = {
  name: 'fast',
  ZERO: fxNum(Fx.ZERO),
  ONE: fxNum(Fx.ONE),
  of(d) {
    let f = fxCache.get(d);
    if (f === undefined) {
      f = Fx.parse(d.toFixed());
      fxCache.set(d, f);
    }
    return fxNum(f);
  },
  int: (n) => fxNum(n >= 0 && n <= 400 && Number.isInteger(n) ? (smallInts[n] as Fx) : Fx.int(n)),
  parse: (s) => fxNum(Fx.parse(s)),
  micro: (v) => fxNum(Fx.fromScaled(v, 6)),
  round: (x, dp, mode) => fxNum(asFx(x).toDecimalPlaces(dp, mode)),
  min: (a, b) => (a.lt(b) ? a : b),
  max: (a, b) => (a.gt(b) ? a : b),
  toD: (x) => new DecimalCtor(x.toFixed()),
};

/** a decimal string for output: plain notation and never "-0" */
export function str(x: Num, dp?: number): string {
  const s = x.toFixed(dp);
  return s.charCodeAt(0) === 45 && /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

const memos = new Map<Kit, WeakMap<object, unknown>>();

/** A value derived from a plan object once per kind of number (e.g. its tiers as Num), then reused. */
export function memo<T>(kit: Kit, key: object, make: () => T): T {
  let m = memos.get(kit);
  if (!m) {
    m = new WeakMap();
    memos.set(kit, m);
  }
  let v = m.get(key) as T | undefined;
  if (v === undefined) {
    v = make();
    m.set(key, v);
  }
  return v;
}
