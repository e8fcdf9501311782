/**
 * A deterministic modeling dataset (issue 13): N participants of given roles on one plan, each with a
 * target incentive and a quota per measure, an attainment drawn from a normal distribution (or taken
 * from a historical list), and revenue = quota x attainment on the revenue measure, split into K
 * transactions over the period. The output is the engine's CSV contracts (docs/plan-format.md).
 *
 * Same inputs and seed, same bytes: the only randomness is mulberry32 seeded here, turned into normal
 * draws by Box-Muller; no clock, no Math.random. Money is decimal: revenue = quota x attainment rounded
 * half-up to cents, split into K parts that differ by at most a cent and add up exactly.
 */
import type { Period } from '~/engine';
import { Decimal, formatDate, parsePeriod, validatePlan } from '~/engine';
import type { Problem } from '~/workflows/errors';
import { DomainError } from '~/workflows/errors';
import type { PayoutDataset } from '~/workflows/testing/engine-run';

type Dec = InstanceType<typeof Decimal>;

export const GENERATE_LIMITS = { participants: 20_000, transactions: 1_000_000, historicalRows: 20_000 } as const;

export interface RoleSpec {
  role: string;
  count: number;
  /** as the participants file states it: annual or per period, as the plan's targetIncentive.basis says */
  targetIncentive: string;
  /** quota per period, per measure id; the revenue measure must have one */
  quotas: Record<string, string>;
}

export interface GenerateSpec {
  /** the plan document (JSON text) participants are put on */
  planDocument: string;
  /** one period of the plan's kind, e.g. "2026-Q1" */
  period: string;
  /** an integer 0 .. 2^32 - 1 */
  seed: number;
  roles: RoleSpec[];
  /** normal: mean and spread (standard deviation) as fractions, truncated at 0; historical: CSV `participant_id,attainment` */
  attainment: { kind: 'normal'; mean: number; spread: number } | { kind: 'historical'; csv: string };
  /** transactions per participant (K) */
  transactionsPerParticipant: number;
  /** the measure whose credit the transactions make; default: the plan's first `amount` measure */
  revenueMeasure?: string;
}

export interface GeneratedDataset extends PayoutDataset {
  /** the attainment drawn for each participant, in participant order (fractions, 4 decimals) */
  attainments: string[];
}

/** mulberry32: a 32-bit seeded PRNG; returns uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box-Muller (both values of each pair are used). */
export function normals(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = uniform();
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

const DEC_RE = /^\d+(\.\d+)?$/;

/** Reads a historical attainment CSV (`participant_id,attainment`, fractions >= 0): every bad line reported. */
export function parseHistoricalAttainment(csv: string): { ok: true; values: string[] } | { ok: false; problems: Problem[] } {
  const rows = csv.split(/\r?\n/);
  const problems: Problem[] = [];
  const header = (rows[0] ?? '').trim().toLowerCase();
  if (header !== 'participant_id,attainment')
    return { ok: false, problems: [{ file: 'attainment', line: 1, message: 'the header must be participant_id,attainment' }] };
  const values: string[] = [];
  for (let i = 1; i < rows.length; i++) {
    const row = (rows[i] ?? '').trim();
    if (row === '') continue;
    const [id = '', att = '', ...rest] = row.split(',');
    if (rest.length > 0 || id.trim() === '') problems.push({ file: 'attainment', line: i + 1, message: 'expected participant_id,attainment' });
    else if (!DEC_RE.test(att.trim()))
      problems.push({ file: 'attainment', line: i + 1, message: `attainment "${att.trim()}" is not a decimal fraction >= 0 (1.05 = 105%)` });
    else values.push(new Decimal(att.trim()).toFixed());
  }
  if (values.length + problems.length > GENERATE_LIMITS.historicalRows)
    problems.push({ file: 'attainment', line: 0, message: `at most ${GENERATE_LIMITS.historicalRows} rows` });
  if (problems.length === 0 && values.length === 0) problems.push({ file: 'attainment', line: 0, message: 'no attainment rows' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

/**
 * Generates the dataset, or throws a DomainError('invalid') naming every problem of the spec.
 * Participant i (from 1, roles in the order given) is `P00001`...; with a historical list it takes
 * row ((i - 1) mod rows); its K transactions are dated evenly over the period (transaction j on day
 * floor(j x days / K), inside the measure's date filter), typed and given a product that the revenue measure's filter accepts.
 */
export function generateDataset(spec: GenerateSpec): GeneratedDataset {
  const errors: Record<string, string> = {};
  let problems: Problem[] = [];
  let planJson: unknown = null;
  try {
    planJson = JSON.parse(spec.planDocument);
  } catch {
    errors.planDocument = 'the plan document is not JSON';
  }
  const compiled = planJson === null ? null : validatePlan(planJson);
  if (compiled && !compiled.ok) errors.planDocument = `the plan is invalid: ${compiled.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`;
  const plan = compiled?.ok ? compiled.value : null;
  const period: Period | null = parsePeriod(spec.period);
  if (!period) errors.period = `"${spec.period}" is not one period (2026-Q1, 2026-03, 2026, 2026-W05 or 2026-01-05/P2W)`;
  else if (plan && period.kind !== plan.periodKind) errors.period = `the plan pays by ${plan.periodKind}; ${spec.period} is a ${period.kind}`;
  else if (plan?.periodKind === 'two_weeks' && (period.start - plan.periodAnchor) % 14 !== 0)
    errors.period = `${spec.period} is not one of the plan's two-week cycles (they start every 14 days from ${plan.doc.periodAnchor})`;
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffffffff) errors.seed = 'the seed must be an integer from 0 to 4294967295';
  const n = spec.roles.reduce((s, r) => s + (Number.isInteger(r.count) ? r.count : 0), 0);
  if (spec.roles.length === 0) errors.roles = 'give at least one role';
  else if (n < 1 || n > GENERATE_LIMITS.participants)
    errors.roles = `participants must number 1 to ${GENERATE_LIMITS.participants.toLocaleString('en-US')} in all (asked: ${n.toLocaleString('en-US')})`;
  const k = spec.transactionsPerParticipant;
  if (!Number.isInteger(k) || k < 1) errors.transactionsPerParticipant = 'transactions per participant must be a whole number of at least 1';
  else if (n * k > GENERATE_LIMITS.transactions)
    errors.transactionsPerParticipant = `at most ${GENERATE_LIMITS.transactions.toLocaleString('en-US')} transactions in all (asked: ${n.toLocaleString('en-US')} x ${k} = ${(n * k).toLocaleString('en-US')})`;
  const revenueMeasure = plan ? (spec.revenueMeasure ?? plan.measures.find((m) => m.source === 'amount')?.id) : undefined;
  const measure = plan?.measures.find((m) => m.id === revenueMeasure);
  if (plan && !measure) errors.revenueMeasure = `the plan has no amount measure "${spec.revenueMeasure ?? ''}" for revenue`;
  else if (measure && measure.source !== 'amount') errors.revenueMeasure = `measure ${measure.id} counts ${measure.source}, not revenue amounts`;
  spec.roles.forEach((r, i) => {
    const at = `roles[${i}]`;
    if (!/^[^,"\r\n]+$/.test(r.role)) errors[`${at}.role`] = 'a role is a name without commas or quotes';
    if (!Number.isInteger(r.count) || r.count < 1) errors[`${at}.count`] = 'the count must be a whole number of at least 1';
    if (!DEC_RE.test(r.targetIncentive)) errors[`${at}.targetIncentive`] = `target incentive "${r.targetIncentive}" is not an amount >= 0`;
    for (const [m, q] of Object.entries(r.quotas)) {
      if (plan && !plan.measures.some((x) => x.id === m)) errors[`${at}.quotas.${m}`] = `the plan has no measure ${m}`;
      else if (!DEC_RE.test(q) || new Decimal(q).isZero()) errors[`${at}.quotas.${m}`] = `quota "${q}" is not an amount > 0`;
    }
    if (revenueMeasure && r.quotas[revenueMeasure] === undefined)
      errors[`${at}.quotas.${revenueMeasure}`] = `a quota for the revenue measure ${revenueMeasure} is required`;
  });
  let historical: string[] | null = null;
  if (spec.attainment.kind === 'normal') {
    const { mean, spread } = spec.attainment;
    if (!Number.isFinite(mean) || mean < 0 || mean > 10) errors['attainment.mean'] = 'the mean attainment must be from 0 to 10 (1 = 100%)';
    if (!Number.isFinite(spread) || spread < 0 || spread > 5) errors['attainment.spread'] = 'the spread must be from 0 to 5 (0.2 = 20 points)';
  } else {
    const h = parseHistoricalAttainment(spec.attainment.csv);
    if (h.ok) historical = h.values;
    else {
      problems = h.problems;
      errors['attainment.csv'] = `the attainment list has ${h.problems.length} problem(s): ${h.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`;
    }
  }
  if (Object.keys(errors).length > 0 || !plan || !period || !revenueMeasure)
    throw new DomainError('invalid', `The dataset cannot be generated: ${Object.values(errors).join('; ')}`, errors, problems);

  // draws: a truncated normal resamples below 0 (at most 1,000 tries, then 0)
  const z = normals(mulberry32(spec.seed));
  const attainment = (i: number): Dec => {
    if (historical) return new Decimal(historical[i % historical.length] as string);
    const { mean, spread } = spec.attainment as { mean: number; spread: number };
    for (let t = 0; t < 1000; t++) {
      const x = mean + spread * z();
      if (x >= 0) return new Decimal(x.toFixed(4));
    }
    return new Decimal(0);
  };

  const width = Math.max(5, String(n).length);
  // dated inside the period and inside the revenue measure's own date filter, if it has one
  const lo = Math.max(period.start, measure?.filter.dateFrom ?? period.start);
  const hi = Math.min(period.end, measure?.filter.dateTo ?? period.end);
  if (hi < lo)
    throw new DomainError('invalid', `measure ${revenueMeasure} counts no day of ${period.label}`, { revenueMeasure: 'no day of the period counts' });
  const days = hi - lo + 1;
  const dates = Array.from({ length: k }, (_, j) => formatDate(lo + Math.floor((j * days) / k)));
  const type = [...(measure?.filter.types ?? [])].sort()[0] ?? 'new';
  const product = [...(measure?.filter.products ?? [])].sort()[0] ?? 'generated';
  const P = ['participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency'];
  const Q = ['participant_id,measure,period,quota'];
  const T: string[] = ['transaction_id,date,participant_id,amount,quantity,product,type,status,split'];
  const attainments: string[] = [];
  let i = 0;
  for (const r of spec.roles) {
    for (let c = 0; c < r.count; c++) {
      const id = `P${String(i + 1).padStart(width, '0')}`;
      const att = attainment(i);
      attainments.push(att.toFixed(4));
      P.push(`${id},Participant ${i + 1},${plan.id},${r.role},,${r.targetIncentive},,,${plan.currency}`);
      for (const [m, q] of Object.entries(r.quotas)) Q.push(`${id},${m},${period.label},${q}`);
      const revenue = new Decimal(r.quotas[revenueMeasure] as string).times(att).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      // K parts of whole cents: floor(revenue / K) each, the remaining cents one each to the first parts
      const cents = revenue.times(100);
      const base = cents.divToInt(k);
      const extra = cents.minus(base.times(k)).toNumber();
      for (let j = 0; j < k; j++) {
        const amount = (j < extra ? base.plus(1) : base).div(100).toFixed(2);
        T.push(`${id}-${j + 1},${dates[j]},${id},${amount},1,${product},${type},booked,`);
      }
      i++;
    }
  }
  return { period: period.label, participantsCsv: `${P.join('\n')}\n`, quotasCsv: `${Q.join('\n')}\n`, transactionsCsv: `${T.join('\n')}\n`, attainments };
}
