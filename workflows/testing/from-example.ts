import type { ExpectedLine, WorkedExample } from '~/db/schema';
import type { CompiledPlan } from '~/engine';
import { Decimal, formatDate, parsePeriod, periodsPerYear } from '~/engine';
import type { PayoutDataset } from './engine-run';

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const words = (s: string) =>
  s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2);
const numberOf = (v: string) => v.replace(/[, ]/g, '').replace(/%$/, '');
const isNumber = (v: string) => /^-?\d+(\.\d+)?%?$/.test(v.replace(/[, ]/g, ''));

export type Drafted = { ok: true; dataset: PayoutDataset; expected: ExpectedLine[]; notes: string[] } | { ok: false; problems: string[] };

/**
 * Drafts a payout case from a worked example, reading its inputs by their labels:
 * "period" (e.g. 2026-Q1); "... quota ..." (the quota of the measure the label names, else the first);
 * "... target ..." (target incentive for the period); "... attainment ..." (a percentage: credit is that
 * share of the quota); a whole count whose label speaks of referrals or units (that many referral or
 * unit transactions); any other amount (one transaction of it for the measure the label names).
 * Expected components are matched to the plan's components by id or name. Every reading is listed in
 * `notes` so the tester can check the draft.
 */
export function draftCaseFromExample(plan: CompiledPlan, example: WorkedExample, defaultPeriod: string): Drafted {
  const problems: string[] = [];
  const notes: string[] = [];
  const measureFor = (label: string) => plan.measures.find((m) => words(m.id).some((w) => words(label).includes(w))) ?? plan.measures[0]!;
  // weekly plans have 52- or 53-week years (26 or 27 two-week cycles): the example's period says which
  const stated = parsePeriod(example.inputs.find((i) => i.label.toLowerCase().includes('period'))?.value ?? defaultPeriod);
  const perPeriods =
    stated && stated.kind === plan.periodKind ? periodsPerYear(stated) : { week: 52, two_weeks: 26, month: 12, quarter: 4, year: 1 }[plan.periodKind];
  let period = defaultPeriod;
  let target = '0';
  const quotas = new Map<string, string>();
  const credits: { measure: (typeof plan.measures)[number]; amount: string; label: string }[] = [];
  const counted: { type: string; product: string; count: number; label: string }[] = [];
  let attainment: { value: string; label: string } | null = null;

  for (const input of example.inputs) {
    const label = input.label.toLowerCase();
    const value = input.value.trim();
    if (label.includes('period')) {
      period = value;
      notes.push(`"${input.label}" is the period ${value}.`);
    } else if (!isNumber(value)) {
      problems.push(`"${input.label}" = "${value}" is not a number, so it cannot be used as an input.`);
    } else if (label.includes('quota')) {
      const m = measureFor(label);
      quotas.set(m.id, numberOf(value));
      notes.push(`"${input.label}" is the ${m.id} quota.`);
    } else if (label.includes('target')) {
      const perPeriod = numberOf(value);
      // exact: 100.1 x 12 in binary floating point is 1201.1999999999998
      target = plan.targetIncentiveBasis === 'annual' ? new Decimal(perPeriod).times(perPeriods).toFixed() : perPeriod;
      notes.push(`"${input.label}" is the target incentive for the period (${target} in the participants file).`);
    } else if (label.includes('attainment')) {
      attainment = { value: numberOf(value), label: input.label };
    } else if (/referr|polic|sold|units|count|number of/.test(label) && /^\d+$/.test(numberOf(value))) {
      const component = plan.components.find((c) => c.type === 'referral' || c.type === 'spif');
      const type =
        component?.type === 'referral' ? component.transactionType : (firstOf(component?.type === 'spif' ? component.filter.types : null) ?? 'referral');
      const product = firstOf(component && 'filter' in component ? (component.filter as Filter).products : null) ?? 'general';
      counted.push({ type, product, count: Number(numberOf(value)), label: input.label });
      notes.push(`"${input.label}" is ${value} transactions of type ${type}.`);
    } else {
      const m = measureFor(label);
      credits.push({ measure: m, amount: numberOf(value), label: input.label });
      notes.push(`"${input.label}" is one ${m.id} transaction of ${numberOf(value)}.`);
    }
  }
  if (attainment) {
    const m = plan.measures[0]!;
    const quota = quotas.get(m.id) ?? '100000';
    quotas.set(m.id, quota);
    const credit = ((Number(attainment.value) / 100) * Number(quota)).toFixed(2);
    credits.push({ measure: m, amount: credit, label: attainment.label });
    notes.push(`"${attainment.label}" ${attainment.value}% is a ${m.id} credit of ${credit} against a quota of ${quota}.`);
  }

  const expected: ExpectedLine[] = [];
  for (const line of example.expected) {
    const component =
      plan.components.find((c) => norm(c.id) === norm(line.component) || norm(c.name ?? '') === norm(line.component)) ??
      plan.components.find((c) => words(line.component).every((w) => words(`${c.id} ${c.name ?? ''}`).includes(w)));
    if (!component) problems.push(`The plan has no component like "${line.component}" (it has ${plan.components.map((c) => c.id).join(', ')}).`);
    else expected.push({ participantId: 'P1', componentId: component.id, amount: line.amount });
  }
  if (problems.length) return { ok: false, problems };

  const typeOf = (m: (typeof plan.measures)[number]) => firstOf(m.filter.types) ?? 'new';
  const productOf = (m: (typeof plan.measures)[number]) => firstOf(m.filter.products) ?? 'general';
  const date = periodMidDate(period);
  let n = 0;
  const tx = [
    ...credits.map((c) => `T${++n},${date},P1,${c.amount},1,${productOf(c.measure)},${typeOf(c.measure)},booked,`),
    ...counted.flatMap((c) => Array.from({ length: c.count }, () => `T${++n},${date},P1,0,1,${c.product},${c.type},booked,`)),
  ];
  return {
    ok: true,
    notes,
    expected,
    dataset: {
      period,
      participantsCsv: `participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency\nP1,${csvCell(example.name)},${plan.id},participant,,${target},,,${plan.currency}\n`,
      quotasCsv: `participant_id,measure,period,quota\n${[...quotas].map(([m, q]) => `P1,${m},${period},${q}`).join('\n')}\n`,
      transactionsCsv: `transaction_id,date,participant_id,amount,quantity,product,type,status,split\n${tx.join('\n')}\n`,
    },
  };
}

const firstOf = (set: Set<string> | null | undefined) => (set ? [...set][0] : undefined);
type Filter = { products: Set<string> | null; types: Set<string> | null };

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A date inside the period, for the drafted transactions. */
function periodMidDate(period: string): string {
  const p = parsePeriod(period);
  // a week's Thursday, a cycle's eighth day
  if (p && (p.kind === 'week' || p.kind === 'two_weeks')) return formatDate(p.start + (p.kind === 'week' ? 3 : 7));
  const q = period.match(/^(\d{4})-Q([1-4])$/);
  if (q) return `${q[1]}-${String((Number(q[2]) - 1) * 3 + 2).padStart(2, '0')}-15`;
  const m = period.match(/^(\d{4})-(\d{2})$/);
  if (m) return `${m[1]}-${m[2]}-15`;
  return `${period.slice(0, 4)}-06-15`;
}
