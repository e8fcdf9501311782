/**
 * The calculation: for each plan period in the run, for each participant assignment active in it,
 * the component lines, then the total cap, clawbacks, the draw and manual adjustments, rounded as the
 * plan says, each with an explain trace.
 *
 * Order inside a participant's period (documented in docs/plan-format.md):
 *   components (each: rule -> gate -> cap -> rounding) -> total cap -> clawbacks -> draw -> adjustments.
 */
import type { Aggregates, PlanSlots, TxItem } from './aggregate';
import { aggregate, fastPathApplies, planSlots } from './aggregate';
import { payoutFraction } from './curve';
import type { Period } from './dates';
import { formatDate, periodsCovering, periodsPerYear } from './dates';
import type { D } from './decimal';
import { dec, dmax, dmin, fmtMoney, fmtPct, ONE, roundTo, ZERO } from './decimal';
import type { Adjustment, Assignment, ParticipantTable, Quotas, TransactionTable } from './inputs';
import { mboKey } from './inputs';
import type { AttainmentBonus, Cap, CompiledPlan, Component, Mbo, RateTable, Referral, Spif } from './plan';
import type { TierPoint } from './tiers';
import { applyTable } from './tiers';
import type { Explain } from './trace';
import { Tracer } from './trace';

export interface PayoutLine {
  period: string;
  participantId: string;
  planId: string;
  componentId: string;
  componentType: Component['type'] | 'total_cap' | 'clawback' | 'draw' | 'adjustment';
  /** exact decimal string; rounded to the currency minor unit when the plan rounds each line */
  amount: string;
  /** the amount the rule applied to (credit, base, count), if any */
  basis: string | null;
  /** attainment as a fraction (1 = 100%), if the rule used one */
  attainment: string | null;
  /** tier reached (1-based), if a rate table or curve was used */
  tier: string | null;
  /** rate used, if any */
  rate: string | null;
  explain?: Explain;
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
  };
}

export interface CalculateResult {
  lines: PayoutLine[];
  totals: TotalLine[];
  carry: Carry;
  warnings: string[];
  arithmetic: 'fast' | 'decimal';
  /** periods recalculated before the requested ones (not in lines) */
  warmUpPeriods: string[];
}

export type CalculateOutcome = { ok: true; value: CalculateResult } | { ok: false; errors: string[] };

interface Build {
  seq: number;
  line: PayoutLine;
  amount: D;
  tr: Tracer | null;
  comp: Component | null;
  /** slot and months whose transactions earned this line (for clawback attribution) */
  attribution: { slot: number; m0: number; m1: number } | null;
}

const MONTHS = { month: 1, quarter: 3, year: 12 } as const;

export function calculate(input: CalculateInput): CalculateOutcome {
  const { plans, participants: P, transactions: T } = input;
  const explain = input.options?.explain ?? true;
  const errors: string[] = [];
  const warnings: string[] = [];
  const first = input.periods[0];
  const last = input.periods[input.periods.length - 1];
  if (!first || !last) return { ok: false, errors: ['no period to calculate'] };
  const winStart = first.firstMonth;
  const winEnd = last.firstMonth + last.months;

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
    if (!periodsCovering(plan.periodKind, winStart, winEnd))
      errors.push(`plan ${plan.id} pays by ${plan.periodKind}; the requested period ${first.label}${first === last ? '' : `..${last.label}`} does not cover whole ${plan.periodKind}s`);
  }
  if (errors.length > 0) return { ok: false, errors };

  const hasPtd = [...usedPlans.values()].some((p) =>
    p.components.some((c) => ((c.type === 'rate_table' || c.type === 'attainment_bonus') && c.scope === 'ptd') || c.gate?.scope === 'ptd'),
  );
  const hasClawback = [...usedPlans.values()].some((p) => p.clawback !== null);
  const yearStart = winStart - (winStart % 12);
  let warmStart = winStart;
  if (!input.carry && (hasPtd || hasClawback)) {
    warmStart = yearStart;
    if (hasClawback) {
      for (let i = 0; i < T.count; i++) {
        if (T.status[i] !== 2 || (T.original[i] as number) < 0) continue;
        const cm = monthOf(T.date[i] as number);
        if (cm < winStart || cm >= winEnd) continue;
        const om = monthOf(T.date[T.original[i] as number] as number);
        if (om < warmStart) warmStart = om - (om % 12);
      }
    }
  }
  const aggStart = Math.min(warmStart, hasPtd ? yearStart : warmStart);

  // transactions whose pay must be known per transaction: originals of cancellations
  const watched = new Set<number>();
  if (hasClawback) for (let i = 0; i < T.count; i++) if (T.status[i] === 2 && (T.original[i] as number) >= 0) watched.add(T.original[i] as number);

  const slotsByPlan = new Map<string, PlanSlots>();
  for (const plan of usedPlans.values()) slotsByPlan.set(plan.id, planSlots(plan, T));
  const wanted = input.options?.arithmetic ?? 'auto';
  const mode: 'fast' | 'decimal' = wanted === 'decimal' ? 'decimal' : fastPathApplies(T) ? 'fast' : 'decimal';
  if (wanted === 'fast' && mode !== 'fast') warnings.push('the fast path does not apply to this data (amounts beyond cents, shares beyond 4 decimals, or sums near 2^53): decimal.js was used');
  const agg = aggregate({ plans: usedPlans, participants: P, transactions: T, slotsByPlan, firstMonth: aggStart, endMonth: winEnd, watched }, mode);
  const itemsBy = new Map<string, TxItem[]>();
  for (const it of agg.items) {
    const k = `${it.assignment}|${it.slot}`;
    let l = itemsBy.get(k);
    if (!l) itemsBy.set(k, (l = []));
    l.push(it);
  }

  // state
  const drawBal = new Map<string, D>();
  const ptdPaid = new Map<string, D>();
  const paidByTx = new Map<string, D>();
  const clawedByTx = new Map<string, D>();
  if (input.carry) {
    for (const [k, v] of Object.entries(input.carry.drawBalances)) drawBal.set(k, dec(v));
    for (const [k, v] of Object.entries(input.carry.ptdPaid)) ptdPaid.set(k, dec(v));
    for (const [k, v] of Object.entries(input.carry.paidByTransaction)) paidByTx.set(k, dec(v));
    for (const [k, v] of Object.entries(input.carry.clawedByTransaction)) clawedByTx.set(k, dec(v));
  }
  if (input.balances) for (const [k, v] of input.balances) drawBal.set(k, v);
  // cancellations by participant who was paid for the original
  const txIdRow = new Map<string, number>();
  for (const r of watched) txIdRow.set(T.ids[r] as string, r);

  // the schedule: every (plan, period) from warmStart to the end, ordered by period end then plan id
  const schedule: { plan: CompiledPlan; period: Period; output: boolean }[] = [];
  for (const plan of [...usedPlans.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    const len = MONTHS[plan.periodKind];
    const start = warmStart - (warmStart % len);
    for (const period of periodsCovering(plan.periodKind, start, winEnd) ?? []) schedule.push({ plan, period, output: period.firstMonth >= winStart });
  }
  schedule.sort((x, y) => x.period.end - y.period.end || (x.plan.id < y.plan.id ? -1 : x.plan.id > y.plan.id ? 1 : 0));
  const firstOutputLabel = new Map<string, string>();
  for (const s of schedule) if (s.output && !firstOutputLabel.has(s.plan.id)) firstOutputLabel.set(s.plan.id, s.period.label);
  const warmUp = [...new Set(schedule.filter((s) => !s.output).map((s) => s.period.label))];

  const byPlan = new Map<string, Assignment[]>();
  for (const a of P.assignments) {
    let l = byPlan.get(a.planId);
    if (!l) byPlan.set(a.planId, (l = []));
    l.push(a);
  }
  const adjustmentsBy = new Map<string, Adjustment[]>();
  for (const adj of input.adjustments ?? []) {
    let l = adjustmentsBy.get(adj.participantId);
    if (!l) adjustmentsBy.set(adj.participantId, (l = []));
    l.push(adj);
  }
  const usedAdjustments = new Set<Adjustment>();

  const outLines: Build[] = [];
  const outTotals: { period: Period; pid: string; plan: CompiledPlan; builds: Build[] }[] = [];
  let seq = 0;

  for (const { plan, period, output } of schedule) {
    const slots = slotsByPlan.get(plan.id) as PlanSlots;
    const dp = plan.minorUnit;
    const mode = plan.rounding.mode;
    const roundLines = plan.rounding.point === 'line';
    const m0 = period.firstMonth;
    const m1 = period.firstMonth + period.months;
    const pYearStart = m0 - (m0 % 12);
    const periodDays = period.end - period.start + 1;
    const yearPeriods = periodsCovering(plan.periodKind, pYearStart, m1) ?? [];

    for (const a of byPlan.get(plan.id) ?? []) {
      const activeFrom = Math.max(a.start ?? period.start, period.start);
      const activeTo = Math.min(a.end ?? period.end, period.end);
      if (activeTo < activeFrom) continue;
      const pid = a.participantId;
      const builds: Build[] = [];
      const newLine = (componentId: string, type: PayoutLine['componentType'], comp: Component | null, rule: string): Build => {
        const b: Build = {
          seq: seq++,
          line: { period: period.label, participantId: pid, planId: plan.id, componentId, componentType: type, amount: '0', basis: null, attainment: null, tier: null, rate: null },
          amount: ZERO,
          tr: explain ? new Tracer(rule) : null,
          comp,
          attribution: null,
        };
        builds.push(b);
        return b;
      };

      // proration and targets ------------------------------------------------------------------
      const activeDaysOf = (p: Period) => {
        const f = Math.max(a.start ?? p.start, p.start);
        const t = Math.min(a.end ?? p.end, p.end);
        return t < f ? 0 : t - f + 1;
      };
      const prorated = (x: D, p: Period, on: boolean) => {
        const ad = activeDaysOf(p);
        const pd = p.end - p.start + 1;
        if (!on || plan.proration.method === 'none' || ad === pd) return x;
        return x.times(ad).div(pd);
      };
      const tiOf = (p: Period) => {
        const base = plan.targetIncentiveBasis === 'annual' ? a.targetIncentive.div(periodsPerYear(plan.periodKind)) : a.targetIncentive;
        return prorated(base, p, plan.proration.targetIncentive);
      };
      const activeDays = activeFrom <= activeTo ? activeTo - activeFrom + 1 : 0;
      const isProrated = plan.proration.method !== 'none' && activeDays !== periodDays;
      const tiPeriod = tiOf(period);
      const explainTi = (tr: Tracer | null) => {
        if (!tr) return;
        const perYear = periodsPerYear(plan.periodKind);
        if (plan.targetIncentiveBasis === 'annual')
          tr.calc(`Period target incentive: annual ${fmtMoney(a.targetIncentive, dp)} / ${perYear} periods a year`, 'div', [a.targetIncentive, dec(perYear)], a.targetIncentive.div(perYear));
        else tr.note(`Period target incentive ${fmtMoney(a.targetIncentive, dp)} (stated per period)`);
        if (isProrated && plan.proration.targetIncentive) {
          const base = plan.targetIncentiveBasis === 'annual' ? a.targetIncentive.div(perYear) : a.targetIncentive;
          const part = base.times(activeDays);
          tr.calc(`Proration: active ${activeDays} of ${periodDays} days (${formatDate(activeFrom)} to ${formatDate(activeTo)}); ${fmtMoney(base, dp)} x ${activeDays}`, 'mul', [base, dec(activeDays)], part);
          tr.calc(`... / ${periodDays} days = prorated period target ${fmtMoney(tiPeriod, dp)}`, 'div', [part, dec(periodDays)], tiPeriod);
        }
      };
      const quotaOf = (measure: string, p: Period): D | null => {
        const q = input.quotas.get(pid, measure, p.label);
        if (q === undefined) return null;
        return prorated(q, p, plan.proration.quota);
      };
      const measureCredit = (measure: string, scope: 'period' | 'ptd') => {
        const s = slots.measureSlot.get(measure) as number;
        return agg.sum(a.index, s, scope === 'ptd' ? pYearStart : m0, m1);
      };
      const measureQuota = (measure: string, scope: 'period' | 'ptd'): D | null => {
        if (scope === 'period') return quotaOf(measure, period);
        let sum: D | null = null;
        for (const p of yearPeriods) {
          if (activeDaysOf(p) === 0) continue;
          const q = quotaOf(measure, p);
          if (q !== null) sum = (sum ?? ZERO).plus(q);
        }
        return sum;
      };
      const attainmentOf = (measure: string, scope: 'period' | 'ptd', tr: Tracer | null, label: string): { credit: D; quota: D | null; att: D | null } => {
        const credit = measureCredit(measure, scope);
        const quota = measureQuota(measure, scope);
        const scopeText = scope === 'ptd' ? `period-to-date (${yearPeriods[0]?.label} to ${period.label})` : `in ${period.label}`;
        if (quota === null || quota.isZero()) {
          warnings.push(`${period.label} ${pid}: no quota for measure ${measure}${scope === 'ptd' ? ' (period-to-date)' : ''}; attainment taken as 0`);
          if (tr) {
            tr.input(`${label} credit`, credit.toFixed());
            tr.note(`No quota for ${measure} ${scopeText}: attainment is taken as 0%`);
          }
          return { credit, quota, att: null };
        }
        const att = credit.div(quota);
        if (tr) {
          tr.input(`${label} credit`, credit.toFixed());
          tr.input(`${label} quota`, quota.toFixed());
          tr.calc(`${label} attainment ${scopeText}: credit ${fmtMoney(credit, dp)} / quota ${fmtMoney(quota, dp)} = ${fmtPct(att)}`, 'div', [credit, quota], att);
        }
        return { credit, quota, att };
      };
      const capValue = (cap: Cap, tr: Tracer | null, label: string): D => {
        if (cap.kind === 'amount') return cap.amount;
        const v = tiPeriod.times(cap.share);
        if (tr) tr.calc(`${label}: ${fmtPct(cap.share)} of the period target incentive ${fmtMoney(tiPeriod, dp)}`, 'mul', [tiPeriod, cap.share], v);
        return v;
      };
      const ptdKey = (c: Component) => `${period.year}|${pid}|${plan.id}|${c.id}`;
      const trueUp = (b: Build, c: Component, cum: D, floor: boolean) => {
        const prior = ptdPaid.get(ptdKey(c)) ?? ZERO;
        let pay = cum.minus(prior);
        if (b.tr) b.tr.change(`Less already paid for ${c.id} in earlier periods of ${period.year}: ${fmtMoney(prior, dp)}`, prior.neg(), { op: 'sub', args: [ZERO, prior], result: prior.neg() });
        if (floor && pay.isNegative()) {
          if (b.tr) b.tr.change(`The true-up ${fmtMoney(pay, dp)} is negative and the plan floors it at zero`, pay.neg());
          pay = ZERO;
        }
        return pay;
      };

      // components -------------------------------------------------------------------------------
      for (const c of plan.components) {
        let b: Build;
        let pay: D;
        if (c.type === 'rate_table') {
          b = newLine(c.id, c.type, c, rateRule(c));
          pay = rateTable(c, b);
        } else if (c.type === 'attainment_bonus') {
          b = newLine(c.id, c.type, c, bonusRule(c));
          pay = bonus(c, b);
        } else if (c.type === 'spif') {
          b = newLine(c.id, c.type, c, spifRule(c));
          pay = spif(c, b);
        } else if (c.type === 'referral') {
          b = newLine(c.id, c.type, c, `Referral: ${fmtMoney(c.amountPerReferral, dp)} per qualifying referral (type "${c.transactionType}")${c.maxPerPeriod ? `, at most ${c.maxPerPeriod} a period` : ''}`);
          pay = referral(c, b);
        } else {
          b = newLine(c.id, c.type, c, `MBO: weighted objective scores (each at most ${fmtPct(c.maxScore)}) x ${fmtPct(c.targetShare)} of the period target incentive`);
          pay = mbo(c, b);
        }
        // gate
        if (c.gate) {
          const g = c.gate;
          const r = attainmentOf(g.measure, g.scope, b.tr, `Gate ${g.measure}`);
          const att = r.att ?? ZERO;
          if (att.lt(g.minAttainment)) {
            const limit = capValue(g.whenClosed, b.tr, 'Gate limit');
            if (pay.gt(limit)) {
              const d = limit.minus(pay);
              if (b.tr) b.tr.change(`Gate closed: ${g.measure} attainment ${fmtPct(att)} is below ${fmtPct(g.minAttainment)}, so ${c.id} pays at most ${fmtMoney(limit, dp)}; reduced by ${fmtMoney(d.neg(), dp)}`, d, { op: 'sub', args: [limit, pay], result: d });
              pay = limit;
            } else if (b.tr) b.tr.note(`Gate closed (${g.measure} attainment ${fmtPct(att)} < ${fmtPct(g.minAttainment)}) but ${fmtMoney(pay, dp)} is within the limit ${fmtMoney(limit, dp)}`);
          } else if (b.tr) b.tr.note(`Gate open: ${g.measure} attainment ${fmtPct(att)} reaches ${fmtPct(g.minAttainment)}`);
        }
        // cap
        if (c.cap) {
          const cap = capValue(c.cap, b.tr, 'Component cap');
          if (pay.gt(cap)) {
            const d = cap.minus(pay);
            if (b.tr) b.tr.change(`Cap: ${c.id} pays at most ${fmtMoney(cap, dp)} a period; reduced by ${fmtMoney(d.neg(), dp)}`, d, { op: 'sub', args: [cap, pay], result: d });
            pay = cap;
          } else if (b.tr) b.tr.note(`Cap ${fmtMoney(cap, dp)} not reached`);
        }
        b.amount = pay;
        if (roundLines) roundBuild(b, dp, mode);
        if ((c.type === 'rate_table' || c.type === 'attainment_bonus') && c.scope === 'ptd') ptdPaid.set(ptdKey(c), (ptdPaid.get(ptdKey(c)) ?? ZERO).plus(b.amount));
      }

      // total cap ----------------------------------------------------------------------------------
      const compSum = builds.reduce((s, x) => s.plus(x.amount), ZERO);
      let capFactor = ONE;
      if (plan.totalCap) {
        const tr = explain ? new Tracer('Total cap on the sum of the component lines') : null;
        const cap = capValue(plan.totalCap, tr, 'Total cap');
        if (compSum.gt(cap)) {
          const b = newLine('total_cap', 'total_cap', null, 'Total cap on the sum of the component lines');
          if (b.tr && tr) {
            b.tr.steps.push(...tr.steps);
            b.tr.input('component lines total', compSum.toFixed());
          }
          const d = cap.minus(compSum);
          if (b.tr) b.tr.change(`Components total ${fmtMoney(compSum, dp)} exceeds the cap ${fmtMoney(cap, dp)}: reduce by ${fmtMoney(d.neg(), dp)}`, d, { op: 'sub', args: [cap, compSum], result: d });
          b.amount = d;
          b.line.basis = compSum.toFixed();
          if (roundLines) roundBuild(b, dp, mode);
          capFactor = compSum.plus(b.amount).div(compSum);
        }
      }

      // what was paid per watched transaction ------------------------------------------------------
      if (watched.size > 0) {
        for (const b of builds) {
          if (!b.attribution || b.amount.isZero()) continue;
          const list = itemsBy.get(`${a.index}|${b.attribution.slot}`);
          if (!list) continue;
          const total = agg.sum(a.index, b.attribution.slot, b.attribution.m0, b.attribution.m1);
          if (total.isZero()) continue;
          for (const it of list) {
            if (!watched.has(it.tx) || it.month < b.attribution.m0 || it.month >= b.attribution.m1) continue;
            const k = `${T.ids[it.tx]}|${pid}`;
            const part = b.amount.times(capFactor).times(it.value).div(total);
            paidByTx.set(k, (paidByTx.get(k) ?? ZERO).plus(part));
          }
        }
      }

      // clawbacks ----------------------------------------------------------------------------------
      if (hasClawback) clawbacks(plan, period, pid, builds, newLine, dp, mode, roundLines);

      if (output) {
        // draw -------------------------------------------------------------------------------------
        if (plan.draw) drawLine(plan, period, pid, builds, newLine, dp, mode, roundLines, activeDays, periodDays);
        // adjustments --------------------------------------------------------------------------------
        for (const adj of adjustmentsBy.get(pid) ?? []) {
          if (usedAdjustments.has(adj)) continue;
          const applies = adj.period === null ? firstOutputLabel.get(plan.id) === period.label : adj.period === period.label;
          if (!applies) continue;
          usedAdjustments.add(adj);
          let b = builds.find((x) => x.line.componentId === adj.componentId);
          if (!b) b = newLine(adj.componentId, 'adjustment', null, 'Manual adjustment');
          if (b.tr) b.tr.change(`Manual adjustment (adjustments file line ${adj.line}): ${fmtMoney(adj.amount, dp)}, reason: ${adj.reason}`, adj.amount);
          b.amount = b.amount.plus(adj.amount);
          if (roundLines) roundBuild(b, dp, mode);
        }
        for (const b of builds) {
          b.line.amount = roundLines ? b.amount.toFixed(dp) : b.amount.toFixed();
          if (b.tr) b.line.explain = b.tr.done();
          outLines.push(b);
        }
        outTotals.push({ period, pid, plan, builds });
      }

      // ---- component rules (closures over the assignment and period) ----
      function rateTable(c: RateTable, b: Build): D {
        const slot = slots.measureSlot.get(c.measure) as number;
        const tr = b.tr;
        if (c.scope === 'transaction') {
          b.attribution = { slot, m0, m1 };
          const items = (itemsBy.get(`${a.index}|${slot}`) ?? []).filter((it) => it.month >= m0 && it.month < m1);
          items.sort((x, y) => (T.date[x.tx] as number) - (T.date[y.tx] as number) || x.tx - y.tx);
          const tiers: TierPoint[] = c.tiers.map((t) => ({ from: t.from, rate: t.rate, label: fmtMoney(t.from, dp) }));
          let pay = ZERO;
          let basis = ZERO;
          let maxTier = 0;
          for (const it of items) {
            const v = it.value;
            basis = basis.plus(v);
            if (tr) tr.note(`Transaction ${T.ids[it.tx]} on ${formatDate(T.date[it.tx] as number)}: credit ${fmtMoney(v, dp)}`);
            const r = applyTable(c.method, c.boundary, tiers, v.abs(), dp, null, 'credit');
            const p = v.isNegative() ? r.pay.neg() : r.pay;
            if (tr) {
              // re-run with the tracer so the steps are shown; a negative credit reverses the result
              if (v.isNegative()) {
                const sub = new Tracer('');
                applyTable(c.method, c.boundary, tiers, v.abs(), dp, sub, 'credit');
                for (const st of sub.steps) tr.steps.push({ text: st.text, ...(st.calc ? { calc: st.calc } : {}) });
                tr.change(`Credit is negative (a return): the transaction reverses ${fmtMoney(r.pay, dp)}`, p);
              } else applyTable(c.method, c.boundary, tiers, v, dp, tr, 'credit');
            }
            pay = pay.plus(p);
            maxTier = Math.max(maxTier, r.tier);
          }
          if (items.length === 0 && tr) tr.note(`No credited transactions for ${c.measure} in ${period.label}`);
          b.line.basis = basis.toFixed();
          b.line.tier = String(maxTier);
          if (tr) tr.input(`${c.measure} transactions`, String(items.length));
          return pay;
        }
        const scope = c.scope;
        const credit = measureCredit(c.measure, scope);
        b.attribution = { slot, m0, m1 };
        let tiers: TierPoint[];
        if (c.basis === 'attainment') {
          const r = attainmentOf(c.measure, scope, tr, c.measure);
          b.line.attainment = r.att ? r.att.toFixed() : null;
          if (r.quota === null || r.quota.isZero()) {
            b.line.basis = credit.toFixed();
            return scope === 'ptd' ? trueUp(b, c, ZERO, c.negativeTrueUp === 'floor_at_zero') : ZERO;
          }
          const q = r.quota;
          tiers = c.tiers.map((t) => ({ from: t.from.times(q), rate: t.rate, label: `${fmtPct(t.from)} of quota (${fmtMoney(t.from.times(q), dp)})` }));
          if (tr) for (const [i, t] of c.tiers.entries()) tr.calc(`Tier ${i + 1} starts at ${fmtPct(t.from)} of quota ${fmtMoney(q, dp)}`, 'mul', [t.from, q], t.from.times(q));
        } else {
          if (tr) tr.input(`${c.measure} credit ${scope === 'ptd' ? 'period-to-date' : period.label}`, credit.toFixed());
          const q = measureQuota(c.measure, scope);
          if (q !== null && !q.isZero()) b.line.attainment = credit.div(q).toFixed();
          tiers = c.tiers.map((t) => ({ from: t.from, rate: t.rate, label: fmtMoney(t.from, dp) }));
        }
        if (tr && scope === 'ptd') tr.note(`Period-to-date: the table is applied to the credit from ${yearPeriods[0]?.label} to ${period.label}, then earlier payments are deducted (true-up)`);
        const r = applyTable(c.method, c.boundary, tiers, credit, dp, tr, scope === 'ptd' ? 'period-to-date credit' : 'credit');
        b.line.basis = credit.toFixed();
        b.line.tier = String(r.tier);
        b.line.rate = r.rate.toFixed();
        return scope === 'ptd' ? trueUp(b, c, r.pay, c.negativeTrueUp === 'floor_at_zero') : r.pay;
      }

      function bonus(c: AttainmentBonus, b: Build): D {
        const tr = b.tr;
        const r = attainmentOf(c.measure, c.scope, tr, c.measure);
        const att = r.att ?? ZERO;
        b.line.attainment = att.toFixed();
        b.line.basis = r.credit.toFixed();
        const frac = payoutFraction(c, att, tr);
        b.line.rate = frac.toFixed();
        let target: D;
        if (c.scope === 'period') {
          explainTi(tr);
          target = tiPeriod.times(c.targetShare);
          if (tr) tr.calc(`Component target: ${fmtMoney(tiPeriod, dp)} x ${fmtPct(c.targetShare)}`, 'mul', [tiPeriod, c.targetShare], target);
        } else {
          let cumTi = ZERO;
          for (const p of yearPeriods) cumTi = cumTi.plus(tiOf(p));
          target = cumTi.times(c.targetShare);
          if (tr) {
            tr.input('period-to-date target incentive', cumTi.toFixed());
            tr.calc(`Period-to-date component target: ${fmtMoney(cumTi, dp)} x ${fmtPct(c.targetShare)}`, 'mul', [cumTi, c.targetShare], target);
          }
        }
        const pay = target.times(frac);
        if (tr) tr.add(`Bonus: target ${fmtMoney(target, dp)} x payout ${fmtPct(frac)} = ${fmtMoney(pay, dp)}`, 'mul', [target, frac], pay);
        return c.scope === 'ptd' ? trueUp(b, c, pay, false) : pay;
      }

      function spif(c: Spif, b: Build): D {
        const slot = slots.componentSlot.get(c.id) as number;
        b.attribution = { slot, m0, m1 };
        const base = agg.sum(a.index, slot, m0, m1);
        const n = agg.count(a.index, slot, m0, m1);
        b.line.basis = base.toFixed();
        const tr = b.tr;
        if (tr) {
          tr.input('qualifying transactions', String(n));
          tr.input(c.pay.kind === 'per_unit' ? 'units (payout share)' : 'amount (payout share)', base.toFixed());
        }
        if (c.pay.kind === 'per_unit') {
          const pay = base.times(c.pay.amount);
          b.line.rate = c.pay.amount.toFixed();
          if (tr) tr.add(`SPIF: ${base.toFixed()} units x ${fmtMoney(c.pay.amount, dp)} per unit = ${fmtMoney(pay, dp)}`, 'mul', [base, c.pay.amount], pay);
          return pay;
        }
        const pay = base.times(c.pay.rate);
        b.line.rate = c.pay.rate.toFixed();
        if (tr) tr.add(`SPIF: ${fmtMoney(base, dp)} x ${fmtPct(c.pay.rate)} = ${fmtMoney(pay, dp)}`, 'mul', [base, c.pay.rate], pay);
        return pay;
      }

      function referral(c: Referral, b: Build): D {
        const slot = slots.componentSlot.get(c.id) as number;
        b.attribution = { slot, m0, m1 };
        let n = agg.sum(a.index, slot, m0, m1);
        const tr = b.tr;
        if (tr) tr.input('qualifying referrals (payout share)', n.toFixed());
        if (c.maxPerPeriod !== null && n.gt(c.maxPerPeriod)) {
          if (tr) tr.calc(`At most ${c.maxPerPeriod} referrals are paid a period`, 'min', [n, dec(c.maxPerPeriod)], dec(c.maxPerPeriod));
          n = dec(c.maxPerPeriod);
        }
        b.line.basis = n.toFixed();
        b.line.rate = c.amountPerReferral.toFixed();
        const pay = n.times(c.amountPerReferral);
        if (tr) tr.add(`Referrals: ${n.toFixed()} x ${fmtMoney(c.amountPerReferral, dp)} = ${fmtMoney(pay, dp)}`, 'mul', [n, c.amountPerReferral], pay);
        return pay;
      }

      function mbo(c: Mbo, b: Build): D {
        const tr = b.tr;
        let achieved = ZERO;
        for (const o of c.objectives) {
          const sc = input.mbo?.get(mboKey(pid, o.id, period.label));
          if (sc === undefined) {
            warnings.push(`${period.label} ${pid}: no MBO score for objective ${o.id}; scored 0`);
            if (tr) tr.note(`Objective ${o.id}: no score for ${period.label}, counted as 0%`);
            continue;
          }
          const eff = dmin(sc, c.maxScore);
          if (tr && eff.lt(sc)) tr.calc(`Objective ${o.id}: score ${fmtPct(sc)} limited to ${fmtPct(c.maxScore)}`, 'min', [sc, c.maxScore], eff);
          const w = eff.times(o.weight);
          if (tr) {
            tr.input(`score ${o.id}`, sc.toFixed());
            tr.calc(`Objective ${o.id}: score ${fmtPct(eff)} x weight ${fmtPct(o.weight)} = ${fmtPct(w)}`, 'mul', [eff, o.weight], w);
          }
          const next = achieved.plus(w);
          if (tr) tr.calc(`Weighted achievement so far ${fmtPct(next)}`, 'add', [achieved, w], next);
          achieved = next;
        }
        explainTi(tr);
        const target = tiPeriod.times(c.targetShare);
        if (tr) tr.calc(`MBO target: ${fmtMoney(tiPeriod, dp)} x ${fmtPct(c.targetShare)}`, 'mul', [tiPeriod, c.targetShare], target);
        const pay = target.times(achieved);
        if (tr) tr.add(`MBO: ${fmtMoney(target, dp)} x ${fmtPct(achieved)} = ${fmtMoney(pay, dp)}`, 'mul', [target, achieved], pay);
        b.line.attainment = achieved.toFixed();
        b.line.basis = target.toFixed();
        return pay;
      }
    }
  }

  function clawbacks(
    plan: CompiledPlan,
    period: Period,
    pid: string,
    builds: Build[],
    newLine: (id: string, type: PayoutLine['componentType'], comp: Component | null, rule: string) => Build,
    dp: number,
    mode: 'half_up' | 'half_even',
    roundLines: boolean,
  ) {
    let b: Build | null = null;
    for (let i = 0; i < T.count; i++) {
      if (T.status[i] !== 2) continue;
      const day = T.date[i] as number;
      if (day < period.start || day > period.end) continue;
      const o = T.original[i] as number;
      if (o < 0) continue;
      const k = `${T.ids[i]}|${pid}`;
      const paid = paidByTx.get(k);
      if (paid === undefined) continue;
      if (!b) b = newLine('clawback', 'clawback', null, plan.clawback ? `Clawback: cancellations within ${plan.clawback.windowDays} days reverse the commission paid, ${plan.clawback.method === 'full' ? 'in full' : 'prorated by the part of the window not yet elapsed'}; never more than was paid` : 'Clawback: this plan has no clawback rule');
      const tr = b.tr;
      const elapsed = day - (T.date[o] as number);
      const clawed = clawedByTx.get(k) ?? ZERO;
      const remaining = dmax(paid.minus(clawed), ZERO);
      const head = `Transaction ${T.ids[i]} booked ${formatDate(T.date[o] as number)}, cancelled ${formatDate(day)} (${elapsed} days later); paid earlier ${fmtMoney(paid, dp)}, already clawed back ${fmtMoney(clawed, dp)}`;
      if (!plan.clawback) {
        if (tr) tr.note(`${head}: no clawback rule in plan ${plan.id}`);
        continue;
      }
      const cb = plan.clawback;
      if (elapsed > cb.windowDays) {
        if (tr) tr.note(`${head}: outside the ${cb.windowDays}-day window, nothing is clawed back`);
        continue;
      }
      let amt: D;
      if (cb.method === 'full') {
        amt = remaining;
        if (tr) tr.note(`${head}: inside the ${cb.windowDays}-day window, full clawback of what remains`);
      } else {
        const left = dec(cb.windowDays - elapsed);
        const f = cb.windowDays === 0 ? ONE : left.div(cb.windowDays);
        const raw = paid.times(f);
        if (tr) {
          if (cb.windowDays > 0) tr.calc(`${head}: ${cb.windowDays - elapsed} of ${cb.windowDays} window days not yet elapsed`, 'div', [left, dec(cb.windowDays)], f);
          tr.calc(`Prorated clawback ${fmtMoney(paid, dp)} x ${fmtPct(f)}`, 'mul', [paid, f], raw);
        }
        amt = dmin(raw, remaining);
        if (tr && amt.lt(raw)) tr.calc('Never more than remains paid', 'min', [raw, remaining], amt);
      }
      if (tr) tr.change(`Claw back ${fmtMoney(amt, dp)} for ${T.ids[i]}`, amt.neg(), { op: 'sub', args: [ZERO, amt], result: amt.neg() });
      b.amount = b.amount.minus(amt);
      clawedByTx.set(k, clawed.plus(amt));
    }
    if (b && roundLines) roundBuild(b, dp, mode);
    void builds;
  }

  function drawLine(
    plan: CompiledPlan,
    period: Period,
    pid: string,
    builds: Build[],
    newLine: (id: string, type: PayoutLine['componentType'], comp: Component | null, rule: string) => Build,
    dp: number,
    mode: 'half_up' | 'half_even',
    roundLines: boolean,
    activeDays: number,
    periodDays: number,
  ) {
    const d = plan.draw;
    if (!d) return;
    const earnings = builds.reduce((s, x) => s.plus(x.amount), ZERO);
    const b = newLine('draw', 'draw', null, d.kind === 'recoverable' ? 'Recoverable draw: advance up to the draw, recover the balance from earnings above it' : 'Non-recoverable draw: guaranteed minimum, topped up');
    const tr = b.tr;
    let drawAmt = d.amountPerPeriod;
    if (plan.proration.method !== 'none' && plan.proration.draw && activeDays !== periodDays) {
      const part = drawAmt.times(activeDays);
      const v = part.div(periodDays);
      if (tr) {
        tr.calc(`Draw prorated: ${fmtMoney(drawAmt, dp)} x ${activeDays} active days`, 'mul', [drawAmt, dec(activeDays)], part);
        tr.calc(`... / ${periodDays} days in ${period.label}`, 'div', [part, dec(periodDays)], v);
      }
      drawAmt = v;
    }
    if (roundLines) drawAmt = roundTo(drawAmt, dp, mode);
    if (tr) {
      tr.input('earnings this period', earnings.toFixed());
      tr.input('draw', drawAmt.toFixed());
    }
    b.line.basis = earnings.toFixed();
    if (d.kind === 'non_recoverable') {
      if (earnings.lt(drawAmt)) {
        const top = drawAmt.minus(earnings);
        if (tr) tr.add(`Earnings ${fmtMoney(earnings, dp)} are below the guaranteed ${fmtMoney(drawAmt, dp)}: top up ${fmtMoney(top, dp)}`, 'sub', [drawAmt, earnings], top);
        b.amount = top;
      } else if (tr) tr.note(`Earnings ${fmtMoney(earnings, dp)} reach the guaranteed ${fmtMoney(drawAmt, dp)}: no top-up`);
      if (roundLines) roundBuild(b, dp, mode);
      return;
    }
    const bal = drawBal.get(pid) ?? ZERO;
    if (tr) tr.input('balance owed at start', bal.toFixed());
    if (earnings.lt(drawAmt)) {
      const adv = drawAmt.minus(earnings);
      if (tr) tr.add(`Earnings ${fmtMoney(earnings, dp)} are below the draw ${fmtMoney(drawAmt, dp)}: advance ${fmtMoney(adv, dp)}`, 'sub', [drawAmt, earnings], adv);
      b.amount = adv;
      if (roundLines) roundBuild(b, dp, mode);
      const nb = bal.plus(b.amount);
      if (tr) tr.note(`Balance owed: ${fmtMoney(bal, dp)} + ${fmtMoney(b.amount, dp)} = ${fmtMoney(nb, dp)}`);
      drawBal.set(pid, nb);
      return;
    }
    if (!bal.gt(0)) {
      if (tr) tr.note(`Earnings ${fmtMoney(earnings, dp)} reach the draw and nothing is owed`);
      return;
    }
    const excess = earnings.minus(drawAmt);
    if (tr) tr.calc(`Earnings above the draw: ${fmtMoney(earnings, dp)} - ${fmtMoney(drawAmt, dp)}`, 'sub', [earnings, drawAmt], excess);
    let rec = dmin(bal, excess);
    if (tr) tr.calc(`Recoverable now: the smaller of the balance ${fmtMoney(bal, dp)} and the excess ${fmtMoney(excess, dp)}`, 'min', [bal, excess], rec);
    if (d.recoveryLimit) {
      const lim = d.recoveryLimit.kind === 'amount' ? d.recoveryLimit.amount : earnings.times(d.recoveryLimit.share);
      if (tr && d.recoveryLimit.kind === 'share_of_earnings') tr.calc(`Recovery limit: ${fmtPct(d.recoveryLimit.share)} of earnings`, 'mul', [earnings, d.recoveryLimit.share], lim);
      if (lim.lt(rec)) {
        if (tr) tr.calc(`Recovery limited to ${fmtMoney(lim, dp)}`, 'min', [rec, lim], lim);
        rec = lim;
      }
    }
    if (roundLines) rec = roundTo(rec, dp, mode);
    if (tr) tr.change(`Recover ${fmtMoney(rec, dp)} of the draw balance`, rec.neg(), { op: 'sub', args: [ZERO, rec], result: rec.neg() });
    b.amount = rec.neg();
    const nb = bal.minus(rec);
    if (tr) tr.note(`Balance owed: ${fmtMoney(bal, dp)} - ${fmtMoney(rec, dp)} = ${fmtMoney(nb, dp)}`);
    drawBal.set(pid, nb);
  }

  // unused adjustments are an error the caller should see
  for (const adj of input.adjustments ?? []) {
    if (!usedAdjustments.has(adj))
      warnings.push(`adjustment on line ${adj.line} (${adj.participantId}, ${adj.componentId}${adj.period ? `, ${adj.period}` : ''}) did not apply to any calculated period`);
  }

  // totals and canonical order ------------------------------------------------------------------------
  outLines.sort((x, y) => compareKeys(x, y));
  const totalsMap = new Map<string, { period: Period; pid: string; plan: CompiledPlan; builds: Build[] }>();
  for (const t of outTotals) {
    const k = `${t.period.label}|${t.pid}`;
    const cur = totalsMap.get(k);
    if (cur) cur.builds = cur.builds.concat(t.builds);
    else totalsMap.set(k, { ...t });
  }
  const totals: { end: number; t: TotalLine }[] = [];
  for (const t of totalsMap.values()) {
    const tr = explain ? new Tracer(`Total for ${t.pid} in ${t.period.label}`) : null;
    let sum = ZERO;
    for (const b of t.builds) {
      sum = sum.plus(b.amount);
      if (tr) tr.change(`${b.line.componentId}: ${fmtMoney(b.amount, t.plan.minorUnit)}`, b.amount);
    }
    const rounded = roundTo(sum, t.plan.minorUnit, t.plan.rounding.mode);
    if (tr && !rounded.eq(sum)) tr.change(`Rounded ${t.plan.rounding.mode.replace('_', ' ')} to ${t.plan.minorUnit} decimals: ${sum.toFixed()} -> ${rounded.toFixed()}`, rounded.minus(sum), { op: t.plan.rounding.mode === 'half_even' ? 'round_half_even' : 'round_half_up', args: [sum, dec(t.plan.minorUnit)], result: rounded });
    const line: TotalLine = { period: t.period.label, participantId: t.pid, amount: rounded.toFixed(t.plan.minorUnit), currency: t.plan.currency };
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
  return {
    ok: true,
    value: { lines: outLines.map((b) => b.line), totals: totals.map((x) => x.t), carry, warnings, arithmetic: mode, warmUpPeriods: warmUp },
  };

  function compareKeys(x: Build, y: Build): number {
    // period order is the schedule order, which follows seq; then participant id; then seq
    const px = x.line.period;
    const py = y.line.period;
    if (px !== py) return x.seq - y.seq;
    if (x.line.participantId !== y.line.participantId) return x.line.participantId < y.line.participantId ? -1 : 1;
    return x.seq - y.seq;
  }
}

function monthOf(day: number): number {
  const d = new Date(day * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function roundBuild(b: Build, dp: number, mode: 'half_up' | 'half_even'): void {
  const r = roundTo(b.amount, dp, mode);
  if (!r.eq(b.amount) && b.tr)
    b.tr.change(`Rounded ${mode.replace('_', ' ')} to ${dp} decimals: ${b.amount.toFixed()} -> ${r.toFixed()}`, r.minus(b.amount), {
      op: mode === 'half_even' ? 'round_half_even' : 'round_half_up',
      args: [b.amount, dec(dp)],
      result: r,
    });
  b.amount = r;
}

function sortedRecord(m: Map<string, D>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...m.keys()].sort()) out[k] = (m.get(k) as D).toFixed();
  return out;
}

function rateRule(c: RateTable): string {
  const how = c.method === 'marginal' ? 'marginal (each slice at its own tier rate)' : c.method === 'retroactive' ? 'retroactive (the tier reached sets the rate for everything)' : 'interpolated (rate linear between points, applied to everything)';
  const scope = c.scope === 'transaction' ? 'on each transaction' : c.scope === 'period' ? 'on the period total' : 'on the period-to-date total with a true-up of earlier periods';
  return `Rate table ${how} on ${c.basis === 'attainment' ? `attainment of ${c.measure}` : `${c.measure} credit`}, ${scope}; a value on a boundary goes to the ${c.boundary} tier`;
}

function bonusRule(c: AttainmentBonus): string {
  return `Attainment bonus: payout curve on ${c.measure} attainment (${c.scope === 'ptd' ? 'period-to-date with true-up' : 'period'}), threshold ${fmtPct(c.threshold)}, ${c.bands.length} accelerator/decelerator band(s), worth ${fmtPct(c.targetShare)} of target incentive at 100% payout`;
}

function spifRule(c: Spif): string {
  const pay = c.pay.kind === 'per_unit' ? `${c.pay.amount.toFixed()} per unit` : `${fmtPct(c.pay.rate)} of the amount`;
  return `SPIF: ${pay} for qualifying transactions dated ${formatDate(c.windowFrom)} to ${formatDate(c.windowTo)} (payout share)`;
}
