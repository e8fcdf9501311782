/**
 * Crediting and aggregation: every counting transaction is credited to its recipients (direct, split,
 * roll-up to managers) and added into accumulator slots per assignment and month.
 *
 * Two implementations with the same semantics:
 *  - `decimal`: decimal.js on every transaction (the reference);
 *  - `fast`: exact integers held in float64. Amounts and quantities are whole cents (1e-2), shares are
 *    whole 1e-4, so each product is a whole number of 1e-6 and every sum stays an exact integer as long
 *    as it is below 2^53; `fastPathApplies` checks that bound over the whole file before the fast path
 *    is chosen. The decimal path is used otherwise. test/engine/differential.test.ts shows both equal.
 */
import type { D } from './decimal';
import { dec, ZERO } from './decimal';
import { monthOfDay, monthStart } from './dates';
import type { Assignment, ParticipantTable, TransactionTable } from './inputs';
import type { Kit, Num } from './num';
import type { CompiledPlan, Filter } from './plan';

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
  month: number;
  value: D;
}

export interface Aggregates {
  firstMonth: number;
  months: number;
  maxSlots: number;
  /** exact sum for assignment/slot over months [m0, m1) (absolute months) */
  sum(assignment: number, slot: number, m0: number, m1: number): Num;
  /** number of contributions for assignment/slot over months [m0, m1) */
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
  /** absolute months [firstMonth, endMonth) */
  firstMonth: number;
  endMonth: number;
  /** transactions whose every contribution is recorded in items (for clawback attribution) */
  watched: Set<number>;
}

/** Whether the fast integer path is exact for this transaction file (see the module comment). */
export function fastPathApplies(t: TransactionTable): boolean {
  // every product is amount-in-cents x share-in-1e-4; the bound below covers every partial sum
  return t.allWholeCents && t.allShares4dp && t.absWeightedMicro < 2 ** 52;
}

interface Recipient {
  a: Assignment;
  credit: number; // millionths
  payout: number; // millionths
  rolledUp: boolean;
}

/** Recipients of a transaction row on a day: split members or the direct participant, then managers. */
function recipients(ctx: AggregateContext, row: number, day: number, mgrPIdx: Int32Array, out: Recipient[]): number {
  const t = ctx.transactions;
  const P = ctx.participants;
  let n = 0;
  const push = (a: Assignment, credit: number, payout: number, rolledUp: boolean) => {
    const r = out[n];
    if (r) {
      r.a = a;
      r.credit = credit;
      r.payout = payout;
      r.rolledUp = rolledUp;
    } else out[n] = { a, credit, payout, rolledUp };
    n++;
  };
  const active = (pIdx: number): Assignment | null => {
    const list = P.byParticipant[pIdx];
    if (!list) return null;
    for (const a of list) if ((a.start === null || day >= a.start) && (a.end === null || day <= a.end)) return a;
    return null;
  };
  const sp = t.split[row] as number;
  if (sp === -1) {
    const a = active(t.participant[row] as number);
    if (a) push(a, 1e6, 1e6, false);
  } else {
    const s = t.splits[sp];
    if (s)
      for (let k = 0; k < s.members.length; k++) {
        const a = active(s.members[k] as number);
        if (a) push(a, s.credit[k] as number, s.payout[k] as number, false);
      }
  }
  const direct = n;
  for (let k = 0; k < direct; k++) {
    const base = out[k] as Recipient;
    let m = mgrPIdx[base.a.index] as number;
    let level = 1;
    while (m !== -1) {
      const ma = active(m);
      if (!ma) break;
      const plan = ctx.plans.get(ma.planId);
      if (plan?.rollup.enabled && (plan.rollup.depth === null || level <= plan.rollup.depth)) push(ma, base.credit, base.payout, true);
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
 * The plan period (first absolute month) a day falls in for a plan; used to ignore a booking and its
 * cancellation when both fall in the same plan period.
 */
function periodKey(plan: CompiledPlan, day: number): number {
  const m = monthOfDay(day);
  const len = plan.periodKind === 'month' ? 1 : plan.periodKind === 'quarter' ? 3 : 12;
  return m - (m % len);
}

export function aggregate(ctx: AggregateContext, mode: 'fast' | 'decimal', kit: Kit): Aggregates {
  const t = ctx.transactions;
  const P = ctx.participants;
  const months = ctx.endMonth - ctx.firstMonth;
  let maxSlots = 1;
  for (const s of ctx.slotsByPlan.values()) maxSlots = Math.max(maxSlots, s.slots.length);
  const nA = P.assignments.length;
  const size = nA * maxSlots * months;
  const fastAcc = mode === 'fast' ? new Float64Array(size) : null;
  const decAcc: (D | undefined)[] | null = mode === 'decimal' ? new Array<D | undefined>(size) : null;
  const counts = new Float64Array(size);
  const items: TxItem[] = [];
  const windowStart = monthStart(ctx.firstMonth);
  const windowEnd = monthStart(ctx.endMonth) - 1;
  // day -> month index inside the window
  const dayMonth = new Int16Array(windowEnd - windowStart + 1);
  for (let m = 0; m < months; m++) dayMonth.fill(m, monthStart(ctx.firstMonth + m) - windowStart, monthStart(ctx.firstMonth + m + 1) - windowStart);
  const planOf: PlanSlots[] = P.assignments.map((a) => ctx.slotsByPlan.get(a.planId) as PlanSlots);
  const planObj: CompiledPlan[] = P.assignments.map((a) => ctx.plans.get(a.planId) as CompiledPlan);
  const mgr = managerIndexes(P);
  const anyRollup = [...ctx.plans.values()].some((p) => p.rollup.enabled);
  const rec: Recipient[] = [];
  let watchedMask: Uint8Array | null = null;
  if (ctx.watched.size > 0) {
    watchedMask = new Uint8Array(t.count);
    for (const w of ctx.watched) watchedMask[w] = 1;
  }
  // cancellation day of each original row, for the same-period rule and reversal
  const cancelDay = new Int32Array(t.count).fill(-1);
  for (let i = 0; i < t.count; i++) if (t.status[i] === 2 && (t.original[i] as number) >= 0) cancelDay[t.original[i] as number] = t.date[i] as number;

  const addOne = (row: number, a: Assignment, credit: number, payout: number, rolledUp: boolean, monthIdx: number, sign: number, filterDay: number, measuresOnly: boolean) => {
    const ps = planOf[a.index] as PlanSlots;
    const slots = ps.slots;
    const prod = t.product[row] as number;
    const typ = t.type[row] as number;
    const base = (a.index * maxSlots) * months + monthIdx;
    for (let s = 0; s < slots.length; s++) {
      const sl = slots[s] as Slot;
      if (rolledUp && !sl.rollup) continue;
      if (measuresOnly && sl.kind !== 'measure') continue;
      if (sl.productOk !== null && sl.productOk[prod] !== 1) continue;
      if (sl.typeOk !== null && sl.typeOk[typ] !== 1) continue;
      if (filterDay < sl.dateFrom || filterDay > sl.dateTo) continue;
      const share = sl.shareBasis === 'credit' ? credit : payout;
      const idx = base + s * months;
      counts[idx] = (counts[idx] as number) + sign;
      const record = (ps.recordSlot[s] as number) === 1 || (watchedMask !== null && watchedMask[row] === 1);
      if (fastAcc !== null && !record) {
        // cents x 1e-4 shares = 1e-6 units, exact integers
        const v = sl.source === 'amount' ? (t.amount[row] as number) / 1e4 : sl.source === 'quantity' ? (t.quantity[row] as number) / 1e4 : 100;
        fastAcc[idx] = (fastAcc[idx] as number) + sign * v * (share / 100);
      } else {
        const raw = sl.source === 'amount' ? (t.amount[row] as number) : sl.source === 'quantity' ? (t.quantity[row] as number) : 1e6;
        let v = dec(raw).div(1e6).times(dec(share).div(1e6));
        if (sign < 0) v = v.neg();
        if (record) items.push({ tx: row, assignment: a.index, slot: s, month: ctx.firstMonth + monthIdx, value: v });
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

  for (let i = 0; i < t.count; i++) {
    const st = t.status[i] as number;
    const day = t.date[i] as number;
    if (day < windowStart || day > windowEnd) continue;
    const monthIdx = dayMonth[day - windowStart] as number;
    if (st !== 2) {
      const cd = cancelDay[i] as number;
      if (!anyRollup && t.split[i] === -1 && cd === -1) {
        // the common case, inlined: one direct recipient
        const list = P.byParticipant[t.participant[i] as number];
        if (!list) continue;
        let a: Assignment | null = null;
        for (const x of list) if ((x.start === null || day >= x.start) && (x.end === null || day <= x.end)) a = x;
        if (a) addOne(i, a, 1e6, 1e6, false, monthIdx, 1, day, false);
        continue;
      }
      const n = recipients(ctx, i, day, mgr, rec);
      for (let k = 0; k < n; k++) {
        const r = rec[k] as Recipient;
        if (cd !== -1 && periodKey(planObj[r.a.index] as CompiledPlan, cd) === periodKey(planObj[r.a.index] as CompiledPlan, day)) continue;
        addOne(i, r.a, r.credit, r.payout, r.rolledUp, monthIdx, 1, day, false);
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
        if (periodKey(plan, oday) === periodKey(plan, day)) continue;
        addOne(o, r.a, r.credit, r.payout, r.rolledUp, monthIdx, -1, oday, true);
      }
    }
  }

  const first = ctx.firstMonth;
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
    for (let m = Math.max(m0 - first, 0); m < Math.min(m1 - first, months); m++) v += counts[base + m] as number;
    return v;
  };
  return { firstMonth: first, months, maxSlots, sum, count, items, arithmetic: mode };
}
