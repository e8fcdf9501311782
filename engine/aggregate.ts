/**
 * Crediting and aggregation: every counting transaction is credited to its recipients (direct, split,
 * roll-up to managers) and added into accumulator slots per assignment and time segment (a month
 * when every plan of the run pays by month, quarter or year; see engine/segments.ts).
 *
 * Two implementations with the same semantics:
 *  - `decimal`: decimal.js on every transaction (the reference);
 *  - `fast`: exact integers held in float64. Amounts and quantities are whole cents (1e-2), shares are
 *    whole 1e-4, so each product is a whole number of 1e-6 and every sum stays an exact integer as long
 *    as it is below 2^53; `fastPathApplies` bounds every participant's sums over the whole file and
 *    chooses the fast path only when each bound is below 2^52 (the margin absorbs the rounding of the
 *    bound itself). The decimal path is used otherwise. test/engine/differential.test.ts shows both equal.
 */

import { monthOfDay, weekday } from './dates';
import type { D } from './decimal';
import { dec, ZERO } from './decimal';
import type { Assignment, ParticipantTable } from './inputs';
import { NO_DAY, STATUS_CANCELLED } from './inputs';
import type { Kit, Num } from './num';
import type { CompiledPlan, Filter } from './plan';
import { daySegments } from './segments';
import type { TransactionTable } from './transaction-table';

export type SlotKind = 'measure' | 'spif' | 'referral';

export interface Slot {
  kind: SlotKind;
  /** measure id, or component id for spif/referral */
  ref: string;
  source: 'amount' | 'quantity' | 'count';
  shareBasis: 'credit' | 'payout';
  /** accepts product index / type index (null = any) */
  productOk: Uint8Array | null;
  typeOk: Uint8Array | null;
  dateFrom: number;
  dateTo: number;
  /** roll-up credit counts (measures only) */
  rollup: boolean;
}

export interface PlanSlots {
  slots: Slot[];
  measureSlot: Map<string, number>;
  componentSlot: Map<string, number>;
  /** measure slots evaluated per transaction (transaction-scope rate tables) */
  perTransaction: Set<number>;
  /** 1 where perTransaction has the slot (a typed array for the hot loop) */
  recordSlot: Uint8Array;
}

export interface TxItem {
  tx: number;
  assignment: number;
  slot: number;
  /** the segment the contribution counts in */
  month: number;
  value: D;
}

export interface Aggregates {
  /** number of segments */
  segments: number;
  maxSlots: number;
  /** exact sum for assignment/slot over segments [m0, m1) */
  sum(assignment: number, slot: number, m0: number, m1: number): Num;
  /** number of contributions for assignment/slot over segments [m0, m1); NaN when not counted (no explain) */
  count(assignment: number, slot: number, m0: number, m1: number): number;
  /** contributions to per-transaction slots, and to every slot for watched transactions */
  items: TxItem[];
  arithmetic: 'fast' | 'decimal';
}

function filterArrays(f: Filter, t: TransactionTable): { productOk: Uint8Array | null; typeOk: Uint8Array | null } {
  const mk = (set: Set<string> | null, names: string[]) => {
    if (!set) return null;
    const a = new Uint8Array(names.length);
    names.forEach((n, i) => {
      if (set.has(n)) a[i] = 1;
    });
    return a;
  };
  return { productOk: mk(f.products, t.products), typeOk: mk(f.types, t.types) };
}

export function planSlots(plan: CompiledPlan, t: TransactionTable): PlanSlots {
  const slots: Slot[] = [];
  const measureSlot = new Map<string, number>();
  const componentSlot = new Map<string, number>();
  const perTransaction = new Set<number>();
  const BIG = 1e9;
  for (const m of plan.measures) {
    measureSlot.set(m.id, slots.length);
    slots.push({
      kind: 'measure',
      ref: m.id,
      source: m.source,
      shareBasis: m.shareBasis,
      ...filterArrays(m.filter, t),
      dateFrom: m.filter.dateFrom ?? -BIG,
      dateTo: m.filter.dateTo ?? BIG,
      rollup: plan.rollup.enabled,
    });
  }
  for (const c of plan.components) {
    if (c.type === 'rate_table' && c.scope === 'transaction') perTransaction.add(measureSlot.get(c.measure) as number);
    if (c.type === 'spif') {
      componentSlot.set(c.id, slots.length);
      slots.push({
        kind: 'spif',
        ref: c.id,
        source: c.pay.kind === 'per_unit' ? 'quantity' : 'amount',
        shareBasis: 'payout',
        ...filterArrays(c.filter, t),
        dateFrom: Math.max(c.windowFrom, c.filter.dateFrom ?? -BIG),
        dateTo: Math.min(c.windowTo, c.filter.dateTo ?? BIG),
        rollup: false,
      });
    }
    if (c.type === 'referral') {
      componentSlot.set(c.id, slots.length);
      const f = filterArrays(c.filter, t);
      const typeOk = new Uint8Array(t.types.length);
      t.types.forEach((name, i) => {
        if (name === c.transactionType && (!f.typeOk || f.typeOk[i])) typeOk[i] = 1;
      });
      slots.push({
        kind: 'referral',
        ref: c.id,
        source: 'count',
        shareBasis: 'payout',
        productOk: f.productOk,
        typeOk,
        dateFrom: c.filter.dateFrom ?? -BIG,
        dateTo: c.filter.dateTo ?? BIG,
        rollup: false,
      });
    }
  }
  const recordSlot = new Uint8Array(slots.length);
  for (const s of perTransaction) recordSlot[s] = 1;
  return { slots, measureSlot, componentSlot, perTransaction, recordSlot };
}

export interface AggregateContext {
  plans: Map<string, CompiledPlan>;
  participants: ParticipantTable;
  transactions: TransactionTable;
  slotsByPlan: Map<string, PlanSlots>;
  /** the first day of each segment, then the day after the last (engine/segments.ts) */
  bounds: number[];
  /** transactions whose every contribution is recorded in items (for clawback attribution) */
  watched: Set<number>;
  /** keep the number of transactions per slot (only explain traces show it) */
  countTransactions: boolean;
  /** record every contribution in items (the per-transaction detail of a run asks for it) */
  recordAll?: boolean;
}

/** Whether the fast integer path is exact for this transaction file (see the module comment). */
export function fastPathApplies(t: TransactionTable, P: ParticipantTable, plans: Map<string, CompiledPlan>): boolean {
  // every product is amount-in-cents x share-in-1e-4, a whole number of millionths
  if (!t.allWholeCents || !t.allShares4dp) return false;
  // every running sum of a participant is bounded by the sum of |contributions| crediting them; with
  // roll-up a manager also receives what their reports receive
  const bound = Float64Array.from(t.absByParticipant);
  if ([...plans.values()].some((p) => p.rollup.enabled)) {
    for (let pIdx = 0; pIdx < P.ids.length; pIdx++) {
      const own = t.absByParticipant[pIdx] as number;
      if (own === 0) continue;
      const seen = new Set<number>([pIdx]);
      let frontier = [pIdx];
      while (frontier.length > 0) {
        const next: number[] = [];
        for (const q of frontier)
          for (const a of P.byParticipant[q] ?? []) {
            const m = a.managerId === null ? undefined : P.index.get(a.managerId);
            if (m === undefined || seen.has(m)) continue;
            seen.add(m);
            bound[m] = (bound[m] as number) + own;
            next.push(m);
          }
        frontier = next;
      }
    }
  }
  // below 2^52 rather than 2^53 leaves room for the rounding of the bound itself
  for (let i = 0; i < bound.length; i++) if ((bound[i] as number) >= 2 ** 52) return false;
  return true;
}

interface Recipient {
  a: Assignment;
  credit: number; // millionths
  payout: number; // millionths
  rolledUp: boolean;
  /** for a roll-up: the assignment index of the seller whose credit it is (explain traces name them) */
  base: number;
}

/** Recipients of a transaction row on a day: split members or the direct participant, then managers. */
function setRec(out: Recipient[], n: number, a: Assignment, credit: number, payout: number, rolledUp: boolean, base: number): void {
  const r = out[n];
  if (r) {
    r.a = a;
    r.credit = credit;
    r.payout = payout;
    r.rolledUp = rolledUp;
    r.base = base;
  } else out[n] = { a, credit, payout, rolledUp, base };
}

function activeAssignment(P: ParticipantTable, pIdx: number, day: number): Assignment | null {
  const list = P.byParticipant[pIdx];
  if (!list) return null;
  for (const a of list) if ((a.start === null || day >= a.start) && (a.end === null || day <= a.end)) return a;
  return null;
}

/** Recipients of a transaction row on a day: split members or the direct participant, then managers. */
function recipients(ctx: AggregateContext, row: number, day: number, mgrPIdx: Int32Array, out: Recipient[]): number {
  const t = ctx.transactions;
  const P = ctx.participants;
  let n = 0;
  const sp = t.split[row] as number;
  if (sp === -1) {
    const a = activeAssignment(P, t.participant[row] as number, day);
    if (a) setRec(out, n++, a, 1e6, 1e6, false, -1);
  } else {
    const S = t.splits;
    for (let k = S.offsets[sp] as number; k < (S.offsets[sp + 1] as number); k++) {
      const a = activeAssignment(P, S.members[k] as number, day);
      if (a) setRec(out, n++, a, S.credit[k] as number, S.payout[k] as number, false, -1);
    }
  }
  const direct = n;
  for (let k = 0; k < direct; k++) {
    const base = out[k] as Recipient;
    let m = mgrPIdx[base.a.index] as number;
    let level = 1;
    while (m !== -1) {
      const ma = activeAssignment(P, m, day);
      if (!ma) break;
      const plan = ctx.plans.get(ma.planId);
      if (plan?.rollup.enabled && (plan.rollup.depth === null || level <= plan.rollup.depth))
        setRec(out, n++, ma, base.credit, base.payout, true, base.a.index);
      m = mgrPIdx[ma.index] as number;
      level++;
    }
  }
  return n;
}

function managerIndexes(P: ParticipantTable): Int32Array {
  const out = new Int32Array(P.assignments.length).fill(-1);
  for (const a of P.assignments) if (a.managerId !== null) out[a.index] = P.index.get(a.managerId) ?? -1;
  return out;
}

/**
 * The plan period a day falls in for a plan (its first month, or its first day for weeks and two-week
 * cycles); used to ignore a booking and its cancellation when both fall in the same plan period.
 */
/**
 * The day a transaction row credits for a plan: its date, or, for a plan paying on collection, its
 * paid_date (NO_DAY while it has none: not credited yet).
 */
function creditDayOf(plan: CompiledPlan, t: TransactionTable, row: number): number {
  if (plan.creditOn === 'booking') return t.date[row] as number;
  return t.paidDate === null ? NO_DAY : (t.paidDate[row] as number);
}

function periodKey(plan: CompiledPlan, day: number): number {
  if (plan.periodKind === 'week') return day - weekday(day);
  if (plan.periodKind === 'two_weeks') return plan.periodAnchor + Math.floor((day - plan.periodAnchor) / 14) * 14;
  const m = monthOfDay(day);
  const len = plan.periodKind === 'month' ? 1 : plan.periodKind === 'quarter' ? 3 : 12;
  return m - (m % len);
}

interface Hot {
  combo: Int32Array[];
  source: Int8Array;
  dated: Uint8Array;
  from: Float64Array;
  to: Float64Array;
  /** 1 where the slot weights by the payout share */
  payoutShare: Uint8Array;
  /** no slot of the plan records per-transaction items */
  plain: boolean;
}

/**
 * The fast path's inner loop, in its own function so that every variable is a local (closures would
 * put them in a context object): direct and split rows whose recipients have one undated assignment on
 * a plain plan, without roll-up, cancellation or watching. Contributions are exact integers of 1e-6:
 * direct rows add the amount in millionths; split rows add cents x share in 1e-4.
 */
function hotPass(
  t: TransactionTable,
  hotOf: (Hot | undefined)[],
  sole: Int32Array,
  cancelDay: Int32Array | null,
  watchedMask: Uint8Array | null,
  dayMonth: Int16Array,
  windowStart: number,
  windowEnd: number,
  nTypes: number,
  maxSlots: number,
  months: number,
  acc: Float64Array,
  counts: Float64Array | null,
  handled: Uint8Array,
): void {
  const { status, date, participant, amount, quantity, product, type, split, splits } = t;
  const n = t.count;
  for (let i = 0; i < n; i++) {
    if (status[i] === STATUS_CANCELLED || (cancelDay !== null && cancelDay[i] !== -1) || (watchedMask !== null && watchedMask[i] === 1)) continue;
    const day = date[i] as number;
    if (day < windowStart || day > windowEnd) continue;
    const combo = (product[i] as number) * nTypes + (type[i] as number);
    const monthIdx = dayMonth[day - windowStart] as number;
    const sp = split[i] as number;
    if (sp === -1) {
      const a = sole[participant[i] as number] as number;
      if (a < 0) continue;
      const hot = hotOf[a];
      if (hot === undefined || !hot.plain) continue;
      const list = hot.combo[combo] as Int32Array;
      const base = a * maxSlots * months + monthIdx;
      for (let k = 0; k < list.length; k++) {
        const sl = list[k] as number;
        if (hot.dated[sl] === 1 && (day < (hot.from[sl] as number) || day > (hot.to[sl] as number))) continue;
        const src = hot.source[sl];
        const idx = base + sl * months;
        acc[idx] = (acc[idx] as number) + (src === 0 ? (amount[i] as number) : src === 1 ? (quantity[i] as number) : 1e6);
        if (counts !== null) counts[idx] = (counts[idx] as number) + 1;
      }
      handled[i] = 1;
      continue;
    }
    const k0 = splits.offsets[sp] as number;
    const k1 = splits.offsets[sp + 1] as number;
    let ok = true;
    for (let k = k0; k < k1; k++) {
      const a = sole[splits.members[k] as number] as number;
      if (a < 0 || hotOf[a] === undefined || !(hotOf[a] as Hot).plain) ok = false;
    }
    if (!ok) continue;
    const cents = (amount[i] as number) / 1e4;
    const qcents = (quantity[i] as number) / 1e4;
    for (let k = k0; k < k1; k++) {
      const a = sole[splits.members[k] as number] as number;
      const hot = hotOf[a] as Hot;
      const list = hot.combo[combo] as Int32Array;
      const base = a * maxSlots * months + monthIdx;
      const cs = (splits.credit[k] as number) / 100;
      const ps = (splits.payout[k] as number) / 100;
      for (let j = 0; j < list.length; j++) {
        const sl = list[j] as number;
        if (hot.dated[sl] === 1 && (day < (hot.from[sl] as number) || day > (hot.to[sl] as number))) continue;
        const src = hot.source[sl];
        const share = hot.payoutShare[sl] === 1 ? ps : cs;
        const idx = base + sl * months;
        acc[idx] = (acc[idx] as number) + (src === 0 ? cents : src === 1 ? qcents : 100) * share;
        if (counts !== null) counts[idx] = (counts[idx] as number) + 1;
      }
    }
    handled[i] = 1;
  }
}

/** A crediting record: the transaction counts for the recipient (possibly reduced by a share). */
export const CREDITED = 0;
/** A cancellation after the booking's period reverses the credit (clawback with `reverseAttainment`). */
export const REVERSED = 1;
/** Booked and cancelled in the same plan period: not credited at all. */
export const VOIDED = 2;

/**
 * How credit was formed, for explain traces only: one record per transaction row and recipient
 * assignment (direct, each split member, each manager a roll-up reaches), built by `creditRecords`
 * with the same recipients and cancellation rules as `aggregate`. A record counts in a slot when
 * `slotTakes` says so, for the transaction's amount (quantity, count) times the record's share, as
 * `addOne` adds it (engine/credit-trace.ts turns them into trace steps).
 */
export interface CreditRecords {
  count: number;
  /** the records of assignment a (by Assignment.index) are start[a] .. start[a + 1] - 1, in file order */
  start: Int32Array;
  /** transaction row (for a reversal: the original booked row) */
  tx: Int32Array;
  /** segment the record counts in (for a reversal: the segment of the cancellation) */
  month: Int32Array;
  /** credit and payout shares in millionths (1e6 = the whole transaction) */
  credit: Int32Array;
  payout: Int32Array;
  /** for a roll-up: the assignment index of the seller whose credit rolled up; -1 otherwise */
  from: Int32Array;
  /** CREDITED, REVERSED or VOIDED */
  kind: Uint8Array;
}

/** cancellation day of each original row (for the same-period rule and reversal), or null when there are none */
function cancellationDays(t: TransactionTable): Int32Array | null {
  let cancelDay: Int32Array | null = null;
  for (let i = 0; i < t.count; i++)
    if (t.status[i] === STATUS_CANCELLED && (t.original[i] as number) >= 0) {
      if (cancelDay === null) cancelDay = new Int32Array(t.count).fill(-1);
      cancelDay[t.original[i] as number] = t.date[i] as number;
    }
  return cancelDay;
}

/**
 * The crediting records of a run (explain traces only; a fast run never builds them). The loop is
 * the general loop of `aggregate` without accumulation: keep the two in step.
 */
export function creditRecords(ctx: AggregateContext): CreditRecords {
  const t = ctx.transactions;
  const P = ctx.participants;
  // collected in file order, then laid out by assignment (a trace reads one assignment's records)
  const b = {
    a: [] as number[],
    tx: [] as number[],
    month: [] as number[],
    credit: [] as number[],
    payout: [] as number[],
    from: [] as number[],
    kind: [] as number[],
  };
  const windowStart = ctx.bounds[0] as number;
  const windowEnd = (ctx.bounds[ctx.bounds.length - 1] as number) - 1;
  const daySegment = daySegments(ctx.bounds);
  const planObj: CompiledPlan[] = P.assignments.map((a) => ctx.plans.get(a.planId) as CompiledPlan);
  const mgr = managerIndexes(P);
  const cancelDay = cancellationDays(t);
  const rec: Recipient[] = [];
  const push = (row: number, month: number, r: Recipient, kind: number) => {
    b.a.push(r.a.index);
    b.tx.push(row);
    b.month.push(month);
    b.credit.push(r.credit);
    b.payout.push(r.payout);
    b.from.push(r.rolledUp ? r.base : -1);
    b.kind.push(kind);
  };
  const anyCollection = [...ctx.plans.values()].some((p) => p.creditOn === 'collection');
  for (let i = 0; i < t.count; i++) {
    const day = t.date[i] as number;
    const inWindow = day >= windowStart && day <= windowEnd;
    const cancelled = t.status[i] === STATUS_CANCELLED;
    // a row booked before the window may still be collected inside it
    if (!inWindow && (cancelled || !anyCollection)) continue;
    const row = cancelled ? (t.original[i] as number) : i;
    if (row < 0) continue;
    const rowDay = t.date[row] as number;
    const n = recipients(ctx, row, rowDay, mgr, rec);
    const cd = cancelled || cancelDay === null ? -1 : (cancelDay[i] as number);
    for (let k = 0; k < n; k++) {
      const r = rec[k] as Recipient;
      const plan = planObj[r.a.index] as CompiledPlan;
      if (cancelled) {
        const credited = creditDayOf(plan, t, row);
        if (!plan.clawback?.reverseAttainment || credited === NO_DAY || periodKey(plan, credited) === periodKey(plan, day)) continue;
        push(row, daySegment[day - windowStart] as number, r, REVERSED);
      } else {
        const cday = creditDayOf(plan, t, i);
        if (cday < windowStart || cday > windowEnd) continue;
        push(row, daySegment[cday - windowStart] as number, r, cd !== -1 && periodKey(plan, cd) === periodKey(plan, cday) ? VOIDED : CREDITED);
      }
    }
  }
  const n = b.a.length;
  const start = new Int32Array(P.assignments.length + 1);
  for (let i = 0; i < n; i++) {
    const k = (b.a[i] as number) + 1;
    start[k] = (start[k] as number) + 1;
  }
  for (let a = 0; a < P.assignments.length; a++) start[a + 1] = (start[a + 1] as number) + (start[a] as number);
  const next = start.slice(0, P.assignments.length);
  const out: CreditRecords = {
    count: n,
    start,
    tx: new Int32Array(n),
    month: new Int32Array(n),
    credit: new Int32Array(n),
    payout: new Int32Array(n),
    from: new Int32Array(n),
    kind: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const a = b.a[i] as number;
    const j = next[a] as number;
    next[a] = j + 1;
    out.tx[j] = b.tx[i] as number;
    out.month[j] = b.month[i] as number;
    out.credit[j] = b.credit[i] as number;
    out.payout[j] = b.payout[i] as number;
    out.from[j] = b.from[i] as number;
    out.kind[j] = b.kind[i] as number;
  }
  return out;
}

/** Whether a slot counts a crediting record: the tests of `addOne` in `aggregate` (keep them in step). */
export function slotTakes(sl: Slot, t: TransactionTable, records: CreditRecords, r: number): boolean {
  const row = records.tx[r] as number;
  if (records.from[r] !== -1 && !sl.rollup) return false;
  if (records.kind[r] === REVERSED && sl.kind !== 'measure') return false;
  if (sl.productOk !== null && sl.productOk[t.product[row] as number] !== 1) return false;
  if (sl.typeOk !== null && sl.typeOk[t.type[row] as number] !== 1) return false;
  const day = t.date[row] as number;
  return day >= sl.dateFrom && day <= sl.dateTo;
}

export function aggregate(ctx: AggregateContext, mode: 'fast' | 'decimal', kit: Kit): Aggregates {
  const t = ctx.transactions;
  const P = ctx.participants;
  const months = ctx.bounds.length - 1;
  let maxSlots = 1;
  for (const s of ctx.slotsByPlan.values()) maxSlots = Math.max(maxSlots, s.slots.length);
  const nA = P.assignments.length;
  const size = nA * maxSlots * months;
  const fastAcc = mode === 'fast' ? new Float64Array(size) : null;
  const decAcc: (D | undefined)[] | null = mode === 'decimal' ? new Array<D | undefined>(size) : null;
  // transactions per slot: only explain traces show them
  const counts = ctx.countTransactions ? new Float64Array(size) : null;
  const items: TxItem[] = [];
  const recordAll = ctx.recordAll === true;
  const windowStart = ctx.bounds[0] as number;
  const windowEnd = (ctx.bounds[months] as number) - 1;
  // day -> segment inside the window
  const dayMonth = daySegments(ctx.bounds);
  const planOf: PlanSlots[] = P.assignments.map((a) => ctx.slotsByPlan.get(a.planId) as PlanSlots);
  const planObj: CompiledPlan[] = P.assignments.map((a) => ctx.plans.get(a.planId) as CompiledPlan);
  const mgr = managerIndexes(P);
  const anyRollup = [...ctx.plans.values()].some((p) => p.rollup.enabled);
  const anyCollection = [...ctx.plans.values()].some((p) => p.creditOn === 'collection');
  const rec: Recipient[] = [];
  let watchedMask: Uint8Array | null = null;
  if (ctx.watched.size > 0) {
    watchedMask = new Uint8Array(t.count);
    for (const w of ctx.watched) watchedMask[w] = 1;
  }
  const cancelDay = cancellationDays(t);

  const addOne = (
    row: number,
    a: Assignment,
    credit: number,
    payout: number,
    rolledUp: boolean,
    monthIdx: number,
    sign: number,
    filterDay: number,
    measuresOnly: boolean,
  ) => {
    const ps = planOf[a.index] as PlanSlots;
    const slots = ps.slots;
    const prod = t.product[row] as number;
    const typ = t.type[row] as number;
    const base = a.index * maxSlots * months + monthIdx;
    for (let s = 0; s < slots.length; s++) {
      const sl = slots[s] as Slot;
      if (rolledUp && !sl.rollup) continue;
      if (measuresOnly && sl.kind !== 'measure') continue;
      if (sl.productOk !== null && sl.productOk[prod] !== 1) continue;
      if (sl.typeOk !== null && sl.typeOk[typ] !== 1) continue;
      if (filterDay < sl.dateFrom || filterDay > sl.dateTo) continue;
      const share = sl.shareBasis === 'credit' ? credit : payout;
      const idx = base + s * months;
      if (counts !== null) counts[idx] = (counts[idx] as number) + sign;
      const record = recordAll || (ps.recordSlot[s] as number) === 1 || (watchedMask !== null && watchedMask[row] === 1);
      if (fastAcc !== null && !record) {
        // cents x 1e-4 shares = 1e-6 units, exact integers
        const v = sl.source === 'amount' ? (t.amount[row] as number) / 1e4 : sl.source === 'quantity' ? (t.quantity[row] as number) / 1e4 : 100;
        fastAcc[idx] = (fastAcc[idx] as number) + sign * v * (share / 100);
      } else {
        const raw = sl.source === 'amount' ? (t.amount[row] as number) : sl.source === 'quantity' ? (t.quantity[row] as number) : 1e6;
        let v = dec(raw).div(1e6).times(dec(share).div(1e6));
        if (sign < 0) v = v.neg();
        if (record) items.push({ tx: row, assignment: a.index, slot: s, month: monthIdx, value: v });
        if (fastAcc !== null) {
          // recorded rows still count in the fast sums, as exact 1e-6 integers
          fastAcc[idx] = (fastAcc[idx] as number) + Number(v.times(1e6).toFixed());
        } else {
          const cur = (decAcc as (D | undefined)[])[idx];
          (decAcc as (D | undefined)[])[idx] = cur === undefined ? v : cur.plus(v);
        }
      }
    }
  };

  // Hot loop tables (fast path): per plan, the slots a (product, type) pair can reach; per slot its
  // source and date limits; per participant its only assignment when it has one without dates.
  const nTypes = Math.max(t.types.length, 1);
  const hotByPlan = new Map<PlanSlots, Hot>();
  for (const [planId, ps] of ctx.slotsByPlan) {
    const n = ps.slots.length;
    const h: Hot = {
      combo: [],
      source: new Int8Array(n),
      dated: new Uint8Array(n),
      from: new Float64Array(n),
      to: new Float64Array(n),
      payoutShare: new Uint8Array(n),
      // a plan paying on collection credits by another day than the row's date: the general loop reads it
      plain: !recordAll && !ps.recordSlot.includes(1) && ctx.plans.get(planId)?.creditOn !== 'collection',
    };
    ps.slots.forEach((sl, k) => {
      h.source[k] = sl.source === 'amount' ? 0 : sl.source === 'quantity' ? 1 : 2;
      h.dated[k] = sl.dateFrom > -1e9 || sl.dateTo < 1e9 ? 1 : 0;
      h.payoutShare[k] = sl.shareBasis === 'payout' ? 1 : 0;
      h.from[k] = sl.dateFrom;
      h.to[k] = sl.dateTo;
    });
    for (let pr = 0; pr < Math.max(t.products.length, 1); pr++)
      for (let ty = 0; ty < nTypes; ty++) {
        const list: number[] = [];
        ps.slots.forEach((sl, k) => {
          if ((sl.productOk === null || sl.productOk[pr] === 1) && (sl.typeOk === null || sl.typeOk[ty] === 1)) list.push(k);
        });
        h.combo[pr * nTypes + ty] = Int32Array.from(list);
      }
    hotByPlan.set(ps, h);
  }
  const soleAssignment = new Int32Array(P.ids.length).fill(-1);
  P.byParticipant.forEach((list, pIdx) => {
    const only = list[0];
    if (list.length === 1 && only && only.start === null && only.end === null) soleAssignment[pIdx] = only.index;
  });
  const hotOf: (Hot | undefined)[] = planOf.map((ps) => hotByPlan.get(ps));
  const handled = new Uint8Array(t.count);
  if (fastAcc !== null && !anyRollup)
    hotPass(t, hotOf, soleAssignment, cancelDay, watchedMask, dayMonth, windowStart, windowEnd, nTypes, maxSlots, months, fastAcc, counts, handled);

  for (let i = 0; i < t.count; i++) {
    if (handled[i] === 1) continue;
    const st = t.status[i] as number;
    const day = t.date[i] as number;
    const inWindow = day >= windowStart && day <= windowEnd;
    // a row booked before the window may still be collected inside it (keep in step with creditRecords)
    if (!inWindow && (st === STATUS_CANCELLED || !anyCollection)) continue;
    if (st !== STATUS_CANCELLED) {
      const cd = cancelDay === null ? -1 : (cancelDay[i] as number);
      // the segment the row credits in for a plan: of its date, or of its paid_date; -1 outside the window
      const segmentFor = (plan: CompiledPlan) => {
        const cday = creditDayOf(plan, t, i);
        return cday < windowStart || cday > windowEnd ? -1 : (dayMonth[cday - windowStart] as number);
      };
      if (!anyRollup && t.split[i] === -1 && cd === -1) {
        // the common case: one direct recipient
        const pIdx = t.participant[i] as number;
        const alist = P.byParticipant[pIdx];
        if (!alist) continue;
        let a: Assignment | null = null;
        for (const x of alist) if ((x.start === null || day >= x.start) && (x.end === null || day <= x.end)) a = x;
        if (!a) continue;
        const seg = segmentFor(planObj[a.index] as CompiledPlan);
        if (seg !== -1) addOne(i, a, 1e6, 1e6, false, seg, 1, day, false);
        continue;
      }
      const n = recipients(ctx, i, day, mgr, rec);
      for (let k = 0; k < n; k++) {
        const r = rec[k] as Recipient;
        const plan = planObj[r.a.index] as CompiledPlan;
        const seg = segmentFor(plan);
        if (seg === -1) continue;
        if (cd !== -1 && periodKey(plan, cd) === periodKey(plan, creditDayOf(plan, t, i))) continue;
        addOne(i, r.a, r.credit, r.payout, r.rolledUp, seg, 1, day, false);
      }
    } else {
      const o = t.original[i] as number;
      if (o < 0) continue;
      const oday = t.date[o] as number;
      const n = recipients(ctx, o, oday, mgr, rec);
      for (let k = 0; k < n; k++) {
        const r = rec[k] as Recipient;
        const plan = planObj[r.a.index] as CompiledPlan;
        if (!plan.clawback?.reverseAttainment) continue;
        const credited = creditDayOf(plan, t, o);
        if (credited === NO_DAY || periodKey(plan, credited) === periodKey(plan, day)) continue;
        addOne(o, r.a, r.credit, r.payout, r.rolledUp, dayMonth[day - windowStart] as number, -1, oday, true);
      }
    }
  }

  const first = 0;
  const sum = (a: number, s: number, m0: number, m1: number): Num => {
    const base = (a * maxSlots + s) * months;
    const lo = Math.max(m0 - first, 0);
    const hi = Math.min(m1 - first, months);
    if (fastAcc !== null) {
      let v = 0;
      for (let m = lo; m < hi; m++) v += fastAcc[base + m] as number;
      return v === 0 ? kit.ZERO : kit.micro(v);
    }
    let v = ZERO;
    for (let m = lo; m < hi; m++) {
      const x = (decAcc as (D | undefined)[])[base + m];
      if (x !== undefined) v = v.plus(x);
    }
    return kit.of(v);
  };
  const count = (a: number, s: number, m0: number, m1: number): number => {
    const base = (a * maxSlots + s) * months;
    let v = 0;
    if (counts === null) return Number.NaN;
    for (let m = Math.max(m0 - first, 0); m < Math.min(m1 - first, months); m++) v += counts[base + m] as number;
    return v;
  };
  return { segments: months, maxSlots, sum, count, items, arithmetic: mode };
}
