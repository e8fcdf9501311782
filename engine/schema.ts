/**
 * The plan document: a versioned JSON format validated by zod. Every option is named; where an option
 * has a default, the default is part of the schema (and so of the generated JSON Schema and the docs).
 *
 * Ratios are decimal fractions everywhere: a rate of 0.05 is 5%, an attainment of 1.2 is 120%, a share
 * of 0.4 is 40%. Decimal values may be JSON numbers or strings ("0.05"); they are read as exact decimals.
 */
import { z } from 'zod';
import { parseDate } from './dates';

export const PLAN_SCHEMA_VERSION = 1;

const DEC_RE = /^-?\d+(\.\d+)?$/;
const DecimalValue = z
  .union([z.number(), z.string().regex(DEC_RE, 'must be a decimal number such as 12.5')])
  .describe('An exact decimal: a JSON number or a string such as "0.05".');

const NonNegDecimal = DecimalValue.refine((v) => Number(v) >= 0, 'must not be negative');

const FRACTION_RE = /^\d+\/[1-9]\d*$/;
const SHARE_RE = /^(-?\d+(\.\d+)?|\d+\/[1-9]\d*)$/;
/** A share or weight: an exact decimal, or an exact fraction such as "1/3" (numerator/denominator, whole numbers). */
const ShareValue = z
  .union([z.number(), z.string().regex(SHARE_RE, 'must be a decimal number such as 0.25 or a fraction such as "1/3"')])
  .refine((v) => FRACTION_RE.test(String(v)) || Number(v) >= 0, 'must not be negative')
  .describe(
    'A share: an exact decimal (0.25 or "0.25") or an exact fraction "n/d" such as "1/3"; a fraction is carried as a decimal of 40 significant digits.',
  );

/** true when a share is written as a fraction "n/d" */
export function isFraction(v: string | number): boolean {
  return typeof v === 'string' && FRACTION_RE.test(v);
}

const Id = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, "_", "-" or "."')
  .describe('An identifier: letters, digits, "_", "-" or ".".');

const DateStr = z
  .string()
  .refine((v) => parseDate(v) !== null, 'must be a date YYYY-MM-DD')
  .describe('A calendar date YYYY-MM-DD.');

export const Filter = z
  .object({
    products: z.array(z.string()).min(1).optional().describe('Only transactions for these products.'),
    types: z.array(z.string()).min(1).optional().describe('Only transactions of these types.'),
    dateFrom: DateStr.optional().describe('Only transactions on or after this date.'),
    dateTo: DateStr.optional().describe('Only transactions on or before this date.'),
  })
  .strict()
  .describe('Which transactions count. Omitted fields do not filter.');

export const Cap = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('amount'), amount: NonNegDecimal.describe('Maximum payout in the period.') }).strict(),
    z
      .object({
        kind: z.literal('share_of_target_incentive'),
        share: NonNegDecimal.describe('Maximum payout as a fraction of the period target incentive (1.5 = 150%).'),
      })
      .strict(),
  ])
  .describe('A maximum payout for the period: a fixed amount, or a share of the period target incentive.');

export const Gate = z
  .object({
    measure: Id.describe('The measure whose attainment opens the gate.'),
    minAttainment: NonNegDecimal.describe('Attainment the gate measure must reach (1 = 100%).'),
    scope: z.enum(['period', 'ptd']).default('period').describe('Attainment of the period, or period-to-date.'),
    whenClosed: Cap.describe('The most the component pays while the gate is closed.'),
  })
  .strict()
  .describe('Limits a component unless another measure reaches a level.');

const Tier = z
  .object({
    from: NonNegDecimal.describe('Lower boundary: an amount (basis "amount") or an attainment (basis "attainment").'),
    rate: NonNegDecimal.optional().describe('Rate paid in this tier, per unit of the measure (0.05 = 5% of an amount). Give rate or amount.'),
    amount: NonNegDecimal.optional().describe(
      'A flat amount paid when the basis falls in this tier (method "retroactive" only; every tier of the table then has an amount). Give rate or amount.',
    ),
  })
  .strict();

const componentBase = {
  id: Id.describe('Component id; payout lines carry it.'),
  name: z.string().optional(),
  cap: Cap.optional().describe('Cap on this component per period.'),
  gate: Gate.optional(),
};

const RateTableComponent = z
  .object({
    ...componentBase,
    type: z.literal('rate_table'),
    measure: Id.describe('The measure the rates apply to.'),
    basis: z.enum(['amount', 'attainment']).describe('Tier boundaries are amounts of the measure, or attainments of its quota.'),
    method: z
      .enum(['marginal', 'retroactive', 'interpolated'])
      .describe('marginal: each slice at its tier rate; retroactive: the tier reached sets the rate for all; interpolated: rate linear between tier points.'),
    boundary: z.enum(['higher', 'lower']).default('higher').describe('Where a value exactly on a boundary belongs (retroactive tier choice).'),
    scope: z
      .enum(['transaction', 'period', 'ptd'])
      .describe('Apply the table to each transaction, to the period total, or to the period-to-date total with a true-up of earlier periods of the year.'),
    negativeTrueUp: z
      .enum(['pay', 'floor_at_zero'])
      .default('pay')
      .describe('ptd only: when the cumulative amount falls below what was paid, recover the difference ("pay" a negative line) or pay zero.'),
    tiers: z.array(Tier).min(1),
  })
  .strict();

const AttainmentBonusComponent = z
  .object({
    ...componentBase,
    type: z.literal('attainment_bonus'),
    measure: Id,
    scope: z.enum(['period', 'ptd']).describe('Attainment of the period, or period-to-date with a true-up.'),
    targetShare: ShareValue.describe(
      'Share of the period target incentive this component is worth at a payout of 1 (100%); a decimal or a fraction such as "1/3".',
    ),
    threshold: NonNegDecimal.default(0).describe('Attainment below which nothing pays.'),
    curve: z
      .array(
        z
          .object({
            attainment: NonNegDecimal,
            payout: NonNegDecimal.describe('Payout as a fraction of the component target (1 = 100%).'),
            step: z
              .boolean()
              .optional()
              .describe(
                'true: the curve jumps at this point: from the previous point up to just below this attainment it stays at the previous payout, and from exactly this attainment it pays this payout. Absent or false: a straight line from the previous point.',
              ),
          })
          .strict(),
      )
      .min(2)
      .describe('Points of the payout curve, linear between points (or a step where a point says step: true); beyond the last point see beyondLast.'),
    beyondLast: z
      .enum(['flat', 'extend_slope'])
      .default('flat')
      .describe(
        'Beyond the last curve point: "flat" keeps the last payout (a capped curve); "extend_slope" continues the slope of the last segment without limit (an uncapped accelerator).',
      ),
    bands: z
      .array(
        z
          .object({
            from: NonNegDecimal,
            to: NonNegDecimal.nullable().default(null).describe('Upper end of the band; null = no upper end.'),
            multiplier: NonNegDecimal.describe('Multiplies the curve gain inside the band: above 1 accelerates, below 1 decelerates.'),
          })
          .strict(),
      )
      .default([])
      .describe('Accelerator / decelerator bands over attainment.'),
  })
  .strict();

const SpifComponent = z
  .object({
    ...componentBase,
    type: z.literal('spif'),
    filter: Filter,
    window: z.object({ from: DateStr, to: DateStr }).strict().describe('Transactions dated inside this window (inclusive) qualify.'),
    pay: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('per_unit'), amount: NonNegDecimal.describe('Paid per unit of quantity.') }).strict(),
      z.object({ kind: z.literal('percent_of_amount'), rate: NonNegDecimal.describe('Fraction of the amount paid (0.02 = 2%).') }).strict(),
    ]),
  })
  .strict();

const ReferralComponent = z
  .object({
    ...componentBase,
    type: z.literal('referral'),
    transactionType: z.string().min(1).describe('Transactions of this type are referrals.'),
    filter: Filter.optional().describe('Further conditions a referral must meet to qualify.'),
    amountPerReferral: NonNegDecimal,
    maxPerPeriod: z.number().int().positive().optional().describe('Paid referrals per period at most.'),
  })
  .strict();

const MboComponent = z
  .object({
    ...componentBase,
    type: z.literal('mbo'),
    targetShare: ShareValue.describe('Share of the period target incentive paid at full achievement; a decimal or a fraction such as "1/3".'),
    maxScore: NonNegDecimal.default(1).describe('Scores above this are counted as this.'),
    objectives: z
      .array(z.object({ id: Id, name: z.string().optional(), weight: ShareValue }).strict())
      .min(1)
      .describe('Weights must add up to 1.'),
  })
  .strict();

export const Component = z.discriminatedUnion('type', [RateTableComponent, AttainmentBonusComponent, SpifComponent, ReferralComponent, MboComponent]);

export const Measure = z
  .object({
    id: Id,
    name: z.string().optional(),
    source: z.enum(['amount', 'quantity', 'count']).describe('What a transaction adds: its amount, its quantity, or 1.'),
    shareBasis: z.enum(['credit', 'payout']).default('credit').describe('Which split share weights a transaction: its credit share or its payout share.'),
    filter: Filter.optional(),
  })
  .strict();

export const Draw = z
  .object({
    kind: z.enum(['non_recoverable', 'recoverable']),
    payment: z
      .enum(['top_up', 'advance'])
      .default('top_up')
      .describe(
        'top_up: the draw line pays only what earnings fall short of the draw (a guarantee); advance: the draw is paid in full every period on top of earnings (a "draw" line) and recovered from earnings (a "draw_recovery" line).',
      ),
    amountPerPeriod: NonNegDecimal.describe('The guaranteed / advanced amount per period.'),
    recoveryLimit: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('amount'), amount: NonNegDecimal }).strict(),
        z.object({ kind: z.literal('share_of_earnings'), share: NonNegDecimal }).strict(),
      ])
      .optional()
      .describe('recoverable only: the most recovered in one period.'),
  })
  .strict();

export const Multiplier = z
  .object({
    id: Id.describe('Multiplier id; its payout line carries it.'),
    name: z.string().optional(),
    measure: Id.describe('The measure whose attainment sets the factor.'),
    scope: z.enum(['period', 'ptd']).default('period').describe('Attainment of the period, or period-to-date.'),
    components: z.array(Id).min(1).describe('The components whose lines it scales (not period-to-date components, whose line is a true-up).'),
    steps: z
      .array(
        z
          .object({
            from: NonNegDecimal.describe('From this attainment (inclusive; 1.1 = 110%) ...'),
            factor: NonNegDecimal.describe('... the lines are multiplied by this factor (2 = doubled).'),
          })
          .strict(),
      )
      .min(1)
      .describe('The factor by attainment: the last step reached applies; below the first step the factor is 1.'),
  })
  .strict()
  .describe("Scales other components' lines by a measure's attainment; adds a line of its own with what it adds (or removes).");

export const ExitClawback = z
  .object({
    components: z.array(Id).min(1).describe('The lines (components or multipliers) whose earlier payouts are partly repaid.'),
    withinMonths: z
      .number()
      .int()
      .positive()
      .describe('A participant leaving at most this many months after a period ended repays part of what that period paid.'),
    share: NonNegDecimal.refine((v) => Number(v) <= 1, 'must be at most 1').describe('The share repaid (0.5 = half).'),
  })
  .strict()
  .describe('A share of earlier payouts repaid when the participant leaves soon after them.');

export const Clawback = z
  .object({
    windowDays: z.number().int().nonnegative().describe('A cancellation at most this many days after the transaction date claws back.'),
    method: z.enum(['full', 'prorated']).describe('full: all that was paid; prorated: by the share of the window not yet elapsed.'),
    reverseAttainment: z.boolean().describe('Also remove the cancelled credit from the measures in the period of cancellation.'),
  })
  .strict();

export const Plan = z
  .object({
    schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
    id: Id.describe('plan_id referenced by participants.'),
    name: z.string().min(1),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
    minorUnit: z.number().int().min(0).max(6).optional().describe('Decimals of the currency; defaults from the currency code (2 when unknown).'),
    periodKind: z
      .enum(['week', 'two_weeks', 'month', 'quarter', 'year'])
      .describe('How often the plan pays: ISO weeks (Monday to Sunday), two-week cycles from periodAnchor, months, quarters or years.'),
    periodAnchor: DateStr.optional().describe(
      'two_weeks only (and required there): the first day of one pay cycle; cycles repeat every 14 days from it, both ways.',
    ),
    targetIncentive: z
      .object({ basis: z.enum(['annual', 'per_period']).default('annual') })
      .strict()
      .default({ basis: 'annual' })
      .describe('Whether target_incentive in the participants file is per year or per plan period.'),
    rounding: z
      .object({
        mode: z.enum(['half_up', 'half_even']).default('half_up'),
        point: z.enum(['line', 'total']).default('line').describe('Round each payout line, or only the participant total.'),
      })
      .strict()
      .default({ mode: 'half_up', point: 'line' }),
    crediting: z
      .object({
        allowOverlay: z.boolean().default(false).describe('Split shares may add up to more than 1 (overlay credit).'),
        on: z
          .enum(['booking', 'collection'])
          .default('booking')
          .describe(
            'booking: a transaction credits in the period of its date; collection: in the period of its paid_date (the customer paid), and not at all until it has one.',
          ),
        rollup: z
          .object({
            enabled: z.boolean(),
            depth: z.number().int().positive().nullable().default(null).describe('Levels of reports rolled up; null = all.'),
          })
          .strict()
          .default({ enabled: false, depth: null })
          .describe('Participants on this plan receive the credit of the people reporting to them.'),
      })
      .strict()
      .default({ allowOverlay: false, on: 'booking', rollup: { enabled: false, depth: null } }),
    proration: z
      .object({
        method: z
          .enum(['calendar_days', 'whole_months', 'working_days', 'none'])
          .describe(
            'calendar_days: active days / days in the period; whole_months: active months / months in the period, a month counting when the participant is active on its 15th; working_days: active Mondays to Fridays / Mondays to Fridays in the period; none: no proration.',
          ),
        targetIncentive: z.boolean().default(true),
        quota: z.boolean().default(true),
        draw: z.boolean().default(true),
      })
      .strict()
      .default({ method: 'calendar_days', targetIncentive: true, quota: true, draw: true })
      .describe('A participant active for part of a period: scale these by the active part of the period, measured as the method says.'),
    measures: z.array(Measure).min(1),
    components: z.array(Component).min(1),
    totalCap: Cap.optional().describe('Cap on the sum of the component lines per period.'),
    multipliers: z.array(Multiplier).default([]).describe('Applied in order after the components, before the total cap.'),
    draw: Draw.optional(),
    clawback: Clawback.optional(),
    exitClawback: ExitClawback.optional(),
  })
  .strict();

export type PlanInput = z.input<typeof Plan>;
export type PlanDoc = z.output<typeof Plan>;
export type ComponentDoc = z.output<typeof Component>;
export type FilterDoc = z.output<typeof Filter>;
export type CapDoc = z.output<typeof Cap>;

const RESERVED_COMPONENT_IDS = new Set(['total_cap', 'draw', 'draw_recovery', 'clawback', 'exit_clawback', 'TOTAL']);

/** Rules across fields that a JSON Schema cannot say. Each problem carries its path. */
export function semanticIssues(plan: PlanDoc): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const num = (v: string | number) => Number(v);
  const measureIds = new Set<string>();
  plan.measures.forEach((m, i) => {
    if (measureIds.has(m.id)) out.push({ path: ['measures', i, 'id'], message: `duplicate measure id "${m.id}"` });
    measureIds.add(m.id);
    checkFilter(m.filter, ['measures', i, 'filter'], out);
  });
  if (plan.periodKind === 'two_weeks' && plan.periodAnchor === undefined)
    out.push({ path: ['periodAnchor'], message: 'a two_weeks plan needs periodAnchor: the first day of one of its pay cycles, e.g. "2026-01-05"' });
  if (plan.periodKind !== 'two_weeks' && plan.periodAnchor !== undefined)
    out.push({ path: ['periodAnchor'], message: `periodAnchor is only for periodKind "two_weeks" (this plan pays by ${plan.periodKind})` });
  // a week or a two-week cycle does not hold whole months (nor always a 15th) to count
  if ((plan.periodKind === 'week' || plan.periodKind === 'two_weeks') && plan.proration.method === 'whole_months')
    out.push({
      path: ['proration', 'method'],
      message: `whole_months cannot prorate a ${plan.periodKind === 'week' ? 'week' : 'two-week cycle'}: use calendar_days or working_days`,
    });
  const compIds = new Set<string>();
  const hasPtd = plan.components.some((c) => (c.type === 'rate_table' || c.type === 'attainment_bonus') && c.scope === 'ptd');
  plan.components.forEach((c, i) => {
    const at = (...p: (string | number)[]) => ['components', i, ...p];
    if (compIds.has(c.id)) out.push({ path: at('id'), message: `duplicate component id "${c.id}"` });
    if (RESERVED_COMPONENT_IDS.has(c.id)) out.push({ path: at('id'), message: `"${c.id}" is reserved for engine lines` });
    compIds.add(c.id);
    if ((c.type === 'rate_table' || c.type === 'attainment_bonus') && !measureIds.has(c.measure))
      out.push({ path: at('measure'), message: `unknown measure "${c.measure}"` });
    if (c.gate && !measureIds.has(c.gate.measure)) out.push({ path: at('gate', 'measure'), message: `unknown measure "${c.gate.measure}"` });
    if (c.type === 'rate_table') {
      c.tiers.forEach((t, j) => {
        const prev = c.tiers[j - 1];
        if (j > 0 && prev && !(num(t.from) > num(prev.from))) out.push({ path: at('tiers', j, 'from'), message: `must be greater than tiers[${j - 1}].from` });
      });
      const flat = c.tiers.filter((t) => t.amount !== undefined && t.rate === undefined).length;
      const rated = c.tiers.filter((t) => t.rate !== undefined && t.amount === undefined).length;
      c.tiers.forEach((t, j) => {
        if ((t.rate === undefined) === (t.amount === undefined)) out.push({ path: at('tiers', j), message: 'give either "rate" or "amount"' });
      });
      if (flat > 0 && rated > 0) out.push({ path: at('tiers'), message: 'tiers must all have a rate or all have an amount' });
      if (flat > 0 && c.method !== 'retroactive')
        out.push({ path: at('method'), message: 'tiers with flat amounts need method "retroactive" (the tier reached pays its amount)' });
      if (c.method === 'interpolated' && c.tiers.length < 2) out.push({ path: at('tiers'), message: 'interpolated rates need at least two points' });
      if (c.basis === 'attainment' && c.scope === 'transaction')
        out.push({ path: at('basis'), message: 'attainment basis needs scope "period" or "ptd" (a transaction has no quota)' });
    }
    if (c.type === 'attainment_bonus') {
      c.curve.forEach((p, j) => {
        const prev = c.curve[j - 1];
        if (j > 0 && prev && !(num(p.attainment) > num(prev.attainment)))
          out.push({ path: at('curve', j, 'attainment'), message: `must be greater than curve[${j - 1}].attainment` });
      });
      if (c.curve[0]?.step) out.push({ path: at('curve', 0, 'step'), message: 'the first point cannot be a step: nothing is paid below it anyway' });
      if (c.beyondLast === 'extend_slope' && c.curve[c.curve.length - 1]?.step)
        out.push({ path: at('beyondLast'), message: '"extend_slope" needs a last segment with a slope, but the last point is a step' });
      c.bands.forEach((b, j) => {
        if (b.to !== null && !(num(b.to) > num(b.from))) out.push({ path: at('bands', j, 'to'), message: `must be greater than bands[${j}].from` });
        const prev = c.bands[j - 1];
        if (j > 0 && prev && (prev.to === null || num(b.from) < num(prev.to)))
          out.push({ path: at('bands', j, 'from'), message: `must not overlap bands[${j - 1}]` });
      });
    }
    if (c.type === 'spif') {
      checkFilter(c.filter, at('filter'), out);
      if (num(parseDate(c.window.to) ?? 0) < num(parseDate(c.window.from) ?? 0))
        out.push({ path: at('window', 'to'), message: 'must not be before window.from' });
    }
    if (c.type === 'referral') checkFilter(c.filter, at('filter'), out);
    if (c.type === 'mbo') {
      const ids = new Set<string>();
      // an exact sum of decimals and fractions: num / den
      let num = 0n;
      let den = 1n;
      c.objectives.forEach((o, j) => {
        if (ids.has(o.id)) out.push({ path: at('objectives', j, 'id'), message: `duplicate objective id "${o.id}"` });
        ids.add(o.id);
        const [n, d] = ratio(o.weight);
        num = num * d + n * den;
        den *= d;
      });
      if (num !== den) out.push({ path: at('objectives'), message: 'weights must add up to 1' });
    }
  });
  if (plan.clawback?.reverseAttainment && hasPtd)
    out.push({
      path: ['clawback', 'reverseAttainment'],
      message: 'cannot be true with period-to-date components: their true-up already reverses the cancelled credit',
    });
  const ptdIds = new Set(plan.components.filter((c) => (c.type === 'rate_table' || c.type === 'attainment_bonus') && c.scope === 'ptd').map((c) => c.id));
  const multiplierIds = new Set<string>();
  plan.multipliers.forEach((m, i) => {
    const at = (...p: (string | number)[]) => ['multipliers', i, ...p];
    if (compIds.has(m.id) || multiplierIds.has(m.id))
      out.push({ path: at('id'), message: `duplicate line id "${m.id}" (components and multipliers share ids)` });
    if (RESERVED_COMPONENT_IDS.has(m.id)) out.push({ path: at('id'), message: `"${m.id}" is reserved for engine lines` });
    multiplierIds.add(m.id);
    if (!measureIds.has(m.measure)) out.push({ path: at('measure'), message: `unknown measure "${m.measure}"` });
    m.components.forEach((id, j) => {
      if (!compIds.has(id)) out.push({ path: at('components', j), message: `unknown component "${id}"` });
      else if (ptdIds.has(id))
        out.push({ path: at('components', j), message: `"${id}" is period-to-date: its line is a true-up of earlier periods and cannot be multiplied` });
    });
    m.steps.forEach((st, j) => {
      const prev = m.steps[j - 1];
      if (j > 0 && prev && !(num(st.from) > num(prev.from))) out.push({ path: at('steps', j, 'from'), message: `must be greater than steps[${j - 1}].from` });
    });
  });
  plan.exitClawback?.components.forEach((id, j) => {
    if (!compIds.has(id) && !multiplierIds.has(id)) out.push({ path: ['exitClawback', 'components', j], message: `unknown component or multiplier "${id}"` });
    else if (ptdIds.has(id))
      out.push({
        path: ['exitClawback', 'components', j],
        message: `"${id}" is period-to-date: its lines are true-ups, repay a share of a period component instead`,
      });
  });
  if (plan.draw?.recoveryLimit && plan.draw.kind !== 'recoverable')
    out.push({ path: ['draw', 'recoveryLimit'], message: 'only a recoverable draw has a recovery limit' });
  return out;
}

/** A decimal or fraction value as an exact ratio [numerator, denominator] of BigInts. */
export function ratio(v: string | number): [bigint, bigint] {
  if (isFraction(v)) {
    const [n = '0', d = '1'] = String(v).split('/');
    return [BigInt(n), BigInt(d)];
  }
  return [scaled(v), 10n ** 12n];
}

/** A decimal value times 10^12 as a BigInt (exact for up to 12 decimals), for exact sums in checks. */
function scaled(v: string | number): bigint {
  const str = typeof v === 'number' ? String(v) : v;
  const neg = str.startsWith('-');
  const [i = '0', f = ''] = (neg ? str.slice(1) : str).split('.');
  const r = BigInt(i) * 10n ** 12n + BigInt(`${f}000000000000`.slice(0, 12) || '0');
  return neg ? -r : r;
}

function checkFilter(f: FilterDoc | undefined, path: (string | number)[], out: { path: (string | number)[]; message: string }[]) {
  if (!f?.dateFrom || !f.dateTo) return;
  if ((parseDate(f.dateTo) ?? 0) < (parseDate(f.dateFrom) ?? 0)) out.push({ path: [...path, 'dateTo'], message: 'must not be before dateFrom' });
}

/** Path to the form used in every message: components[2].tiers[1].from */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s === '' ? String(p) : `.${String(p)}`;
  }
  return s === '' ? '(plan)' : s;
}
