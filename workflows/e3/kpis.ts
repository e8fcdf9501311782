import Decimal from 'decimal.js';
import { daysBetween } from '../changes/schedule';
import { money } from '../format/money';

/**
 * The KPIs of an SPM programme, computed per period from its uploaded production results (issue 17).
 * Pure functions over decimal.js: no float arithmetic on money, every value rounded half up to the
 * places its definition names, and returned as a decimal string (null when the period cannot give it,
 * e.g. a median of no resolved disputes). Each KPI carries the formula text the pages show.
 */

export type ResultLine = { participant: string; component: string; payout: string; capped: boolean; quota: string; creditedRevenue: string };
export type EventLine = { kind: 'dispute' | 'adjustment'; participant: string; amount: string; raisedOn: string; resolvedOn: string | null };
export type PeriodData = { period: string; closeDate: string; paymentDate: string; results: ResultLine[]; events: EventLine[] };

/** Which way is better: 'down' (fewer disputes), 'up' (more at quota), or 'target' (a share of pay: near the target is right). */
export type Direction = 'up' | 'down' | 'target';
export type KpiUnit = 'money' | 'percent' | 'ratio' | 'days' | 'per100';
export type KpiDefinition = { key: string; label: string; unit: KpiUnit; decimals: number; direction: Direction; formula: string };

/** The fixed KPIs; each component's share of pay is added per component seen (`componentShareKey`). */
export const fixedKpis: KpiDefinition[] = [
  {
    key: 'incentiveCost',
    label: 'Incentive cost',
    unit: 'money',
    decimals: 2,
    direction: 'down',
    formula: 'The sum of every payout line of the period (all participants, all components).',
  },
  {
    key: 'costOfSales',
    label: 'Cost of sales',
    unit: 'percent',
    decimals: 2,
    direction: 'down',
    formula: 'Incentive cost ÷ the credited revenue of all participants × 100.',
  },
  {
    key: 'atQuota',
    label: 'Participants at or above quota',
    unit: 'percent',
    decimals: 2,
    direction: 'up',
    formula: 'Participants whose credited revenue ÷ quota is 1 or more (attainment ≥ 100%) ÷ all participants × 100. A quota of 0 counts as not at quota.',
  },
  {
    key: 'differentiation',
    label: 'Payout differentiation',
    unit: 'ratio',
    decimals: 2,
    direction: 'up',
    formula:
      'The top decile’s mean payout ÷ the median payout. Each participant’s payout is the sum of their lines; the top decile is the ceil(n ÷ 10) participants with the highest payouts (ties broken by participant id); the median is the middle payout of all n (the mean of the two middle ones when n is even). None when the median is 0.',
  },
  {
    key: 'capHits',
    label: 'Cap hits',
    unit: 'percent',
    decimals: 2,
    direction: 'down',
    formula: 'Participants with at least one payout line flagged capped (the plan’s cap limited it) ÷ all participants × 100.',
  },
  {
    key: 'disputeRate',
    label: 'Disputes per 100 participants',
    unit: 'per100',
    decimals: 2,
    direction: 'down',
    formula: 'Dispute lines of the period ÷ all participants × 100.',
  },
  {
    key: 'disputeDays',
    label: 'Median days to resolve a dispute',
    unit: 'days',
    decimals: 1,
    direction: 'down',
    formula:
      'The median, over the period’s resolved disputes, of the days from raised to resolved (the mean of the two middle ones when even). None when no dispute was resolved.',
  },
  {
    key: 'adjustmentRate',
    label: 'Manual adjustments per 100 participants',
    unit: 'per100',
    decimals: 2,
    direction: 'down',
    formula: 'Adjustment lines of the period ÷ all participants × 100.',
  },
  {
    key: 'adjustmentShare',
    label: 'Adjustment value as a share of payout',
    unit: 'percent',
    decimals: 2,
    direction: 'down',
    formula: 'The sum of the absolute amounts of the period’s adjustments ÷ incentive cost × 100. None when incentive cost is 0.',
  },
  {
    key: 'cycleDays',
    label: 'Calculation cycle days',
    unit: 'days',
    decimals: 0,
    direction: 'down',
    formula: 'Days from the period’s close date to its payment date.',
  },
];

const sharePrefix = 'share:';
export const componentShareKey = (component: string) => `${sharePrefix}${component}`;

function componentShareKpi(component: string): KpiDefinition {
  return {
    key: componentShareKey(component),
    label: `Share of pay: ${component}`,
    unit: 'percent',
    decimals: 2,
    direction: 'target',
    formula: `Payout lines of the component ${component} ÷ incentive cost × 100 (is the plan paying for what the business wants?). None when incentive cost is 0.`,
  };
}

/** The definition of a KPI key (a fixed one, or a component's share), or undefined for an unknown key. */
export function kpiDefinition(key: string): KpiDefinition | undefined {
  if (key.startsWith(sharePrefix) && key.length > sharePrefix.length) return componentShareKpi(key.slice(sharePrefix.length));
  return fixedKpis.find((k) => k.key === key);
}

/** The KPIs a set of periods offers: the fixed ones, then one share per component seen, by name. */
export function kpisOf(periods: Pick<PeriodData, 'results'>[]): KpiDefinition[] {
  const components = [...new Set(periods.flatMap((p) => p.results.map((r) => r.component)))].sort();
  return [...fixedKpis, ...components.map(componentShareKpi)];
}

const round = (d: Decimal, places: number) => d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
const hundred = new Decimal(100);

function median(values: Decimal[]): Decimal | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]!.plus(sorted[mid]!).div(2);
}

/** Every KPI of one period, by key: a decimal string rounded as its definition says, or null. */
export function computePeriodKpis(p: PeriodData, keys: string[] = kpisOf([p]).map((k) => k.key)): Record<string, string | null> {
  const payouts = new Map<string, Decimal>();
  const people = new Map<string, { quota: Decimal; revenue: Decimal; capped: boolean }>();
  const byComponent = new Map<string, Decimal>();
  let cost = new Decimal(0);
  for (const r of p.results) {
    const payout = new Decimal(r.payout);
    cost = cost.plus(payout);
    payouts.set(r.participant, (payouts.get(r.participant) ?? new Decimal(0)).plus(payout));
    byComponent.set(r.component, (byComponent.get(r.component) ?? new Decimal(0)).plus(payout));
    const person = people.get(r.participant);
    if (person) person.capped ||= r.capped;
    else people.set(r.participant, { quota: new Decimal(r.quota), revenue: new Decimal(r.creditedRevenue), capped: r.capped });
  }
  const n = people.size;
  const revenue = [...people.values()].reduce((sum, x) => sum.plus(x.revenue), new Decimal(0));
  const perHundred = (count: number) => (n === 0 ? null : new Decimal(count).div(n).times(hundred));
  const ofCost = (part: Decimal) => (cost.isZero() ? null : part.div(cost).times(hundred));
  const disputes = p.events.filter((e) => e.kind === 'dispute');
  const adjustments = p.events.filter((e) => e.kind === 'adjustment');

  const raw = (key: string): Decimal | null => {
    switch (key) {
      case 'incentiveCost':
        return cost;
      case 'costOfSales':
        return revenue.isZero() ? null : cost.div(revenue).times(hundred);
      case 'atQuota':
        return perHundred([...people.values()].filter((x) => x.quota.gt(0) && x.revenue.div(x.quota).gte(1)).length);
      case 'differentiation': {
        const ranked = [...payouts.entries()].sort((a, b) => b[1].comparedTo(a[1]) || a[0].localeCompare(b[0])).map(([, v]) => v);
        const mid = median(ranked);
        if (!mid || mid.isZero()) return null;
        const top = ranked.slice(0, Math.ceil(ranked.length / 10));
        return top
          .reduce((s, v) => s.plus(v), new Decimal(0))
          .div(top.length)
          .div(mid);
      }
      case 'capHits':
        return perHundred([...people.values()].filter((x) => x.capped).length);
      case 'disputeRate':
        return perHundred(disputes.length);
      case 'disputeDays':
        return median(disputes.filter((d) => d.resolvedOn).map((d) => new Decimal(daysBetween(d.raisedOn, d.resolvedOn!))));
      case 'adjustmentRate':
        return perHundred(adjustments.length);
      case 'adjustmentShare':
        return ofCost(adjustments.reduce((s, a) => s.plus(new Decimal(a.amount).abs()), new Decimal(0)));
      case 'cycleDays':
        return new Decimal(daysBetween(p.closeDate, p.paymentDate));
      default:
        if (key.startsWith(sharePrefix)) return ofCost(byComponent.get(key.slice(sharePrefix.length)) ?? new Decimal(0));
        return null;
    }
  };
  const out: Record<string, string | null> = {};
  for (const key of keys) {
    const def = kpiDefinition(key);
    const value = def ? raw(key) : null;
    out[key] = value === null || !def ? null : round(value, def.decimals);
  }
  return out;
}

/**
 * A KPI over several periods (a baseline, a review): the mean of the periods' values that exist,
 * rounded as the KPI's definition says; null when no period gives a value.
 */
export function meanOverPeriods(key: string, perPeriod: (string | null)[]): string | null {
  const def = kpiDefinition(key);
  const values = perPeriod.filter((v): v is string => v !== null).map((v) => new Decimal(v));
  if (!def || values.length === 0) return null;
  return round(values.reduce((s, v) => s.plus(v), new Decimal(0)).div(values.length), def.decimals);
}

export type Verdict = 'better' | 'within' | 'worse';
export const verdictLabels: Record<Verdict, string> = { better: 'Better', within: 'Within tolerance', worse: 'Worse' };

/**
 * How a value stands against a reference (the target, or the baseline): within tolerance when it is at
 * most `tolerance` away; otherwise better or worse by the KPI's direction. For a 'target' KPI (a share
 * of pay) being off by more than the tolerance either way is worse. No value is worse (it cannot be shown better).
 */
export function verdictOf(key: string, value: string | null, reference: string | null, tolerance: string): Verdict | null {
  const def = kpiDefinition(key);
  if (!def || reference === null) return null;
  if (value === null) return 'worse';
  const diff = new Decimal(value).minus(reference);
  if (diff.abs().lte(tolerance)) return 'within';
  if (def.direction === 'target') return 'worse';
  return (def.direction === 'up') === diff.gt(0) ? 'better' : 'worse';
}

/** A KPI value as people read it, with its unit. */
export function formatKpi(key: string, value: string | null): string {
  const def = kpiDefinition(key);
  if (value === null) return '—';
  switch (def?.unit) {
    case 'percent':
      return `${value}%`;
    case 'days':
      return `${value} days`;
    case 'ratio':
      return `${value}×`;
    case 'money':
      return money(value);
    default:
      return value;
  }
}
