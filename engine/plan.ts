/**
 * Plan validation and compilation: JSON -> zod-checked document -> plan with exact decimals.
 */

import type { PeriodKind, ProrationMethod } from './dates';
import { parseDate } from './dates';
import { type D, dec } from './decimal';
import type { CapDoc, ComponentDoc, FilterDoc, PlanDoc } from './schema';
import { formatPath, isFraction, Plan, semanticIssues } from './schema';

export interface PlanError {
  path: string;
  message: string;
}

export type Filter = {
  products: Set<string> | null;
  types: Set<string> | null;
  dateFrom: number | null;
  dateTo: number | null;
};

export type Cap = { kind: 'amount'; amount: D } | { kind: 'share_of_target_incentive'; share: D };

export interface Gate {
  measure: string;
  minAttainment: D;
  scope: 'period' | 'ptd';
  whenClosed: Cap;
}

interface Base {
  id: string;
  name: string;
  cap: Cap | null;
  gate: Gate | null;
}

export interface RateTable extends Base {
  type: 'rate_table';
  measure: string;
  basis: 'amount' | 'attainment';
  method: 'marginal' | 'retroactive' | 'interpolated';
  boundary: 'higher' | 'lower';
  scope: 'transaction' | 'period' | 'ptd';
  negativeTrueUp: 'pay' | 'floor_at_zero';
  /** rate: each tier has a rate; amount: each tier pays a flat amount (retroactive only) */
  pays: 'rate' | 'amount';
  /** `amount` is set for a flat-amount table (then `rate` is 0) */
  tiers: { from: D; rate: D; amount: D | null }[];
}

export interface AttainmentBonus extends Base {
  type: 'attainment_bonus';
  measure: string;
  scope: 'period' | 'ptd';
  targetShare: D;
  /** targetShare was written as a fraction ("1/3"): the line takes part in the remainder rule of fraction shares */
  fractionShare: boolean;
  threshold: D;
  /** step: the curve jumps at this point (flat at the previous payout up to just below it) */
  curve: { attainment: D; payout: D; step: boolean }[];
  beyondLast: 'flat' | 'extend_slope';
  bands: { from: D; to: D | null; multiplier: D }[];
}

export interface Spif extends Base {
  type: 'spif';
  filter: Filter;
  windowFrom: number;
  windowTo: number;
  pay: { kind: 'per_unit'; amount: D } | { kind: 'percent_of_amount'; rate: D };
}

export interface Referral extends Base {
  type: 'referral';
  transactionType: string;
  filter: Filter;
  amountPerReferral: D;
  maxPerPeriod: number | null;
}

export interface Mbo extends Base {
  type: 'mbo';
  targetShare: D;
  /** targetShare was written as a fraction ("1/3") */
  fractionShare: boolean;
  maxScore: D;
  objectives: { id: string; name: string; weight: D }[];
}

export type Component = RateTable | AttainmentBonus | Spif | Referral | Mbo;

/** A plan-level rule scaling other components' lines by a measure's attainment (applied in plan order). */
export interface Multiplier {
  id: string;
  name: string;
  measure: string;
  scope: 'period' | 'ptd';
  components: string[];
  steps: { from: D; factor: D }[];
}

export interface Measure {
  id: string;
  name: string;
  source: 'amount' | 'quantity' | 'count';
  shareBasis: 'credit' | 'payout';
  filter: Filter;
}

export interface CompiledPlan {
  id: string;
  name: string;
  currency: string;
  minorUnit: number;
  periodKind: PeriodKind;
  /** two_weeks: the first day of one cycle (a day number); 0 for other kinds */
  periodAnchor: number;
  targetIncentiveBasis: 'annual' | 'per_period';
  rounding: { mode: 'half_up' | 'half_even'; point: 'line' | 'total' };
  allowOverlay: boolean;
  /** when a transaction credits: in the period of its date, or of its paid_date */
  creditOn: 'booking' | 'collection';
  rollup: { enabled: boolean; depth: number | null };
  proration: { method: ProrationMethod; targetIncentive: boolean; quota: boolean; draw: boolean };
  measures: Measure[];
  components: Component[];
  totalCap: Cap | null;
  multipliers: Multiplier[];
  draw: {
    kind: 'non_recoverable' | 'recoverable';
    payment: 'top_up' | 'advance';
    amountPerPeriod: D;
    recoveryLimit: { kind: 'amount'; amount: D } | { kind: 'share_of_earnings'; share: D } | null;
  } | null;
  clawback: { windowDays: number; method: 'full' | 'prorated'; reverseAttainment: boolean } | null;
  exitClawback: { components: string[]; withinMonths: number; share: D } | null;
  /** the validated document, defaults filled in */
  doc: PlanDoc;
}

/** ISO 4217 minor units for common currencies; others default to 2 unless the plan says minorUnit. */
const MINOR_UNITS: Record<string, number> = { JPY: 0, KRW: 0, CLP: 0, ISK: 0, VND: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

export type Result<T, E> = { ok: true; value: T } | { ok: false; errors: E[] };

/** Validate a plan document (already parsed from JSON). Every problem is listed with its path. */
export function validatePlan(json: unknown): Result<CompiledPlan, PlanError> {
  const parsed = Plan.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    };
  }
  const issues = semanticIssues(parsed.data);
  if (issues.length > 0) return { ok: false, errors: issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  return { ok: true, value: compile(parsed.data) };
}

/** A share or weight as an exact decimal; a fraction "n/d" is n / d at 40 significant digits (engine/decimal.ts). */
function share(v: string | number): D {
  if (!isFraction(v)) return dec(v);
  const [n = '0', d = '1'] = String(v).split('/');
  return dec(n).div(dec(d));
}

function filter(f: FilterDoc | undefined): Filter {
  return {
    products: f?.products ? new Set(f.products) : null,
    types: f?.types ? new Set(f.types) : null,
    dateFrom: f?.dateFrom ? parseDate(f.dateFrom) : null,
    dateTo: f?.dateTo ? parseDate(f.dateTo) : null,
  };
}

function cap(c: CapDoc | undefined): Cap | null {
  if (!c) return null;
  return c.kind === 'amount' ? { kind: 'amount', amount: dec(c.amount) } : { kind: 'share_of_target_incentive', share: dec(c.share) };
}

function compileComponent(c: ComponentDoc): Component {
  const base: Base = {
    id: c.id,
    name: c.name ?? c.id,
    cap: cap(c.cap),
    gate: c.gate ? { measure: c.gate.measure, minAttainment: dec(c.gate.minAttainment), scope: c.gate.scope, whenClosed: cap(c.gate.whenClosed) as Cap } : null,
  };
  switch (c.type) {
    case 'rate_table':
      return {
        ...base,
        type: c.type,
        measure: c.measure,
        basis: c.basis,
        method: c.method,
        boundary: c.boundary,
        scope: c.scope,
        negativeTrueUp: c.negativeTrueUp,
        pays: c.tiers.some((t) => t.amount !== undefined) ? 'amount' : 'rate',
        tiers: c.tiers.map((t) => ({ from: dec(t.from), rate: dec(t.rate ?? 0), amount: t.amount === undefined ? null : dec(t.amount) })),
      };
    case 'attainment_bonus':
      return {
        ...base,
        type: c.type,
        measure: c.measure,
        scope: c.scope,
        targetShare: share(c.targetShare),
        fractionShare: isFraction(c.targetShare),
        threshold: dec(c.threshold),
        curve: c.curve.map((p) => ({ attainment: dec(p.attainment), payout: dec(p.payout), step: p.step === true })),
        beyondLast: c.beyondLast,
        bands: c.bands.map((b) => ({ from: dec(b.from), to: b.to === null ? null : dec(b.to), multiplier: dec(b.multiplier) })),
      };
    case 'spif':
      return {
        ...base,
        type: c.type,
        filter: filter(c.filter),
        windowFrom: parseDate(c.window.from) as number,
        windowTo: parseDate(c.window.to) as number,
        pay: c.pay.kind === 'per_unit' ? { kind: 'per_unit', amount: dec(c.pay.amount) } : { kind: 'percent_of_amount', rate: dec(c.pay.rate) },
      };
    case 'referral':
      return {
        ...base,
        type: c.type,
        transactionType: c.transactionType,
        filter: filter(c.filter),
        amountPerReferral: dec(c.amountPerReferral),
        maxPerPeriod: c.maxPerPeriod ?? null,
      };
    case 'mbo':
      return {
        ...base,
        type: c.type,
        targetShare: share(c.targetShare),
        fractionShare: isFraction(c.targetShare),
        maxScore: dec(c.maxScore),
        objectives: c.objectives.map((o) => ({ id: o.id, name: o.name ?? o.id, weight: share(o.weight) })),
      };
  }
}

function compile(p: PlanDoc): CompiledPlan {
  return {
    id: p.id,
    name: p.name,
    currency: p.currency,
    minorUnit: p.minorUnit ?? MINOR_UNITS[p.currency] ?? 2,
    periodKind: p.periodKind,
    periodAnchor: p.periodAnchor === undefined ? 0 : (parseDate(p.periodAnchor) as number),
    targetIncentiveBasis: p.targetIncentive.basis,
    rounding: p.rounding,
    allowOverlay: p.crediting.allowOverlay,
    creditOn: p.crediting.on,
    rollup: p.crediting.rollup,
    proration: p.proration,
    measures: p.measures.map((m) => ({ id: m.id, name: m.name ?? m.id, source: m.source, shareBasis: m.shareBasis, filter: filter(m.filter) })),
    components: p.components.map(compileComponent),
    totalCap: cap(p.totalCap),
    draw: p.draw
      ? {
          kind: p.draw.kind,
          payment: p.draw.payment,
          amountPerPeriod: dec(p.draw.amountPerPeriod),
          recoveryLimit: p.draw.recoveryLimit
            ? p.draw.recoveryLimit.kind === 'amount'
              ? { kind: 'amount', amount: dec(p.draw.recoveryLimit.amount) }
              : { kind: 'share_of_earnings', share: dec(p.draw.recoveryLimit.share) }
            : null,
        }
      : null,
    clawback: p.clawback ?? null,
    multipliers: p.multipliers.map((m) => ({
      id: m.id,
      name: m.name ?? m.id,
      measure: m.measure,
      scope: m.scope,
      components: m.components,
      steps: m.steps.map((st) => ({ from: dec(st.from), factor: dec(st.factor) })),
    })),
    exitClawback: p.exitClawback ? { ...p.exitClawback, share: dec(p.exitClawback.share) } : null,
    doc: p,
  };
}

/** Several plans (an array or one plan), keyed by id. Duplicate ids are an error. */
export function validatePlans(json: unknown): Result<Map<string, CompiledPlan>, PlanError> {
  const list = Array.isArray(json) ? json : [json];
  const errors: PlanError[] = [];
  const plans = new Map<string, CompiledPlan>();
  list.forEach((doc, i) => {
    const r = validatePlan(doc);
    const prefix = Array.isArray(json) ? `[${i}].` : '';
    if (!r.ok) for (const e of r.errors) errors.push({ path: prefix + e.path, message: e.message });
    else if (plans.has(r.value.id)) errors.push({ path: `${prefix}id`, message: `duplicate plan id "${r.value.id}"` });
    else plans.set(r.value.id, r.value);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: plans };
}
