/**
 * The calculation: for each plan period in the run, for each participant assignment active in it,
 * the component lines, then the total cap, clawbacks, the draw and manual adjustments, rounded as the
 * plan says, each with an explain trace.
 *
 * Order inside a participant's period (documented in docs/plan-format.md):
 *   components (each: rule -> gate -> cap -> rounding) -> multipliers -> total cap -> clawbacks -> exit clawback
 *   -> draw -> adjustments.
 */
import type { PlanSlots, TxItem } from './aggregate';
import { aggregate, creditRecords, fastPathApplies, planSlots } from './aggregate';
import type { Period, PeriodKind } from './dates';
import { addMonths, formatDate, parseDate, periodContaining, periodsCovering, yearStartOf } from './dates';
import type { D } from './decimal';
import { fmtMoney } from './decimal';
import type { DetailRow } from './detail';
import type { Adjustment, Assignment, ParticipantTable, Quotas } from './inputs';
import { STATUS_CANCELLED } from './inputs';
import type { Kit, Num } from './num';
import { decimalKit, fastKit, str } from './num';
import type { CompiledPlan, Component } from './plan';
import { segmentAt, segmentBounds } from './segments';
import type { ExitPaid, PlanPeriod, RunState } from './slice';
import { Slice } from './slice';
import type { Explain } from './trace';
import { Tracer } from './trace';
import type { TransactionTable } from './transaction-table';

export interface PayoutLine {
  period: string;
  participantId: string;
  planId: string;
  componentId: string;
  componentType: Component['type'] | 'multiplier' | 'total_cap' | 'clawback' | 'draw' | 'adjustment';
  /** exact decimal string; rounded to the currency minor unit when the plan rounds each line */
  amount: string;
  /** the amount the rule applied to (credit, base, count), if any */
  basis: string | null;
  /** attainment as a fraction (1 = 100%), if the rule used one */
  attainment: string | null;
  /** tier reached (1-based), if a rate table or curve was used */
  tier: string | null;
  /** rate used, if any (a multiplier's line: its factor) */
  rate: string | null;
  /** recoverable draws, on the `draw` line: the balance owed after the period */
  balance?: string;
  explain?: Explain;
  /** only with `options.detail`: the rows the line is made of; their amounts add up to `amount` exactly */
  detail?: DetailRow[];
}

export interface TotalLine {
  period: string;
  participantId: string;
  amount: string;
  currency: string;
  explain?: Explain;
}

/** State carried from one period (or run) to the next. All amounts are exact decimal strings. */
export interface Carry {
  /** outstanding recoverable draw per participant */
  drawBalances: Record<string, string>;
  /** paid so far in a year by period-to-date components: key `${year}|${participantId}|${planId}|${componentId}` */
  ptdPaid: Record<string, string>;
  /** paid per transaction and participant (only transactions that are cancelled in the input): key `${transactionId}|${participantId}` */
  paidByTransaction: Record<string, string>;
  /** clawed back so far per transaction and participant, same key */
  clawedByTransaction: Record<string, string>;
  /** what the lines an exit clawback names paid, for exits in later runs: key `${participantId}|${planId}|${lineId}|${period end YYYY-MM-DD}` */
  exitPaid?: Record<string, string>;
}

export interface CalculateInput {
  plans: Map<string, CompiledPlan>;
  participants: ParticipantTable;
  quotas: Quotas;
  transactions: TransactionTable;
  /** consecutive periods of one kind, in order */
  periods: Period[];
  /** outstanding draw balances at the start of the first period */
  balances?: Map<string, D>;
  adjustments?: Adjustment[];
  /** MBO scores keyed by mboKey(participantId, objectiveId, period) */
  mbo?: Map<string, D>;
  /** state from an earlier run; without it, earlier periods of the year are recalculated (not output) */
  carry?: Carry;
  options?: {
    /** build explain traces (default true) */
    explain?: boolean;
    /** 'auto' (default) takes the exact integer fast path when it applies, else decimal.js */
    arithmetic?: 'auto' | 'fast' | 'decimal';
    /**
     * also return `facts`: per participant and output period, the figures the rules used (period target
     * incentive, credit and quota per measure, which caps reduced a line). Changes no amount or hash.
     */
    facts?: boolean;
    /**
     * also give each output line its `detail`: the rows it is made of (per credited transaction and
     * tier slice, or one period-level row), whose amounts add up exactly to the line (engine/detail.ts).
     * Changes no amount or hash.
     */
    detail?: boolean;
  };
}

/**
 * What the engine saw for one participant assignment in one output period, for modeling results:
 * exact decimal strings, the same numbers the rules used (after proration).
 */
export interface ParticipantFacts {
  period: string;
  participantId: string;
  planId: string;
  /** the period target incentive (annual / periods a year, or per period; prorated when the plan says so) */
  targetIncentive: string;
  /** per plan measure, in plan order: the period's credit and quota (null: no quota) */
  measures: { measure: string; credit: string; quota: string | null }[];
  /** component ids whose own cap reduced the line, and `total_cap` when the total cap applied */
  capped: string[];
}

export interface CalculateResult {
  lines: PayoutLine[];
  totals: TotalLine[];
  carry: Carry;
  warnings: string[];
  arithmetic: 'fast' | 'decimal';
  /** periods recalculated before the requested ones (not in lines) */
  warmUpPeriods: string[];
  /** only with `options.facts`: one entry per participant assignment and output period, in calculation order */
  facts?: ParticipantFacts[];
}

export type CalculateOutcome = { ok: true; value: CalculateResult } | { ok: false; errors: string[] };

const PLURAL: Record<PeriodKind, string> = { week: 'weeks', two_weeks: 'two-week cycles', month: 'months', quarter: 'quarters', year: 'years' };

/** First day of the plan's year (see `Period.year`) that holds a day. */
function planYearStart(plan: CompiledPlan, day: number): number {
  return yearStartOf(periodContaining(plan.periodKind, day, plan.periodAnchor));
}

export function calculate(input: CalculateInput): CalculateOutcome {
  const { plans, participants: P, transactions: T } = input;
  const explain = input.options?.explain ?? true;
  const errors: string[] = [];
  const warnings: string[] = [];
  const first = input.periods[0];
  const last = input.periods[input.periods.length - 1];
  if (!first || !last) return { ok: false, errors: ['no period to calculate'] };
  // days [winStart, winEnd)
  const winStart = first.start;
  const winEnd = last.end + 1;

  // plans in use and their periods inside the window
  const usedPlans = new Map<string, CompiledPlan>();
  for (const a of P.assignments) {
    const plan = plans.get(a.planId);
    if (!plan) {
      errors.push(`participant ${a.participantId}: unknown plan "${a.planId}"`);
      continue;
    }
    usedPlans.set(plan.id, plan);
  }
  for (const plan of usedPlans.values()) {
    if (!periodsCovering(plan.periodKind, winStart, winEnd, plan.periodAnchor))
      errors.push(
        `plan ${plan.id} pays by ${plan.periodKind}; the requested period ${first.label}${first === last ? '' : `..${last.label}`} does not cover whole ${PLURAL[plan.periodKind]}`,
      );
  }
  if (errors.length > 0) return { ok: false, errors };

  const hasPtd = [...usedPlans.values()].some((p) =>
    p.components.some((c) => ((c.type === 'rate_table' || c.type === 'attainment_bonus') && c.scope === 'ptd') || c.gate?.scope === 'ptd'),
  );
  const hasClawback = [...usedPlans.values()].some((p) => p.clawback !== null);
  // each plan's year may start on another day (ISO weeks, two-week cycles): warm-up starts per plan
  let yearStart = winStart;
  for (const plan of usedPlans.values()) yearStart = Math.min(yearStart, planYearStart(plan, winStart));
  const planStart = new Map<string, number>();
  let warmStart = winStart;
  if (!input.carry && (hasPtd || hasClawback)) {
    let from = winStart;
    if (hasClawback) {
      for (let i = 0; i < T.count; i++) {
        if (T.status[i] !== STATUS_CANCELLED || (T.original[i] as number) < 0) continue;
        const cd = T.date[i] as number;
        if (cd < winStart || cd >= winEnd) continue;
        from = Math.min(from, T.date[T.original[i] as number] as number);
      }
    }
    for (const plan of usedPlans.values()) {
      const s = planYearStart(plan, from);
      planStart.set(plan.id, s);
      warmStart = Math.min(warmStart, s);
    }
  }
  // an exit clawback repays what periods up to `withinMonths` before the exit paid: without a carry they
  // are recalculated, from the start of the plan year they fall in
  const exitMonths = Math.max(0, ...[...usedPlans.values()].map((p) => p.exitClawback?.withinMonths ?? 0));
  if (!input.carry && exitMonths > 0)
    for (const plan of usedPlans.values()) {
      const s = planYearStart(plan, addMonths(winStart, -exitMonths));
      planStart.set(plan.id, Math.min(planStart.get(plan.id) ?? winStart, s));
      warmStart = Math.min(warmStart, s);
    }
  const aggStart = Math.min(warmStart, hasPtd ? yearStart : warmStart);
  const bounds = segmentBounds(
    [...usedPlans.values()].flatMap(
      (p) => periodsCovering(p.periodKind, periodContaining(p.periodKind, aggStart, p.periodAnchor).start, winEnd, p.periodAnchor) ?? [],
    ),
    aggStart,
    winEnd,
  );

  // transactions whose pay must be known per transaction: originals of cancellations
  const watched = new Set<number>();
  if (hasClawback)
    for (let i = 0; i < T.count; i++) if (T.status[i] === STATUS_CANCELLED && (T.original[i] as number) >= 0) watched.add(T.original[i] as number);

  const slotsByPlan = new Map<string, PlanSlots>();
  for (const plan of usedPlans.values()) slotsByPlan.set(plan.id, planSlots(plan, T));
  const wanted = input.options?.arithmetic ?? 'auto';
  const mode: 'fast' | 'decimal' = wanted === 'decimal' ? 'decimal' : fastPathApplies(T, P, usedPlans) ? 'fast' : 'decimal';
  if (wanted === 'fast' && mode !== 'fast')
    warnings.push('the fast path does not apply to this data (amounts beyond cents, shares beyond 4 decimals, or sums near 2^53): decimal.js was used');
  const K: Kit = mode === 'fast' ? fastKit : decimalKit;
  const aggCtx = {
    plans: usedPlans,
    participants: P,
    transactions: T,
    slotsByPlan,
    bounds,
    watched,
    countTransactions: explain,
    recordAll: input.options?.detail === true,
  };
  const agg = aggregate(aggCtx, mode, K);
  const itemsBy = new Map<string, TxItem[]>();
  for (const it of agg.items) {
    const k = `${it.assignment}|${it.slot}`;
    let l = itemsBy.get(k);
    if (!l) {
      l = [];
      itemsBy.set(k, l);
    }
    l.push(it);
  }

  // state
  const drawBal = new Map<string, Num>();
  const exitPaid = new Map<string, ExitPaid[]>();
  const ptdPaid = new Map<string, Num>();
  const paidByTx = new Map<string, Num>();
  const clawedByTx = new Map<string, Num>();
  if (input.carry) {
    for (const [k, v] of Object.entries(input.carry.drawBalances)) drawBal.set(k, K.parse(v));
    for (const [k, v] of Object.entries(input.carry.ptdPaid)) ptdPaid.set(k, K.parse(v));
    for (const [k, v] of Object.entries(input.carry.paidByTransaction)) paidByTx.set(k, K.parse(v));
    for (const [k, v] of Object.entries(input.carry.clawedByTransaction)) clawedByTx.set(k, K.parse(v));
    for (const [k, v] of Object.entries(input.carry.exitPaid ?? {})) {
      const parts = k.split('|');
      const end = parseDate(parts.at(-1) ?? '');
      if (parts.length < 4 || end === null) continue;
      const pid = parts.slice(0, -3).join('|');
      const list = exitPaid.get(pid) ?? [];
      list.push({ planId: parts.at(-3) as string, lineId: parts.at(-2) as string, end, amount: K.parse(v) });
      exitPaid.set(pid, list);
    }
  }
  if (input.balances) for (const [k, v] of input.balances) drawBal.set(k, K.of(v));

  // the schedule: every (plan, period) from the plan's warm start to the end, ordered by period end then plan id
  const schedule: { plan: CompiledPlan; period: Period; output: boolean }[] = [];
  for (const plan of [...usedPlans.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    const start = planStart.get(plan.id) ?? winStart;
    for (const period of periodsCovering(plan.periodKind, start, winEnd, plan.periodAnchor) ?? [])
      schedule.push({ plan, period, output: period.start >= winStart });
  }
  schedule.sort((x, y) => x.period.end - y.period.end || (x.plan.id < y.plan.id ? -1 : x.plan.id > y.plan.id ? 1 : 0));
  const firstOutputLabel = new Map<string, string>();
  for (const s of schedule) if (s.output && !firstOutputLabel.has(s.plan.id)) firstOutputLabel.set(s.plan.id, s.period.label);
  const warmUp = [...new Set(schedule.filter((s) => !s.output).map((s) => s.period.label))];

  const byPlan = new Map<string, Assignment[]>();
  for (const a of P.assignments) {
    let l = byPlan.get(a.planId);
    if (!l) {
      l = [];
      byPlan.set(a.planId, l);
    }
    l.push(a);
  }
  const adjustmentsBy = new Map<string, Adjustment[]>();
  for (const adj of input.adjustments ?? []) {
    let l = adjustmentsBy.get(adj.participantId);
    if (!l) {
      l = [];
      adjustmentsBy.set(adj.participantId, l);
    }
    l.push(adj);
  }
  const usedAdjustments = new Set<Adjustment>();

  const outLines: RunState['outLines'] = [];
  const outTotals: RunState['outTotals'] = [];
  const run: RunState = {
    kit: K,
    input,
    T,
    agg,
    itemsBy,
    watched,
    explain,
    // how credit was formed, for the crediting steps of the traces: built only when there are traces
    credits: explain ? creditRecords(aggCtx) : null,
    warnings,
    drawBal,
    exitPaid,
    ptdPaid,
    paidByTx,
    clawedByTx,
    adjustmentsBy,
    usedAdjustments,
    firstOutputLabel,
    hasClawback,
    seq: 0,
    outLines,
    outTotals,
    tiBase: new Map(),
    ptdKeys: new Map(),
    facts: input.options?.facts ? [] : null,
  };
  for (const { plan, period, output } of schedule) {
    const m0 = segmentAt(bounds, period.start);
    const yearFrom = yearStartOf(period);
    const pp: PlanPeriod = {
      plan,
      period,
      output,
      slots: slotsByPlan.get(plan.id) as PlanSlots,
      dp: plan.minorUnit,
      mode: plan.rounding.mode,
      roundLines: plan.rounding.point === 'line',
      m0,
      m1: segmentAt(bounds, period.end + 1),
      pYearStart: segmentAt(bounds, yearFrom),
      periodDays: period.end - period.start + 1,
      yearPeriods: periodsCovering(plan.periodKind, yearFrom, period.end + 1, plan.periodAnchor) ?? [],
    };
    for (const a of byPlan.get(plan.id) ?? []) {
      const activeFrom = Math.max(a.start ?? period.start, period.start);
      const activeTo = Math.min(a.end ?? period.end, period.end);
      if (activeTo < activeFrom) continue;
      new Slice(run, pp, a, activeFrom, activeTo).compute();
    }
  }

  // unused adjustments are an error the caller should see
  for (const adj of input.adjustments ?? []) {
    if (!usedAdjustments.has(adj))
      warnings.push(
        `adjustment on line ${adj.line} (${adj.participantId}, ${adj.componentId}${adj.period ? `, ${adj.period}` : ''}) did not apply to any calculated period`,
      );
  }

  // totals and canonical order ------------------------------------------------------------------------
  // lines come out in schedule order, participants in file order: sort only when that is not already the order
  let ordered = true;
  for (let i = 1; i < outLines.length && ordered; i++)
    if (compareKeys(outLines[i - 1] as RunState['outLines'][number], outLines[i] as RunState['outLines'][number]) > 0) ordered = false;
  if (!ordered) outLines.sort((x, y) => compareKeys(x, y));
  const totalsMap = new Map<string, RunState['outTotals'][number]>();
  for (const t of outTotals) {
    const k = `${t.period.label}|${t.pid}`;
    const cur = totalsMap.get(k);
    if (cur) cur.parts = cur.parts.concat(t.parts);
    else totalsMap.set(k, { ...t });
  }
  const totals: { end: number; t: TotalLine }[] = [];
  for (const t of totalsMap.values()) {
    const tr = explain ? new Tracer(`Total for ${t.pid} in ${t.period.label}`) : null;
    let sum = K.ZERO;
    for (const b of t.parts) {
      sum = sum.plus(b.amount);
      if (tr) tr.change(`${b.componentId}: ${fmtMoney(b.amount, t.plan.minorUnit)}`, b.amount);
    }
    const rounded = K.round(sum, t.plan.minorUnit, t.plan.rounding.mode);
    if (tr && !rounded.eq(sum))
      tr.change(
        `Rounded ${t.plan.rounding.mode.replace('_', ' ')} to ${t.plan.minorUnit} decimals: ${sum.toFixed()} -> ${rounded.toFixed()}`,
        rounded.minus(sum),
        { op: t.plan.rounding.mode === 'half_even' ? 'round_half_even' : 'round_half_up', args: [sum, K.int(t.plan.minorUnit)], result: rounded },
      );
    const line: TotalLine = { period: t.period.label, participantId: t.pid, amount: str(rounded, t.plan.minorUnit), currency: t.plan.currency };
    if (tr) line.explain = tr.done();
    totals.push({ end: t.period.end, t: line });
  }
  totals.sort((x, y) => x.end - y.end || (x.t.participantId < y.t.participantId ? -1 : x.t.participantId > y.t.participantId ? 1 : 0));

  const carry: Carry = {
    drawBalances: sortedRecord(drawBal),
    ptdPaid: sortedRecord(ptdPaid),
    paidByTransaction: sortedRecord(paidByTx),
    clawedByTransaction: sortedRecord(clawedByTx),
  };
  if (exitPaid.size > 0) {
    // only what an exit after this run can still reach
    const reach = new Map([...usedPlans.values()].map((p) => [p.id, p.exitClawback?.withinMonths ?? 0]));
    const lastDay = last.end;
    const kept: Record<string, string> = {};
    for (const [pid, list] of exitPaid)
      for (const x of list)
        if (addMonths(x.end, reach.get(x.planId) ?? 0) > lastDay) kept[`${pid}|${x.planId}|${x.lineId}|${formatDate(x.end)}`] = str(x.amount);
    carry.exitPaid = kept;
  }
  return {
    ok: true,
    value: {
      lines: outLines.map((b) => b.line),
      totals: totals.map((x) => x.t),
      carry,
      warnings,
      arithmetic: mode,
      warmUpPeriods: warmUp,
      ...(run.facts ? { facts: run.facts } : {}),
    },
  };

  function compareKeys(x: RunState['outLines'][number], y: RunState['outLines'][number]): number {
    // period order is the schedule order, which follows seq; then participant id; then seq
    const px = x.line.period;
    const py = y.line.period;
    if (px !== py) return x.seq - y.seq;
    if (x.line.participantId !== y.line.participantId) return x.line.participantId < y.line.participantId ? -1 : 1;
    return x.seq - y.seq;
  }
}

/** the state as a plain record, in a deterministic order (the order the run created it) */
function sortedRecord(m: Map<string, Num>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of m) out[k] = str(v);
  return out;
}
