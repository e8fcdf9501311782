/**
 * One participant assignment in one plan period: its component lines, total cap, clawbacks, draw and
 * adjustments. A class (methods shared on the prototype) rather than closures per participant: the
 * calculation runs this for every participant and period, so it allocates little.
 */
import type { Aggregates, CreditRecords, PlanSlots, Slot, TxItem } from './aggregate';
import type { CalculateInput, ParticipantFacts, PayoutLine } from './calculate';
import { traceCredit } from './credit-trace';
import { payoutFraction } from './curve';
import type { Period } from './dates';
import { addMonths, formatDate, periodsPerYear, prorationUnit, prorationUnits } from './dates';
import { D as Dec, fmtMoney, fmtPct } from './decimal';
import type { RawDetail } from './detail';
import { detailRows, marginalSlices } from './detail';
import type { Adjustment, Assignment } from './inputs';
import { mboKey, STATUS_CANCELLED } from './inputs';
import type { Kit, Num } from './num';
import { memo, str } from './num';
import type { AttainmentBonus, Cap, CompiledPlan, Component, Mbo, Multiplier, RateTable, Referral, Spif } from './plan';
import type { TierPoint } from './tiers';
import { applyTable } from './tiers';
import { Tracer } from './trace';
import type { TransactionTable } from './transaction-table';

export interface Build {
  seq: number;
  line: PayoutLine;
  amount: Num;
  tr: Tracer | null;
  comp: Component | null;
  /** slot and months whose transactions earned this line (for clawback attribution) */
  attribution: { slot: number; m0: number; m1: number } | null;
  /** line fields, turned into strings only for the periods that are output */
  basis: Num | null;
  attainment: Num | null;
  rate: Num | null;
  /** key of what a period-to-date component has paid this year */
  ptdKey?: string;
  /** per-transaction rows before allocation (only when the run asks for detail) */
  detail?: RawDetail[];
  /** what earlier periods of the year paid (period-to-date true-up) */
  prior?: Num;
  /** manual adjustments added to the line */
  adjusted?: Num;
  /** recoverable draws: the balance owed after the period (on the draw line) */
  balance?: Num;
}

export interface RunState {
  kit: Kit;
  input: CalculateInput;
  T: TransactionTable;
  agg: Aggregates;
  itemsBy: Map<string, TxItem[]>;
  watched: Set<number>;
  explain: boolean;
  /** how credit was formed, for the crediting steps of explain traces (null in fast runs) */
  credits: CreditRecords | null;
  warnings: string[];
  drawBal: Map<string, Num>;
  /** per participant, what the lines an exit clawback names paid in each period (plans with an exitClawback only) */
  exitPaid: Map<string, ExitPaid[]>;
  ptdPaid: Map<string, Num>;
  paidByTx: Map<string, Num>;
  clawedByTx: Map<string, Num>;
  adjustmentsBy: Map<string, Adjustment[]>;
  usedAdjustments: Set<Adjustment>;
  firstOutputLabel: Map<string, string>;
  hasClawback: boolean;
  seq: number;
  /** output lines with their order of creation (only what the result needs is kept) */
  outLines: { seq: number; line: PayoutLine }[];
  outTotals: { period: Period; pid: string; plan: CompiledPlan; parts: { componentId: string; amount: Num }[] }[];
  /** per assignment and periods a year (weekly plans have 52- and 53-week years): target incentive per period before proration */
  tiBase: Map<number, Num>;
  /** period-to-date keys by component, year and assignment index */
  ptdKeys: Map<Component, Map<string, string[]>>;
  /** collected only when the caller asks for facts (modeling) */
  facts: ParticipantFacts[] | null;
}

/** What one line paid in one period, kept for a later exit clawback. */
export interface ExitPaid {
  planId: string;
  lineId: string;
  /** last day of the period */
  end: number;
  amount: Num;
}

export interface PlanPeriod {
  plan: CompiledPlan;
  period: Period;
  output: boolean;
  slots: PlanSlots;
  dp: number;
  mode: 'half_up' | 'half_even';
  roundLines: boolean;
  m0: number;
  m1: number;
  pYearStart: number;
  periodDays: number;
  yearPeriods: Period[];
}

export class Slice {
  readonly pid: string;
  readonly builds: Build[] = [];
  readonly activeDays: number;
  /** the active part of the period and the whole period in the plan's proration unit (days, months, working days) */
  readonly activeUnits: number;
  readonly periodUnits: number;
  readonly isProrated: boolean;
  readonly tiPeriod: Num;
  /** set while a rate table asks for attainment only to scale its tiers */
  skipAttainment = false;

  constructor(
    readonly run: RunState,
    readonly pp: PlanPeriod,
    readonly a: Assignment,
    readonly activeFrom: number,
    readonly activeTo: number,
  ) {
    this.pid = a.participantId;
    this.activeDays = activeTo - activeFrom + 1;
    const [au, pu] = prorationUnits(pp.plan.proration.method, pp.period.start, pp.period.end, activeFrom, activeTo);
    this.activeUnits = au;
    this.periodUnits = pu;
    this.isProrated = pp.plan.proration.method !== 'none' && au !== pu;
    this.tiPeriod = this.tiOf(pp.period);
  }

  newLine(componentId: string, type: PayoutLine['componentType'], comp: Component | null, rule: () => string): Build {
    const K = this.run.kit;
    const { period, plan } = this.pp;
    const b: Build = {
      seq: this.run.seq++,
      line: {
        period: period.label,
        participantId: this.pid,
        planId: plan.id,
        componentId,
        componentType: type,
        amount: '0',
        basis: null,
        attainment: null,
        tier: null,
        rate: null,
      },
      amount: K.ZERO,
      tr: this.run.explain ? new Tracer(rule()) : null,
      comp,
      attribution: null,
      basis: null,
      attainment: null,
      rate: null,
    };
    this.builds.push(b);
    return b;
  }

  activeDaysOf(p: Period): number {
    const f = Math.max(this.a.start ?? p.start, p.start);
    const t = Math.min(this.a.end ?? p.end, p.end);
    return t < f ? 0 : t - f + 1;
  }

  prorated(x: Num, p: Period, on: boolean): Num {
    const K = this.run.kit;
    const method = this.pp.plan.proration.method;
    if (!on || method === 'none') return x;
    const [ad, pd] = prorationUnits(method, p.start, p.end, this.a.start ?? p.start, this.a.end ?? p.end);
    if (ad === pd) return x;
    return x.times(K.int(ad)).div(K.int(pd));
  }

  tiOf(p: Period): Num {
    const K = this.run.kit;
    const plan = this.pp.plan;
    const perYear = periodsPerYear(p);
    // at most 53 periods a year, so the key is unique per assignment and year length
    const key = this.a.index * 64 + perYear;
    let base = this.run.tiBase.get(key);
    if (base === undefined) {
      const ti = K.of(this.a.targetIncentive);
      base = plan.targetIncentiveBasis === 'annual' ? ti.div(K.int(perYear)) : ti;
      this.run.tiBase.set(key, base);
    }
    return this.prorated(base, p, plan.proration.targetIncentive);
  }

  explainTi(tr: Tracer | null): void {
    const K = this.run.kit;
    if (!tr) return;
    const { plan, dp } = this.pp;
    const a = this.a;
    const unit = prorationUnit(plan.proration.method);
    const ti = K.of(a.targetIncentive);
    const perYear = periodsPerYear(this.pp.period);
    if (plan.targetIncentiveBasis === 'annual')
      tr.calc(
        `Period target incentive: annual ${fmtMoney(a.targetIncentive, dp)} / ${perYear} periods a year`,
        'div',
        [ti, K.int(perYear)],
        ti.div(K.int(perYear)),
      );
    else tr.note(`Period target incentive ${fmtMoney(a.targetIncentive, dp)} (stated per period)`);
    if (this.isProrated && plan.proration.targetIncentive) {
      const base = plan.targetIncentiveBasis === 'annual' ? ti.div(K.int(perYear)) : ti;
      const part = base.times(K.int(this.activeUnits));
      tr.calc(
        `Proration: active ${this.activeUnits} of ${this.periodUnits} ${unit}${plan.proration.method === 'whole_months' ? ' (a month counts when active on its 15th)' : ''} (${formatDate(this.activeFrom)} to ${formatDate(this.activeTo)}); ${fmtMoney(base, dp)} x ${this.activeUnits}`,
        'mul',
        [base, K.int(this.activeUnits)],
        part,
      );
      tr.calc(
        `... / ${this.periodUnits} ${unit} = prorated period target ${fmtMoney(this.tiPeriod, dp)}`,
        'div',
        [part, K.int(this.periodUnits)],
        this.tiPeriod,
      );
    }
  }

  quotaOf(measure: string, p: Period): Num | null {
    const K = this.run.kit;
    const q = this.run.input.quotas.text(this.a.pIdx, measure, p.label);
    if (q === undefined) return null;
    return this.prorated(K.parse(q), p, this.pp.plan.proration.quota);
  }

  measureCredit(measure: string, scope: 'period' | 'ptd'): Num {
    const s = this.pp.slots.measureSlot.get(measure) as number;
    return this.run.agg.sum(this.a.index, s, scope === 'ptd' ? this.pp.pYearStart : this.pp.m0, this.pp.m1);
  }

  /**
   * The crediting steps (splits, overlay, roll-ups, cancellations, with transaction ids) of the credit
   * of a slot over [m0, m1), in the trace of a line that is output. They add up to `credit`, the sum
   * the line used; a difference would be an engine fault and is reported as a warning.
   */
  traceCredit(tr: Tracer, slot: number, m0: number, m1: number, label: string, credit: Num): void {
    const records = this.run.credits;
    if (records === null || !this.pp.output) return;
    const sum = traceCredit(tr, {
      T: this.run.T,
      P: this.run.input.participants,
      records,
      slot: this.pp.slots.slots[slot] as Slot,
      assignment: this.a.index,
      m0,
      m1,
      dp: this.pp.dp,
      label,
    });
    if (sum !== null && !sum.eq(this.run.kit.toD(credit)))
      this.run.warnings.push(`${this.pp.period.label} ${this.pid}: the crediting steps of ${label} add up to ${sum.toFixed()}, not ${credit.toFixed()}`);
  }

  /** "sales credit in 2026-Q2" or "sales credit period-to-date (2026-Q1 to 2026-Q2)" */
  creditLabel(measure: string, scope: 'period' | 'ptd'): string {
    const { period, yearPeriods } = this.pp;
    return `${measure} credit ${scope === 'ptd' ? `period-to-date (${yearPeriods[0]?.label} to ${period.label})` : `in ${period.label}`}`;
  }

  measureQuota(measure: string, scope: 'period' | 'ptd'): Num | null {
    if (scope === 'period') return this.quotaOf(measure, this.pp.period);
    let sum: Num | null = null;
    for (const p of this.pp.yearPeriods) {
      if (this.activeDaysOf(p) === 0) continue;
      const q = this.quotaOf(measure, p);
      if (q !== null) sum = sum === null ? q : sum.plus(q);
    }
    return sum;
  }

  attainmentOf(measure: string, scope: 'period' | 'ptd', tr: Tracer | null, label: string): { credit: Num; quota: Num | null; att: Num | null } {
    const { period, dp, yearPeriods } = this.pp;
    const credit = this.measureCredit(measure, scope);
    if (tr)
      this.traceCredit(
        tr,
        this.pp.slots.measureSlot.get(measure) as number,
        scope === 'ptd' ? this.pp.pYearStart : this.pp.m0,
        this.pp.m1,
        this.creditLabel(measure, scope),
        credit,
      );
    const quota = this.measureQuota(measure, scope);
    if (quota === null || quota.isZero()) {
      this.run.warnings.push(
        `${period.label} ${this.pid}: no quota for measure ${measure}${scope === 'ptd' ? ' (period-to-date)' : ''}; attainment taken as 0`,
      );
      if (tr) {
        tr.input(`${label} credit`, credit.toFixed());
        tr.note(
          `No quota for ${measure} ${scope === 'ptd' ? `period-to-date (${yearPeriods[0]?.label} to ${period.label})` : `in ${period.label}`}: attainment is taken as 0%`,
        );
      }
      return { credit, quota, att: null };
    }
    // a period recalculated only for what it paid (not output, no trace) does not need the attainment
    // itself when the rule works on quota amounts (rate tables)
    if (!this.pp.output && !tr && label !== '' && this.skipAttainment) return { credit, quota, att: null };
    const att = credit.div(quota);
    if (tr) {
      tr.input(`${label} credit`, credit.toFixed());
      tr.input(`${label} quota`, quota.toFixed());
      tr.calc(
        `${label} attainment ${scope === 'ptd' ? `period-to-date (${yearPeriods[0]?.label} to ${period.label})` : `in ${period.label}`}: credit ${fmtMoney(credit, dp)} / quota ${fmtMoney(quota, dp)} = ${fmtPct(att)}`,
        'div',
        [credit, quota],
        att,
      );
    }
    return { credit, quota, att };
  }

  capValue(cap: Cap, tr: Tracer | null, label: string): Num {
    const K = this.run.kit;
    if (cap.kind === 'amount') return K.of(cap.amount);
    const share = K.of(cap.share);
    const v = this.tiPeriod.times(share);
    if (tr) tr.calc(`${label}: ${fmtPct(cap.share)} of the period target incentive ${fmtMoney(this.tiPeriod, this.pp.dp)}`, 'mul', [this.tiPeriod, share], v);
    return v;
  }

  ptdKey(c: Component): string {
    // built once per participant, component and year (the run asks for it every period)
    const cache = this.run.ptdKeys;
    const ck = `${this.pp.period.year}`;
    let byComp = cache.get(c);
    if (!byComp) {
      byComp = new Map();
      cache.set(c, byComp);
    }
    let keys = byComp.get(ck);
    if (!keys) {
      keys = [];
      byComp.set(ck, keys);
    }
    let k = keys[this.a.index];
    if (k === undefined) {
      k = `${this.pp.period.year}|${this.pid}|${this.pp.plan.id}|${c.id}`;
      keys[this.a.index] = k;
    }
    return k;
  }

  trueUp(b: Build, c: Component, cum: Num, floor: boolean): Num {
    const K = this.run.kit;
    const dp = this.pp.dp;
    b.ptdKey = this.ptdKey(c);
    const prior = this.run.ptdPaid.get(b.ptdKey) ?? K.ZERO;
    b.prior = prior;
    let pay = cum.minus(prior);
    if (b.tr)
      b.tr.change(`Less already paid for ${c.id} in earlier periods of ${this.pp.period.year}: ${fmtMoney(prior, dp)}`, prior.neg(), {
        op: 'sub',
        args: [K.ZERO, prior],
        result: prior.neg(),
      });
    if (floor && pay.isNegative()) {
      if (b.tr) b.tr.change(`The true-up ${fmtMoney(pay, dp)} is negative and the plan floors it at zero`, pay.neg());
      pay = K.ZERO;
    }
    return pay;
  }

  compute(): void {
    const K = this.run.kit;
    const { plan, period, dp, mode, roundLines, output } = this.pp;
    const run = this.run;
    const builds = this.builds;
    // components
    // A period recalculated only to know what was paid before the requested periods (warm-up) needs
    // just the period-to-date components (for their true-up), unless clawbacks need what each
    // transaction was paid; the other lines of such a period are never output.
    const full = output || run.watched.size > 0 || run.hasClawback || plan.exitClawback !== null;
    const capped: string[] = [];
    // Components whose share of the target incentive is written as a fraction ("1/3") and which pay per
    // period (MBOs, period bonuses): with line rounding they are rounded together (roundTogether), so
    // their lines add up to their exact sum rounded once (three thirds of 100.00 are 33.34 + 33.33 + 33.33).
    const fractionIds = memo(K, plan.components, () =>
      plan.components.filter((c) => (c.type === 'mbo' || (c.type === 'attainment_bonus' && c.scope === 'period')) && c.fractionShare).map((c) => c.id),
    );
    const fractionLines: Build[] | null = fractionIds.length > 1 ? [] : null;
    for (const c of plan.components) {
      if (!full && !((c.type === 'rate_table' || c.type === 'attainment_bonus') && c.scope === 'ptd')) continue;
      let b: Build;
      let pay: Num;
      if (c.type === 'rate_table') {
        b = this.newLine(c.id, c.type, c, run.explain ? () => rateRule(c) : NO_RULE);
        pay = this.rateTable(c, b);
      } else if (c.type === 'attainment_bonus') {
        b = this.newLine(c.id, c.type, c, run.explain ? () => bonusRule(c) : NO_RULE);
        pay = this.bonus(c, b);
      } else if (c.type === 'spif') {
        b = this.newLine(c.id, c.type, c, run.explain ? () => spifRule(c) : NO_RULE);
        pay = this.spif(c, b);
      } else if (c.type === 'referral') {
        b = this.newLine(
          c.id,
          c.type,
          c,
          () =>
            `Referral: ${fmtMoney(c.amountPerReferral, dp)} per qualifying referral (type "${c.transactionType}")${c.maxPerPeriod ? `, at most ${c.maxPerPeriod} a period` : ''}`,
        );
        pay = this.referral(c, b);
      } else {
        b = this.newLine(
          c.id,
          c.type,
          c,
          () => `MBO: weighted objective scores (each at most ${fmtPct(c.maxScore)}) x ${fmtPct(c.targetShare)} of the period target incentive`,
        );
        pay = this.mbo(c, b);
      }
      if (c.gate) {
        const g = c.gate;
        const r = this.attainmentOf(g.measure, g.scope, b.tr, `Gate ${g.measure}`);
        const att = r.att ?? K.ZERO;
        if (att.lt(K.of(g.minAttainment))) {
          const limit = this.capValue(g.whenClosed, b.tr, 'Gate limit');
          if (pay.gt(limit)) {
            const d = limit.minus(pay);
            if (b.tr)
              b.tr.change(
                `Gate closed: ${g.measure} attainment ${fmtPct(att)} is below ${fmtPct(g.minAttainment)}, so ${c.id} pays at most ${fmtMoney(limit, dp)}; reduced by ${fmtMoney(d.neg(), dp)}`,
                d,
                { op: 'sub', args: [limit, pay], result: d },
              );
            pay = limit;
          } else if (b.tr)
            b.tr.note(
              `Gate closed (${g.measure} attainment ${fmtPct(att)} < ${fmtPct(g.minAttainment)}) but ${fmtMoney(pay, dp)} is within the limit ${fmtMoney(limit, dp)}`,
            );
        } else if (b.tr) b.tr.note(`Gate open: ${g.measure} attainment ${fmtPct(att)} reaches ${fmtPct(g.minAttainment)}`);
      }
      if (c.cap) {
        const cap = this.capValue(c.cap, b.tr, 'Component cap');
        if (pay.gt(cap)) {
          const d = cap.minus(pay);
          if (b.tr)
            b.tr.change(`Cap: ${c.id} pays at most ${fmtMoney(cap, dp)} a period; reduced by ${fmtMoney(d.neg(), dp)}`, d, {
              op: 'sub',
              args: [cap, pay],
              result: d,
            });
          pay = cap;
          capped.push(c.id);
        } else if (b.tr) b.tr.note(`Cap ${fmtMoney(cap, dp)} not reached`);
      }
      b.amount = pay;
      // lines of components with fraction shares are rounded together after the loop
      if (roundLines && fractionLines && (c.type === 'mbo' || c.type === 'attainment_bonus') && fractionIds.includes(c.id)) fractionLines.push(b);
      else if (roundLines) roundBuild(K, b, dp, mode);
      if ((c.type === 'rate_table' || c.type === 'attainment_bonus') && c.scope === 'ptd') {
        const k = b.ptdKey ?? this.ptdKey(c);
        run.ptdPaid.set(k, (run.ptdPaid.get(k) ?? K.ZERO).plus(b.amount));
      }
    }

    if (fractionLines) roundTogether(K, fractionLines, dp, mode);

    // multipliers, in plan order, on the component lines as they stand after gates, caps and rounding
    if (full) for (const m of plan.multipliers) this.multiplierLine(m);

    // total cap
    let compSum = K.ZERO;
    for (const x of builds) compSum = compSum.plus(x.amount);
    let capFactor = K.ONE;
    if (plan.totalCap && full) {
      const tr = run.explain ? new Tracer('Total cap on the sum of the component lines') : null;
      const cap = this.capValue(plan.totalCap, tr, 'Total cap');
      if (compSum.gt(cap)) {
        const b = this.newLine('total_cap', 'total_cap', null, () => 'Total cap on the sum of the component lines');
        if (b.tr && tr) {
          b.tr.steps.push(...tr.steps);
          b.tr.input('component lines total', compSum.toFixed());
        }
        const d = cap.minus(compSum);
        if (b.tr)
          b.tr.change(`Components total ${fmtMoney(compSum, dp)} exceeds the cap ${fmtMoney(cap, dp)}: reduce by ${fmtMoney(d.neg(), dp)}`, d, {
            op: 'sub',
            args: [cap, compSum],
            result: d,
          });
        b.amount = d;
        b.basis = compSum;
        if (roundLines) roundBuild(K, b, dp, mode);
        capFactor = compSum.plus(b.amount).div(compSum);
        capped.push('total_cap');
      }
    }

    // what was paid per watched transaction
    if (run.watched.size > 0) {
      for (const b of builds) {
        if (!b.attribution || b.amount.isZero()) continue;
        const list = run.itemsBy.get(`${this.a.index}|${b.attribution.slot}`);
        if (!list) continue;
        const total = run.agg.sum(this.a.index, b.attribution.slot, b.attribution.m0, b.attribution.m1);
        if (total.isZero()) continue;
        for (const it of list) {
          if (!run.watched.has(it.tx) || it.month < b.attribution.m0 || it.month >= b.attribution.m1) continue;
          const k = `${run.T.ids.at(it.tx)}|${this.pid}`;
          const part = b.amount.times(capFactor).times(K.of(it.value)).div(total);
          run.paidByTx.set(k, (run.paidByTx.get(k) ?? K.ZERO).plus(part));
        }
      }
    }

    if (run.hasClawback) this.clawbacks();
    if (plan.exitClawback) {
      // earlier periods first: the exit clawback repays what they paid, not this period's lines
      this.exitClawbackLine();
      this.keepExitPaid();
    }
    if (!output) return;
    if (plan.draw) this.drawLine();
    for (const adj of run.adjustmentsBy.get(this.pid) ?? []) {
      if (run.usedAdjustments.has(adj)) continue;
      const applies = adj.period === null ? run.firstOutputLabel.get(plan.id) === period.label : adj.period === period.label;
      if (!applies) continue;
      run.usedAdjustments.add(adj);
      let b = builds.find((x) => x.line.componentId === adj.componentId);
      if (!b) b = this.newLine(adj.componentId, 'adjustment', null, () => 'Manual adjustment');
      if (b.tr) b.tr.change(`Manual adjustment (adjustments file line ${adj.line}): ${fmtMoney(adj.amount, dp)}, reason: ${adj.reason}`, K.of(adj.amount));
      b.amount = b.amount.plus(K.of(adj.amount));
      b.adjusted = (b.adjusted ?? K.ZERO).plus(K.of(adj.amount));
      if (roundLines) roundBuild(K, b, dp, mode);
    }
    for (const b of builds) {
      b.line.amount = roundLines ? str(b.amount, dp) : str(b.amount);
      if (b.basis) b.line.basis = str(b.basis);
      if (b.attainment) b.line.attainment = str(b.attainment);
      if (b.rate) b.line.rate = str(b.rate);
      if (b.balance) b.line.balance = roundLines ? str(b.balance, dp) : str(b.balance);
      if (b.tr) b.line.explain = b.tr.done();
      if (this.wantDetail) this.detailOf(b);
      run.outLines.push({ seq: b.seq, line: b.line });
    }
    run.outTotals.push({ period, pid: this.pid, plan, parts: builds.map((b) => ({ componentId: b.line.componentId, amount: b.amount })) });
    if (run.facts)
      run.facts.push({
        period: period.label,
        participantId: this.pid,
        planId: plan.id,
        targetIncentive: str(this.tiPeriod),
        measures: plan.measures.map((m) => {
          const q = this.measureQuota(m.id, 'period');
          return { measure: m.id, credit: str(this.measureCredit(m.id, 'period')), quota: q === null ? null : str(q) };
        }),
        capped,
      });
  }

  /** whether output lines get their per-transaction detail */
  get wantDetail(): boolean {
    return this.pp.output && this.run.input.options?.detail === true;
  }

  /** the credited items of a slot over [m0, m1), in date order */
  itemsOf(slot: number, m0: number, m1: number): TxItem[] {
    const T = this.run.T;
    const items = (this.run.itemsBy.get(`${this.a.index}|${slot}`) ?? []).filter((it) => it.month >= m0 && it.month < m1);
    items.sort((x, y) => (T.date[x.tx] as number) - (T.date[y.tx] as number) || x.tx - y.tx);
    return items;
  }

  /** one row per item at a fixed rate (SPIFs, referrals) */
  itemDetail(slot: number, m0: number, m1: number, rate: Dec): RawDetail[] {
    const T = this.run.T;
    return this.itemsOf(slot, m0, m1).map((it) => ({
      kind: 'transaction',
      transactionId: T.ids.at(it.tx),
      credit: it.value,
      tier: null,
      rate,
      earned: it.value.times(rate),
    }));
  }

  /**
   * A table on the period's (or period-to-date) credit: the transactions fill the credit in date order;
   * marginal: each transaction's slice of each tier is a row at that tier's rate; retroactive and
   * interpolated: each transaction at the rate the table applied.
   */
  tableDetail(c: RateTable, slot: number, m0: number, tiers: TierPoint[], r: { tier: number; rate: Num | null; pay: Num }): RawDetail[] {
    const K = this.run.kit;
    const T = this.run.T;
    // Marginal tables are rate tables only (a flat-amount table is retroactive).
    const dTiers = c.method === 'marginal' ? tiers.map((t) => ({ from: K.toD(t.from), rate: K.toD(t.rate as Num) })) : [];
    const rate = r.rate === null ? null : K.toD(r.rate);
    const items = this.itemsOf(slot, m0, this.pp.m1);
    // A flat amount pays the period as a whole: each transaction earns its share of the credit.
    const total = items.reduce((sum, it) => sum.plus(it.value), new Dec(0));
    const flatShare = (value: InstanceType<typeof Dec>) => (total.isZero() ? new Dec(0) : K.toD(r.pay).times(value).div(total));
    const out: RawDetail[] = [];
    let cum = new Dec(0);
    for (const it of items) {
      const id = T.ids.at(it.tx);
      const next = cum.plus(it.value);
      if (c.method === 'marginal')
        for (const sl of marginalSlices(dTiers, cum, next))
          out.push({ kind: 'transaction', transactionId: id, credit: sl.credit, tier: sl.tier, rate: sl.rate, earned: sl.earned });
      else
        out.push({ kind: 'transaction', transactionId: id, credit: it.value, tier: r.tier, rate, earned: rate ? it.value.times(rate) : flatShare(it.value) });
      cum = next;
    }
    return out;
  }

  /** the line's detail rows, allocated so that they add up to its final amount */
  detailOf(b: Build): void {
    const K = this.run.kit;
    const amount = K.toD(b.amount);
    const adjusted = b.adjusted ? K.toD(b.adjusted) : null;
    const raw: RawDetail[] = [];
    if (b.detail) {
      raw.push(...b.detail);
      if (b.prior && !b.prior.isZero())
        raw.push({ kind: 'paid_earlier', transactionId: '', credit: null, tier: null, rate: null, earned: K.toD(b.prior).neg() });
    } else if (adjusted) {
      raw.push({
        kind: 'period',
        transactionId: '',
        credit: b.basis ? K.toD(b.basis) : null,
        tier: b.line.tier === null ? null : Number(b.line.tier),
        rate: b.rate ? K.toD(b.rate) : null,
        earned: amount.minus(adjusted),
      });
    }
    if (adjusted) raw.push({ kind: 'adjustment', transactionId: '', credit: null, tier: null, rate: null, earned: adjusted });
    b.line.detail = detailRows(
      raw,
      amount,
      this.pp.roundLines ? this.pp.dp : null,
      b.basis ? K.toD(b.basis) : null,
      b.line.tier,
      b.rate ? K.toD(b.rate) : null,
    );
  }

  rateTable(c: RateTable, b: Build): Num {
    const K = this.run.kit;
    const { slots, m0, m1, dp, period, yearPeriods } = this.pp;
    const T = this.run.T;
    const slot = slots.measureSlot.get(c.measure) as number;
    const tr = b.tr;
    b.attribution = { slot, m0, m1 };
    if (c.scope === 'transaction') {
      const items = (this.run.itemsBy.get(`${this.a.index}|${slot}`) ?? []).filter((it) => it.month >= m0 && it.month < m1);
      items.sort((x, y) => (T.date[x.tx] as number) - (T.date[y.tx] as number) || x.tx - y.tx);
      const tiers: TierPoint[] = c.tiers.map((t) => ({
        from: K.of(t.from),
        rate: K.of(t.rate),
        amount: t.amount ? K.of(t.amount) : null,
        label: tr ? fmtMoney(t.from, dp) : '',
      }));
      let pay = K.ZERO;
      let basis = K.ZERO;
      let maxTier = 0;
      const raws: RawDetail[] | null = this.wantDetail ? [] : null;
      const dTiers = raws ? tiers.map((t) => ({ from: K.toD(t.from), rate: K.toD(t.rate) })) : [];
      if (tr) this.traceCredit(tr, slot, m0, m1, this.creditLabel(c.measure, 'period'), this.run.agg.sum(this.a.index, slot, m0, m1));
      for (const it of items) {
        const v = K.of(it.value);
        basis = basis.plus(v);
        if (tr) tr.note(`Transaction ${T.ids.at(it.tx)} on ${formatDate(T.date[it.tx] as number)}: credit ${fmtMoney(v, dp)}`);
        const r = applyTable(K, c.method, c.boundary, tiers, v.abs(), dp, null, 'credit');
        const p = v.isNegative() ? r.pay.neg() : r.pay;
        if (tr) {
          if (v.isNegative()) {
            const sub = new Tracer('');
            applyTable(K, c.method, c.boundary, tiers, v.abs(), dp, sub, 'credit');
            for (const st of sub.steps) tr.steps.push({ text: st.text, ...(st.calc ? { calc: st.calc } : {}), ...(st.reached ? { reached: st.reached } : {}) });
            tr.change(`Credit is negative (a return): the transaction reverses ${fmtMoney(r.pay, dp)}`, p);
          } else applyTable(K, c.method, c.boundary, tiers, v, dp, tr, 'credit');
        }
        pay = pay.plus(p);
        maxTier = Math.max(maxTier, r.tier);
        if (raws) {
          const id = T.ids.at(it.tx);
          const vD = K.toD(v);
          if (c.method === 'marginal')
            for (const sl of marginalSlices(dTiers, new Dec(0), vD.abs()))
              raws.push({
                kind: 'transaction',
                transactionId: id,
                credit: vD.isNegative() ? sl.credit.neg() : sl.credit,
                tier: sl.tier,
                rate: sl.rate,
                earned: vD.isNegative() ? sl.earned.neg() : sl.earned,
              });
          else raws.push({ kind: 'transaction', transactionId: id, credit: vD, tier: r.tier, rate: r.rate === null ? null : K.toD(r.rate), earned: K.toD(p) });
        }
      }
      if (items.length === 0 && tr) tr.note(`No credited transactions for ${c.measure} in ${period.label}`);
      b.basis = basis;
      // each transaction has its own tiers: the line's rate is the effective one (pay over credit)
      if (basis.gt(K.ZERO)) b.rate = pay.div(basis);
      if (raws) b.detail = raws;
      b.line.tier = String(maxTier);
      if (tr) tr.input(`${c.measure} transactions`, String(items.length));
      return pay;
    }
    const scope = c.scope;
    const credit = this.measureCredit(c.measure, scope);
    let tiers: TierPoint[];
    if (c.basis === 'attainment') {
      this.skipAttainment = true;
      const r = this.attainmentOf(c.measure, scope, tr, c.measure);
      this.skipAttainment = false;
      b.attainment = r.att;
      if (r.quota === null || r.quota.isZero()) {
        b.basis = credit;
        return scope === 'ptd' ? this.trueUp(b, c, K.ZERO, c.negativeTrueUp === 'floor_at_zero') : K.ZERO;
      }
      const q = r.quota;
      const tv = memo(K, c.tiers, () => c.tiers.map((t) => ({ from: K.of(t.from), rate: K.of(t.rate), amount: t.amount ? K.of(t.amount) : null })));
      tiers = tv.map((t, i) => {
        const from = t.from.times(q);
        return { from, rate: t.rate, amount: t.amount, label: tr ? `${fmtPct((c.tiers[i] as { from: Num }).from)} of quota (${fmtMoney(from, dp)})` : '' };
      });
      if (tr)
        for (const [i, t] of c.tiers.entries())
          tr.calc(`Tier ${i + 1} starts at ${fmtPct(t.from)} of quota ${fmtMoney(q, dp)}`, 'mul', [K.of(t.from), q], K.of(t.from).times(q));
    } else {
      if (tr) {
        tr.input(`${c.measure} credit ${scope === 'ptd' ? 'period-to-date' : period.label}`, credit.toFixed());
        this.traceCredit(tr, slot, scope === 'ptd' ? this.pp.pYearStart : m0, m1, this.creditLabel(c.measure, scope), credit);
      }
      const q = this.measureQuota(c.measure, scope);
      if (q !== null && !q.isZero()) b.attainment = credit.div(q);
      tiers = c.tiers.map((t) => ({ from: K.of(t.from), rate: K.of(t.rate), amount: t.amount ? K.of(t.amount) : null, label: tr ? fmtMoney(t.from, dp) : '' }));
    }
    if (tr && scope === 'ptd')
      tr.note(
        `Period-to-date: the table is applied to the credit from ${yearPeriods[0]?.label} to ${period.label}, then earlier payments are deducted (true-up)`,
      );
    const r = applyTable(K, c.method, c.boundary, tiers, credit, dp, tr, scope === 'ptd' ? 'period-to-date credit' : 'credit');
    b.basis = credit;
    b.line.tier = String(r.tier);
    // a marginal table pays each slice at its own tier's rate: its rate is the effective one (pay over
    // credit); `tier` names the top tier reached
    b.rate = c.method !== 'marginal' ? r.rate : credit.gt(K.ZERO) ? r.pay.div(credit) : K.ZERO;
    if (this.wantDetail) b.detail = this.tableDetail(c, slot, scope === 'ptd' ? this.pp.pYearStart : m0, tiers, r);
    return scope === 'ptd' ? this.trueUp(b, c, r.pay, c.negativeTrueUp === 'floor_at_zero') : r.pay;
  }

  bonus(c: AttainmentBonus, b: Build): Num {
    const K = this.run.kit;
    const { dp, yearPeriods } = this.pp;
    const tr = b.tr;
    const r = this.attainmentOf(c.measure, c.scope, tr, c.measure);
    const att = r.att ?? K.ZERO;
    b.attainment = att;
    b.basis = r.credit;
    const frac = payoutFraction(K, c, att, tr);
    b.rate = frac;
    let target: Num;
    if (c.scope === 'period') {
      this.explainTi(tr);
      target = this.tiPeriod.times(K.of(c.targetShare));
      if (tr) tr.calc(`Component target: ${fmtMoney(this.tiPeriod, dp)} x ${fmtPct(c.targetShare)}`, 'mul', [this.tiPeriod, K.of(c.targetShare)], target);
    } else {
      let cumTi = K.ZERO;
      for (const p of yearPeriods) cumTi = cumTi.plus(this.tiOf(p));
      target = cumTi.times(K.of(c.targetShare));
      if (tr) {
        tr.input('period-to-date target incentive', cumTi.toFixed());
        tr.calc(`Period-to-date component target: ${fmtMoney(cumTi, dp)} x ${fmtPct(c.targetShare)}`, 'mul', [cumTi, K.of(c.targetShare)], target);
      }
    }
    const pay = target.times(frac);
    if (tr) tr.add(`Bonus: target ${fmtMoney(target, dp)} x payout ${fmtPct(frac)} = ${fmtMoney(pay, dp)}`, 'mul', [target, frac], pay);
    return c.scope === 'ptd' ? this.trueUp(b, c, pay, false) : pay;
  }

  spif(c: Spif, b: Build): Num {
    const K = this.run.kit;
    const { slots, m0, m1, dp } = this.pp;
    const slot = slots.componentSlot.get(c.id) as number;
    b.attribution = { slot, m0, m1 };
    const base = this.run.agg.sum(this.a.index, slot, m0, m1);
    b.basis = base;
    const tr = b.tr;
    if (tr) {
      tr.input('qualifying transactions', String(this.run.agg.count(this.a.index, slot, m0, m1)));
      tr.input(c.pay.kind === 'per_unit' ? 'units (payout share)' : 'amount (payout share)', base.toFixed());
      this.traceCredit(tr, slot, m0, m1, `${c.pay.kind === 'per_unit' ? 'units' : 'qualifying amount'} of ${c.id} in ${this.pp.period.label}`, base);
    }
    if (this.wantDetail) b.detail = this.itemDetail(slot, m0, m1, K.toD(c.pay.kind === 'per_unit' ? K.of(c.pay.amount) : K.of(c.pay.rate)));
    if (c.pay.kind === 'per_unit') {
      const pay = base.times(K.of(c.pay.amount));
      b.rate = K.of(c.pay.amount);
      if (tr) tr.add(`SPIF: ${base.toFixed()} units x ${fmtMoney(c.pay.amount, dp)} per unit = ${fmtMoney(pay, dp)}`, 'mul', [base, K.of(c.pay.amount)], pay);
      return pay;
    }
    const pay = base.times(K.of(c.pay.rate));
    b.rate = K.of(c.pay.rate);
    if (tr) tr.add(`SPIF: ${fmtMoney(base, dp)} x ${fmtPct(c.pay.rate)} = ${fmtMoney(pay, dp)}`, 'mul', [base, K.of(c.pay.rate)], pay);
    return pay;
  }

  referral(c: Referral, b: Build): Num {
    const K = this.run.kit;
    const { slots, m0, m1, dp } = this.pp;
    const slot = slots.componentSlot.get(c.id) as number;
    b.attribution = { slot, m0, m1 };
    let n = this.run.agg.sum(this.a.index, slot, m0, m1);
    const tr = b.tr;
    if (tr) {
      tr.input('qualifying referrals (payout share)', n.toFixed());
      this.traceCredit(tr, slot, m0, m1, `qualifying referrals of ${c.id} in ${this.pp.period.label}`, n);
    }
    if (c.maxPerPeriod !== null && n.gt(K.int(c.maxPerPeriod))) {
      if (tr) tr.calc(`At most ${c.maxPerPeriod} referrals are paid a period`, 'min', [n, K.int(c.maxPerPeriod)], K.int(c.maxPerPeriod));
      n = K.int(c.maxPerPeriod);
    }
    b.basis = n;
    b.rate = K.of(c.amountPerReferral);
    if (this.wantDetail) b.detail = this.itemDetail(slot, m0, m1, K.toD(b.rate));
    const pay = n.times(K.of(c.amountPerReferral));
    if (tr) tr.add(`Referrals: ${n.toFixed()} x ${fmtMoney(c.amountPerReferral, dp)} = ${fmtMoney(pay, dp)}`, 'mul', [n, K.of(c.amountPerReferral)], pay);
    return pay;
  }

  mbo(c: Mbo, b: Build): Num {
    const K = this.run.kit;
    const { period, dp } = this.pp;
    const tr = b.tr;
    let achieved = K.ZERO;
    for (const o of c.objectives) {
      const scD = this.run.input.mbo?.get(mboKey(this.pid, o.id, period.label));
      if (scD === undefined) {
        this.run.warnings.push(`${period.label} ${this.pid}: no MBO score for objective ${o.id}; scored 0`);
        if (tr) tr.note(`Objective ${o.id}: no score for ${period.label}, counted as 0%`);
        continue;
      }
      const sc = K.of(scD);
      const maxScore = K.of(c.maxScore);
      const weight = K.of(o.weight);
      const eff = K.min(sc, maxScore);
      if (tr && eff.lt(sc)) tr.calc(`Objective ${o.id}: score ${fmtPct(sc)} limited to ${fmtPct(c.maxScore)}`, 'min', [sc, maxScore], eff);
      const w = eff.times(weight);
      if (tr) {
        tr.input(`score ${o.id}`, sc.toFixed());
        tr.calc(`Objective ${o.id}: score ${fmtPct(eff)} x weight ${fmtPct(o.weight)} = ${fmtPct(w)}`, 'mul', [eff, weight], w);
      }
      const next = achieved.plus(w);
      if (tr) tr.calc(`Weighted achievement so far ${fmtPct(next)}`, 'add', [achieved, w], next);
      achieved = next;
    }
    this.explainTi(tr);
    const target = this.tiPeriod.times(K.of(c.targetShare));
    if (tr) tr.calc(`MBO target: ${fmtMoney(this.tiPeriod, dp)} x ${fmtPct(c.targetShare)}`, 'mul', [this.tiPeriod, K.of(c.targetShare)], target);
    const pay = target.times(achieved);
    if (tr) tr.add(`MBO: ${fmtMoney(target, dp)} x ${fmtPct(achieved)} = ${fmtMoney(pay, dp)}`, 'mul', [target, achieved], pay);
    b.attainment = achieved;
    b.basis = target;
    return pay;
  }

  clawbacks(): void {
    const K = this.run.kit;
    const { plan, period, dp, mode, roundLines } = this.pp;
    const run = this.run;
    const T = run.T;
    const pid = this.pid;
    let b: Build | null = null;
    for (let i = 0; i < T.count; i++) {
      if (T.status[i] !== STATUS_CANCELLED) continue;
      const day = T.date[i] as number;
      if (day < period.start || day > period.end) continue;
      const o = T.original[i] as number;
      if (o < 0) continue;
      const k = `${T.ids.at(i)}|${pid}`;
      const paid = run.paidByTx.get(k);
      if (paid === undefined) continue;
      if (!b)
        b = this.newLine('clawback', 'clawback', null, () =>
          plan.clawback
            ? `Clawback: cancellations within ${plan.clawback.windowDays} days reverse the commission paid, ${plan.clawback.method === 'full' ? 'in full' : 'prorated by the part of the window not yet elapsed'}; never more than was paid`
            : 'Clawback: this plan has no clawback rule',
        );
      const tr = b.tr;
      const elapsed = day - (T.date[o] as number);
      const clawed = run.clawedByTx.get(k) ?? K.ZERO;
      const remaining = K.max(paid.minus(clawed), K.ZERO);
      const head = () =>
        `Transaction ${T.ids.at(i)} booked ${formatDate(T.date[o] as number)}, cancelled ${formatDate(day)} (${elapsed} days later); paid earlier ${fmtMoney(paid, dp)}, already clawed back ${fmtMoney(clawed, dp)}`;
      if (!plan.clawback) {
        if (tr) tr.note(`${head()}: no clawback rule in plan ${plan.id}`);
        continue;
      }
      const cb = plan.clawback;
      if (elapsed > cb.windowDays) {
        if (tr) tr.note(`${head()}: outside the ${cb.windowDays}-day window, nothing is clawed back`);
        continue;
      }
      let amt: Num;
      if (cb.method === 'full') {
        amt = remaining;
        if (tr) tr.note(`${head()}: inside the ${cb.windowDays}-day window, full clawback of what remains`);
      } else {
        const left = K.int(cb.windowDays - elapsed);
        const f = cb.windowDays === 0 ? K.ONE : left.div(K.int(cb.windowDays));
        const raw = paid.times(f);
        if (tr) {
          if (cb.windowDays > 0)
            tr.calc(`${head()}: ${cb.windowDays - elapsed} of ${cb.windowDays} window days not yet elapsed`, 'div', [left, K.int(cb.windowDays)], f);
          tr.calc(`Prorated clawback ${fmtMoney(paid, dp)} x ${fmtPct(f)}`, 'mul', [paid, f], raw);
        }
        amt = K.min(raw, remaining);
        if (tr && amt.lt(raw)) tr.calc('Never more than remains paid', 'min', [raw, remaining], amt);
      }
      if (tr) tr.change(`Claw back ${fmtMoney(amt, dp)} for ${T.ids.at(i)}`, amt.neg(), { op: 'sub', args: [K.ZERO, amt], result: amt.neg() });
      b.amount = b.amount.minus(amt);
      run.clawedByTx.set(k, clawed.plus(amt));
      if (this.wantDetail) {
        b.detail ??= [];
        b.detail.push({ kind: 'clawback', transactionId: T.ids.at(i), credit: null, tier: null, rate: null, earned: K.toD(amt).neg() });
      }
    }
    if (b && roundLines) roundBuild(K, b, dp, mode);
  }

  /**
   * A multiplier's line: what scaling the named component lines by the factor its measure's attainment
   * reached adds (factor 2 adds the lines once more; a factor below 1 gives a negative line).
   */
  multiplierLine(m: Multiplier): void {
    const K = this.run.kit;
    const { dp, mode, roundLines } = this.pp;
    const stepsText = m.steps.map((st) => `x${st.factor.toFixed()} from ${fmtPct(st.from)}`).join(', ');
    const b = this.newLine(
      m.id,
      'multiplier',
      null,
      () => `Multiplier ${m.name}: ${m.components.join(', ')} scaled by ${m.measure} attainment (${stepsText}; below ${fmtPct(m.steps[0]?.from ?? 0)}: x1)`,
    );
    const tr = b.tr;
    const r = this.attainmentOf(m.measure, m.scope, tr, m.measure);
    const att = r.att ?? K.ZERO;
    let factor = K.ONE;
    let step = 0;
    m.steps.forEach((st, i) => {
      if (!att.lt(K.of(st.from))) {
        factor = K.of(st.factor);
        step = i + 1;
      }
    });
    if (tr)
      tr.note(
        step === 0
          ? `${m.measure} attainment ${fmtPct(att)} is below the first step ${fmtPct(m.steps[0]?.from ?? 0)}: factor 1, nothing added`
          : `${m.measure} attainment ${fmtPct(att)} reaches step ${step} (from ${fmtPct(m.steps[step - 1]?.from ?? 0)}): factor ${factor.toFixed()}`,
        { table: 'tiers', tier: step },
      );
    let base = K.ZERO;
    for (const id of m.components) {
      const x = this.builds.find((y) => y.comp?.id === id);
      if (!x) continue;
      if (tr) tr.input(`${id} line`, x.amount.toFixed());
      base = base.plus(x.amount);
    }
    b.basis = base;
    b.attainment = r.att;
    b.rate = factor;
    b.line.tier = String(step);
    if (step === 0) return;
    const extra = factor.minus(K.ONE);
    if (tr) tr.calc(`The factor adds ${factor.toFixed()} - 1 = ${extra.toFixed()} times the lines`, 'sub', [factor, K.ONE], extra);
    const add = base.times(extra);
    if (tr) tr.add(`${m.components.join(' + ')} = ${fmtMoney(base, dp)} x ${extra.toFixed()} = ${fmtMoney(add, dp)}`, 'mul', [base, extra], add);
    b.amount = add;
    if (roundLines) roundBuild(K, b, dp, mode);
  }

  /** whether this assignment is the participant's last and ends inside this period (the participant leaves) */
  leavesNow(): boolean {
    const end = this.a.end;
    if (end === null || end < this.pp.period.start || end > this.pp.period.end) return false;
    const all = this.run.input.participants.byParticipant[this.a.pIdx] ?? [];
    return !all.some((x) => x !== this.a && (x.end === null || x.end > end));
  }

  /**
   * Exit clawback: a participant who leaves repays a share of what the named lines paid in earlier
   * periods of this plan that ended at most `withinMonths` months before the exit date. A period's pay
   * counts as paid on its last day.
   */
  exitClawbackLine(): void {
    const K = this.run.kit;
    const { plan, dp, mode, roundLines } = this.pp;
    const ec = plan.exitClawback;
    if (!ec || !this.leavesNow()) return;
    const exit = this.a.end as number;
    const b = this.newLine(
      'exit_clawback',
      'clawback',
      null,
      () =>
        `Exit clawback: leaving within ${ec.withinMonths} months of a period's end repays ${fmtPct(ec.share)} of what ${ec.components.join(', ')} paid for it`,
    );
    const tr = b.tr;
    const from = addMonths(exit, -ec.withinMonths);
    if (tr) tr.note(`${this.pid} leaves on ${formatDate(exit)}: periods that ended from ${formatDate(from)} on count`);
    let base = K.ZERO;
    for (const x of this.run.exitPaid.get(this.pid) ?? []) {
      if (x.planId !== plan.id || x.end < from || x.end >= this.pp.period.start) continue;
      if (tr) tr.calc(`${x.lineId} paid ${fmtMoney(x.amount, dp)} for the period ended ${formatDate(x.end)}`, 'add', [base, x.amount], base.plus(x.amount));
      base = base.plus(x.amount);
    }
    if (!base.gt(K.ZERO)) {
      if (tr) tr.note('Nothing was paid by those lines in that time: nothing is repaid');
      return;
    }
    const share = K.of(ec.share);
    const rep = base.times(share);
    if (tr) tr.calc(`Repay ${fmtPct(ec.share)} of ${fmtMoney(base, dp)}`, 'mul', [base, share], rep);
    if (tr) tr.change(`Exit clawback ${fmtMoney(rep.neg(), dp)}`, rep.neg(), { op: 'sub', args: [K.ZERO, rep], result: rep.neg() });
    b.amount = rep.neg();
    b.basis = base;
    b.rate = share;
    if (roundLines) roundBuild(K, b, dp, mode);
  }

  /** keep what this period's named lines paid, for an exit in a later period */
  keepExitPaid(): void {
    const ec = this.pp.plan.exitClawback;
    if (!ec) return;
    let list = this.run.exitPaid.get(this.pid);
    for (const b of this.builds) {
      if (!ec.components.includes(b.line.componentId) || b.line.componentType === 'adjustment') continue;
      if (!list) {
        list = [];
        this.run.exitPaid.set(this.pid, list);
      }
      list.push({ planId: this.pp.plan.id, lineId: b.line.componentId, end: this.pp.period.end, amount: b.amount });
    }
  }

  drawLine(): void {
    const K = this.run.kit;
    const { plan, period, dp, mode, roundLines } = this.pp;
    const d = plan.draw;
    if (!d) return;
    const run = this.run;
    const pid = this.pid;
    let earnings = K.ZERO;
    for (const x of this.builds) earnings = earnings.plus(x.amount);
    const b = this.newLine('draw', 'draw', null, () =>
      d.payment === 'advance'
        ? d.kind === 'recoverable'
          ? 'Recoverable advance draw: paid in full every period, recovered from earnings; what is not recovered is owed'
          : 'Non-recoverable advance draw: paid in full every period, recovered from the same period’s earnings; the rest is forgiven'
        : d.kind === 'recoverable'
          ? 'Recoverable draw: advance up to the draw, recover the balance from earnings above it'
          : 'Non-recoverable draw: guaranteed minimum, topped up',
    );
    const tr = b.tr;
    let drawAmt = K.of(d.amountPerPeriod);
    if (plan.proration.method !== 'none' && plan.proration.draw && this.activeUnits !== this.periodUnits) {
      const unit = prorationUnit(plan.proration.method);
      const part = drawAmt.times(K.int(this.activeUnits));
      const v = part.div(K.int(this.periodUnits));
      if (tr) {
        tr.calc(`Draw prorated: ${fmtMoney(drawAmt, dp)} x ${this.activeUnits} active ${unit}`, 'mul', [drawAmt, K.int(this.activeUnits)], part);
        tr.calc(`... / ${this.periodUnits} ${unit} in ${period.label}`, 'div', [part, K.int(this.periodUnits)], v);
      }
      drawAmt = v;
    }
    if (roundLines) drawAmt = K.round(drawAmt, dp, mode);
    if (tr) {
      tr.input('earnings this period', earnings.toFixed());
      tr.input('draw', drawAmt.toFixed());
    }
    b.basis = earnings;
    if (d.payment === 'advance') {
      this.advanceDraw(b, drawAmt, earnings);
      return;
    }
    if (d.kind === 'non_recoverable') {
      if (earnings.lt(drawAmt)) {
        const top = drawAmt.minus(earnings);
        if (tr)
          tr.add(
            `Earnings ${fmtMoney(earnings, dp)} are below the guaranteed ${fmtMoney(drawAmt, dp)}: top up ${fmtMoney(top, dp)}`,
            'sub',
            [drawAmt, earnings],
            top,
          );
        b.amount = top;
      } else if (tr) tr.note(`Earnings ${fmtMoney(earnings, dp)} reach the guaranteed ${fmtMoney(drawAmt, dp)}: no top-up`);
      if (roundLines) roundBuild(K, b, dp, mode);
      return;
    }
    const bal = run.drawBal.get(pid) ?? K.ZERO;
    if (tr) tr.input('balance owed at start', bal.toFixed());
    if (earnings.lt(drawAmt)) {
      const adv = drawAmt.minus(earnings);
      if (tr)
        tr.add(`Earnings ${fmtMoney(earnings, dp)} are below the draw ${fmtMoney(drawAmt, dp)}: advance ${fmtMoney(adv, dp)}`, 'sub', [drawAmt, earnings], adv);
      b.amount = adv;
      if (roundLines) roundBuild(K, b, dp, mode);
      const nb = bal.plus(b.amount);
      if (tr) tr.note(`Balance owed: ${fmtMoney(bal, dp)} + ${fmtMoney(b.amount, dp)} = ${fmtMoney(nb, dp)}`);
      run.drawBal.set(pid, nb);
      b.balance = nb;
      return;
    }
    b.balance = bal;
    if (!bal.gt(K.ZERO)) {
      if (tr) tr.note(`Earnings ${fmtMoney(earnings, dp)} reach the draw and nothing is owed`);
      return;
    }
    const excess = earnings.minus(drawAmt);
    if (tr) tr.calc(`Earnings above the draw: ${fmtMoney(earnings, dp)} - ${fmtMoney(drawAmt, dp)}`, 'sub', [earnings, drawAmt], excess);
    let rec = K.min(bal, excess);
    if (tr) tr.calc(`Recoverable now: the smaller of the balance ${fmtMoney(bal, dp)} and the excess ${fmtMoney(excess, dp)}`, 'min', [bal, excess], rec);
    if (d.recoveryLimit) {
      const lim = d.recoveryLimit.kind === 'amount' ? K.of(d.recoveryLimit.amount) : earnings.times(K.of(d.recoveryLimit.share));
      if (tr && d.recoveryLimit.kind === 'share_of_earnings')
        tr.calc(`Recovery limit: ${fmtPct(d.recoveryLimit.share)} of earnings`, 'mul', [earnings, K.of(d.recoveryLimit.share)], lim);
      if (lim.lt(rec)) {
        if (tr) tr.calc(`Recovery limited to ${fmtMoney(lim, dp)}`, 'min', [rec, lim], lim);
        rec = lim;
      }
    }
    if (roundLines) rec = K.round(rec, dp, mode);
    if (tr) tr.change(`Recover ${fmtMoney(rec, dp)} of the draw balance`, rec.neg(), { op: 'sub', args: [K.ZERO, rec], result: rec.neg() });
    b.amount = rec.neg();
    const nb = bal.minus(rec);
    if (tr) tr.note(`Balance owed: ${fmtMoney(bal, dp)} - ${fmtMoney(rec, dp)} = ${fmtMoney(nb, dp)}`);
    run.drawBal.set(pid, nb);
    b.balance = nb;
  }

  /**
   * An advance draw: the draw line pays the whole draw; a draw_recovery line takes back from this
   * period's earnings (never more than they are) what is owed: for a recoverable draw the balance
   * including this period's draw, at most the recovery limit, the rest carried; for a non-recoverable
   * one only this period's draw, the rest forgiven.
   */
  advanceDraw(b: Build, drawAmt: Num, earnings: Num): void {
    const K = this.run.kit;
    const { plan, dp, mode, roundLines } = this.pp;
    const d = plan.draw;
    if (!d) return;
    const run = this.run;
    const tr = b.tr;
    if (tr) tr.change(`Draw paid in full: ${fmtMoney(drawAmt, dp)}`, drawAmt);
    b.amount = drawAmt;
    const r = this.newLine('draw_recovery', 'draw', null, () =>
      d.kind === 'recoverable' ? 'Recovery of the advance draw from earnings' : 'Recovery of this period’s draw from its earnings',
    );
    const rt = r.tr;
    const recoverable = d.kind === 'recoverable';
    const bal = recoverable ? (run.drawBal.get(this.pid) ?? K.ZERO) : K.ZERO;
    const owed = bal.plus(drawAmt);
    const avail = K.max(earnings, K.ZERO);
    if (rt) {
      rt.input('earnings this period', earnings.toFixed());
      rt.input('draw paid this period', drawAmt.toFixed());
      if (recoverable) {
        rt.input('balance owed at start', bal.toFixed());
        rt.calc(`Owed: balance ${fmtMoney(bal, dp)} + this period's draw ${fmtMoney(drawAmt, dp)}`, 'add', [bal, drawAmt], owed);
      }
    }
    let rec = K.min(owed, avail);
    if (rt) rt.calc(`Recoverable now: the smaller of ${fmtMoney(owed, dp)} owed and earnings ${fmtMoney(avail, dp)}`, 'min', [owed, avail], rec);
    if (d.recoveryLimit) {
      const lim = d.recoveryLimit.kind === 'amount' ? K.of(d.recoveryLimit.amount) : avail.times(K.of(d.recoveryLimit.share));
      if (rt && d.recoveryLimit.kind === 'share_of_earnings')
        rt.calc(`Recovery limit: ${fmtPct(d.recoveryLimit.share)} of earnings`, 'mul', [avail, K.of(d.recoveryLimit.share)], lim);
      if (lim.lt(rec)) {
        if (rt) rt.calc(`Recovery limited to ${fmtMoney(lim, dp)}`, 'min', [rec, lim], lim);
        rec = lim;
      }
    }
    if (roundLines) rec = K.round(rec, dp, mode);
    if (rt) rt.change(`Recover ${fmtMoney(rec, dp)} of the draw`, rec.neg(), { op: 'sub', args: [K.ZERO, rec], result: rec.neg() });
    r.amount = rec.neg();
    r.basis = earnings;
    if (!recoverable) {
      if (rt && rec.lt(drawAmt)) rt.note(`${fmtMoney(drawAmt.minus(rec), dp)} of the draw is not recovered and is forgiven`);
      return;
    }
    const nb = owed.minus(rec);
    if (rt) rt.note(`Balance owed: ${fmtMoney(owed, dp)} - ${fmtMoney(rec, dp)} = ${fmtMoney(nb, dp)}`);
    run.drawBal.set(this.pid, nb);
    b.balance = nb;
  }
}

const NO_RULE = () => '';

/**
 * Lines rounded so that they add up to their exact sum rounded once (largest remainder): each is
 * rounded as usual, then the cents the sum is still off go one each to the lines rounded down the most
 * (or, when the lines round up too far, are taken from those rounded up the most); ties go to the
 * earlier line in plan order.
 */
function roundTogether(K: Kit, lines: Build[], dp: number, mode: 'half_up' | 'half_even'): void {
  let exactSum = K.ZERO;
  for (const b of lines) exactSum = exactSum.plus(b.amount);
  const total = K.round(exactSum, dp, mode);
  const exact = lines.map((b) => b.amount);
  for (const b of lines) roundBuild(K, b, dp, mode);
  let roundedSum = K.ZERO;
  for (const b of lines) roundedSum = roundedSum.plus(b.amount);
  if (total.eq(roundedSum)) return;
  const unit = dp === 0 ? K.ONE : K.parse(`0.${'0'.repeat(dp - 1)}1`);
  const up = total.gt(roundedSum);
  const left = lines.map((b, i) => ({ b, i, rem: (exact[i] as Num).minus(b.amount) }));
  // up: largest remainder first; down: smallest (most negative) first; stable by plan order
  left.sort((x, y) => (x.rem.eq(y.rem) ? x.i - y.i : (up ? y.rem.gt(x.rem) : y.rem.lt(x.rem)) ? 1 : -1));
  let missing = total.minus(roundedSum).abs();
  const names = lines.map((b) => b.line.componentId).join(', ');
  for (const { b } of left) {
    if (!missing.gt(K.ZERO)) break;
    const d = up ? unit : unit.neg();
    const next = b.amount.plus(d);
    if (b.tr)
      b.tr.change(
        `Fraction shares (${names}) are rounded together: their exact sum ${exactSum.toFixed()} rounds to ${total.toFixed()} but the rounded lines add up to ${roundedSum.toFixed()}; this line ${up ? 'takes' : 'gives'} one ${dp === 0 ? 'unit' : 'cent'} of the remainder (its rounding ${up ? 'dropped' : 'added'} the most)`,
        d,
        { op: 'add', args: [b.amount, d], result: next },
      );
    b.amount = next;
    missing = missing.minus(unit);
  }
}

function roundBuild(K: Kit, b: Build, dp: number, mode: 'half_up' | 'half_even'): void {
  const r = K.round(b.amount, dp, mode);
  if (!r.eq(b.amount) && b.tr)
    b.tr.change(`Rounded ${mode.replace('_', ' ')} to ${dp} decimals: ${b.amount.toFixed()} -> ${r.toFixed()}`, r.minus(b.amount), {
      op: mode === 'half_even' ? 'round_half_even' : 'round_half_up',
      args: [b.amount, K.int(dp)],
      result: r,
    });
  b.amount = r;
}

function rateRule(c: RateTable): string {
  const how =
    c.method === 'marginal'
      ? 'marginal (each slice at its own tier rate)'
      : c.method === 'retroactive'
        ? 'retroactive (the tier reached sets the rate for everything)'
        : 'interpolated (rate linear between points, applied to everything)';
  const scope =
    c.scope === 'transaction'
      ? 'on each transaction'
      : c.scope === 'period'
        ? 'on the period total'
        : 'on the period-to-date total with a true-up of earlier periods';
  if (c.pays === 'amount')
    return `Flat amounts per tier: the tier ${c.basis === 'attainment' ? `attainment of ${c.measure}` : `${c.measure} credit`} falls in pays its amount, ${scope}; a value on a boundary goes to the ${c.boundary} tier; no credit pays nothing`;
  return `Rate table ${how} on ${c.basis === 'attainment' ? `attainment of ${c.measure}` : `${c.measure} credit`}, ${scope}; a value on a boundary goes to the ${c.boundary} tier`;
}

function bonusRule(c: AttainmentBonus): string {
  return `Attainment bonus: payout curve on ${c.measure} attainment (${c.scope === 'ptd' ? 'period-to-date with true-up' : 'period'}), threshold ${fmtPct(c.threshold)}, ${c.bands.length} accelerator/decelerator band(s), worth ${fmtPct(c.targetShare)} of target incentive at 100% payout${
    c.curve.some((p) => p.step)
      ? `; the curve jumps (a step) at ${c.curve
          .filter((p) => p.step)
          .map((p) => fmtPct(p.attainment))
          .join(', ')}`
      : ''
  }; beyond the last point the curve is ${c.beyondLast === 'extend_slope' ? 'extended at the slope of its last segment' : 'flat'}`;
}

function spifRule(c: Spif): string {
  const pay = c.pay.kind === 'per_unit' ? `${c.pay.amount.toFixed()} per unit` : `${fmtPct(c.pay.rate)} of the amount`;
  return `SPIF: ${pay} for qualifying transactions dated ${formatDate(c.windowFrom)} to ${formatDate(c.windowTo)} (payout share)`;
}
