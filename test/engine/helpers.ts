/** Test helpers: build a run from inline CSV text and plan objects. */

import { readFileSync } from 'node:fs';
import type { ByteSource, CalculateInput, CalculateResult, Carry, InputError, PayoutLine } from '../../engine/index';
import { calculate, loadInputs } from '../../engine/index';

export const PARTICIPANTS_HEADER = 'participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency';
export const TX_HEADER = 'transaction_id,date,participant_id,amount,quantity,product,type,status,split';

export interface RunSpec {
  plans: unknown[];
  /** rows without header */
  participants: string[];
  quotas?: string[];
  transactions?: string[];
  period: string;
  balances?: string[];
  adjustments?: string[];
  adjustmentsHeader?: string;
  mbo?: string[];
  carry?: Carry;
  arithmetic?: 'auto' | 'fast' | 'decimal';
  explain?: boolean;
}

/** the run's files; `transactions` may also be read from a source (a piece at a time) */
export function load(spec: RunSpec, transactions?: ByteSource) {
  return loadInputs({
    plans: spec.plans.map((p, i) => ({ name: `plan${i}.json`, text: JSON.stringify(p) })),
    participants: { name: 'participants.csv', text: [PARTICIPANTS_HEADER, ...spec.participants].join('\n') },
    quotas: { name: 'quotas.csv', text: ['participant_id,measure,period,quota', ...(spec.quotas ?? [])].join('\n') },
    transactions: { name: 'transactions.csv', text: [TX_HEADER, ...(spec.transactions ?? [])].join('\n'), ...(transactions ? { source: transactions } : {}) },
    ...(spec.balances ? { balances: { name: 'balances.csv', text: ['participant_id,balance', ...spec.balances].join('\n') } } : {}),
    ...(spec.adjustments
      ? {
          adjustments: {
            name: 'adjustments.csv',
            text: [spec.adjustmentsHeader ?? 'participant_id,component_id,amount,reason', ...spec.adjustments].join('\n'),
          },
        }
      : {}),
    ...(spec.mbo ? { mbo: { name: 'mbo.csv', text: ['participant_id,objective_id,period,score', ...spec.mbo].join('\n') } } : {}),
    period: spec.period,
  });
}

export function loadErrors(spec: RunSpec): InputError[] {
  const r = load(spec);
  if (r.ok) throw new Error('expected the input to be refused');
  return r.errors;
}

export function run(spec: RunSpec): CalculateResult {
  const r = load(spec);
  if (!r.ok) throw new Error(`input refused:\n${r.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n')}`);
  const input: CalculateInput = { ...r.value, options: { explain: spec.explain ?? true, arithmetic: spec.arithmetic ?? 'auto' } };
  if (spec.carry) input.carry = spec.carry;
  const c = calculate(input);
  if (!c.ok) throw new Error(c.errors.join('\n'));
  return c.value;
}

export function line(result: CalculateResult, participantId: string, componentId: string, period?: string): PayoutLine {
  const l = result.lines.find((x) => x.participantId === participantId && x.componentId === componentId && (period === undefined || x.period === period));
  if (!l)
    throw new Error(
      `no line ${period ?? ''} ${participantId} ${componentId}; have ${result.lines.map((x) => `${x.period}/${x.participantId}/${x.componentId}`).join(', ')}`,
    );
  return l;
}

export function maybeLine(result: CalculateResult, participantId: string, componentId: string, period?: string): PayoutLine | undefined {
  return result.lines.find((x) => x.participantId === participantId && x.componentId === componentId && (period === undefined || x.period === period));
}

export function total(result: CalculateResult, participantId: string, period?: string): string {
  const t = result.totals.find((x) => x.participantId === participantId && (period === undefined || x.period === period));
  if (!t) throw new Error(`no total for ${participantId}`);
  return t.amount;
}

/** A quarterly USD plan with one amount measure "sales" and the given components; override anything. */
export function plan(components: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    id: 'P',
    name: 'Test plan',
    currency: 'USD',
    periodKind: 'quarter',
    measures: [{ id: 'sales', source: 'amount', shareBasis: 'credit' }],
    components,
    ...extra,
  };
}

/** Rate table component shorthand. */
export function rateTable(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'commission',
    type: 'rate_table',
    measure: 'sales',
    basis: 'amount',
    method: 'marginal',
    scope: 'period',
    tiers: [
      { from: 0, rate: 0.05 },
      { from: 100000, rate: 0.08 },
      { from: 150000, rate: 0.1 },
    ],
    ...over,
  };
}

/** one participant a1 on plan P with annual target incentive 40,000 (10,000 a quarter) */
export const A1 = 'a1,Ann Able,P,ae,,40000,,,USD';
export const A2 = 'a2,Bob Baker,P,ae,,40000,,,USD';

export function tx(
  id: string,
  date: string,
  who: string,
  amount: string,
  extra: { qty?: string; product?: string; type?: string; status?: string; split?: string } = {},
): string {
  return [id, date, who, amount, extra.qty ?? '1', extra.product ?? 'widget', extra.type ?? 'new', extra.status ?? 'booked', extra.split ?? ''].join(',');
}

const docPage = readFileSync(new URL('../../docs/plan-format.md', import.meta.url), 'utf8');
/** every complete plan example of docs/plan-format.md */
export const docExamples = [...docPage.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string) as Record<string, unknown>);

/**
 * The example plan of the docs page with this id, as plan "P" (the id participants rows use), with
 * `patch` merged into its first component: tests run the page's own plans, so its numbers are computed.
 */
export function docPlan(id: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  const p = docExamples.find((e) => e.id === id);
  if (!p) throw new Error(`no example ${id} in docs/plan-format.md`);
  const copy = structuredClone(p);
  copy.id = 'P';
  Object.assign((copy.components as Record<string, unknown>[])[0] as Record<string, unknown>, patch);
  return copy;
}
