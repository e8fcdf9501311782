import { z } from 'zod';
import { Decimal, validatePlan } from '~/engine';
import { fmtMoney, fmtPct } from '~/engine/decimal';
import { Component } from '~/engine/schema';
import { parseCsv } from '~/workflows/csv';
import { documentText, type Json, type JsonObject } from '~/workflows/plans/editor';
import type { PayoutDataset } from '~/workflows/testing/engine-run';

/**
 * Scenario changes (issue 13, plan modeling) as pure functions: no database, no engine run. A scenario
 * is a plan version's document plus a list of changes to its variables; `applyScenario` applies the
 * document changes in order and validates the result with the engine, `applyDatasetChanges` applies
 * the ones that change the dataset instead (quotas, target incentives), `describeChange` says a change
 * in words for the page, and `sweep` builds the documents of a sensitivity sweep over one variable.
 *
 * Decimal values are strings and stay exact: they are written into the document as typed (the plan
 * schema reads "0.03" as an exact decimal), and dataset scaling is done with decimal.js.
 */

type Dec = InstanceType<typeof Decimal>;

const DECIMAL = /^\d+(\.\d+)?$/;
const SIGNED_DECIMAL = /^-?\d+(\.\d+)?$/;
/** A non-negative decimal as a string, kept exact. */
const DecimalString = z.string().trim().regex(DECIMAL, 'must be a decimal number such as 0.03');
const ComponentId = z.string().min(1, 'names no component');
const TierIndex = z.number().int().min(0, 'must be a tier of the table (0 = the first)');

/** A cap as the plan schema has it; `null` in a change removes the cap. */
export const ScenarioCap = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('amount'), amount: DecimalString }).strict(),
  z.object({ kind: z.literal('share_of_target_incentive'), share: DecimalString }).strict(),
]);
export type ScenarioCap = z.infer<typeof ScenarioCap>;

const Role = z.string().trim().min(1, 'must name a role').optional().describe('Only participants of this role (the participants CSV column "role").');

export const ScenarioChange = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('tier_rate'), componentId: ComponentId, tier: TierIndex, rate: DecimalString })
    .strict()
    .describe("A rate-table tier's rate (0.03 = 3%)."),
  z
    .object({ kind: z.literal('tier_from'), componentId: ComponentId, tier: TierIndex, from: DecimalString })
    .strict()
    .describe("A rate-table tier's lower bound (an attainment or an amount, as the table's basis says)."),
  z
    .object({ kind: z.literal('component_cap'), componentId: ComponentId, cap: ScenarioCap.nullable() })
    .strict()
    .describe("A component's cap; null removes it."),
  z
    .object({ kind: z.literal('total_cap'), cap: ScenarioCap.nullable() })
    .strict()
    .describe("The plan's total cap; null removes it."),
  z
    .object({ kind: z.literal('bonus_threshold'), componentId: ComponentId, threshold: DecimalString })
    .strict()
    .describe("An attainment bonus's threshold (attainment below which nothing pays)."),
  z
    .object({ kind: z.literal('gate_min_attainment'), componentId: ComponentId, minAttainment: DecimalString })
    .strict()
    .describe("The attainment a component's gate opens at."),
  z
    .object({ kind: z.literal('target_share'), componentId: ComponentId, targetShare: DecimalString })
    .strict()
    .describe("A component's weight: its share of the target incentive (attainment bonus or MBO)."),
  z
    .object({ kind: z.literal('target_incentive_scale'), factor: DecimalString.refine((v) => Number(v) > 0, 'must be above 0'), role: Role })
    .strict()
    .describe("Every participant's target incentive (or only a role's) times a factor: a dataset change."),
  z
    .object({
      kind: z.literal('quota_scale'),
      percent: z
        .string()
        .trim()
        .regex(SIGNED_DECIMAL, 'must be a percentage such as 10 or -5')
        .refine((v) => Number(v) > -100, 'must be above -100 (a quota cannot fall to nothing)'),
      role: Role,
    })
    .strict()
    .describe('Quotas raised (or lowered) by a percentage, overall or for one role: a dataset change.'),
  z
    .object({
      kind: z.literal('add_component'),
      component: z.record(z.string(), z.unknown()).superRefine((c, ctx) => {
        const parsed = Component.safeParse(c);
        if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      }),
    })
    .strict()
    .describe('A component added at the end of the plan (its JSON as the plan format has it).'),
  z
    .object({ kind: z.literal('remove_component'), componentId: ComponentId })
    .strict()
    .describe('A component removed, by id.'),
]);
export type ScenarioChange = z.infer<typeof ScenarioChange>;
export type ChangeKind = ScenarioChange['kind'];

/** The changes that change the dataset a scenario runs on, not the plan document. */
export type DatasetChange = Extract<ScenarioChange, { kind: 'quota_scale' | 'target_incentive_scale' }>;
export const isDatasetChange = (c: ScenarioChange): c is DatasetChange => c.kind === 'quota_scale' || c.kind === 'target_incentive_scale';

/** A problem of a scenario: the change it comes from (its index in the list) when it can be told, else only the document path. */
export type ScenarioProblem = { change: number | null; path?: string; message: string };

export type ScenarioOutcome = { ok: true; document: string; datasetChanges: DatasetChange[] } | { ok: false; problems: ScenarioProblem[] };

type Comp = JsonObject & { id: string; type: string };

const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function componentsOf(doc: JsonObject): Comp[] {
  const list = doc.components;
  return Array.isArray(list) ? (list.filter((c) => isObject(c) && typeof c.id === 'string') as Comp[]) : [];
}

function findComponent(doc: JsonObject, id: string): Comp | string {
  const c = componentsOf(doc).find((x) => x.id === id);
  return c ?? `the plan has no component "${id}"`;
}

const label = (c: Comp) => (typeof c.name === 'string' && c.name !== '' ? c.name : c.id);

/**
 * Applies one document change to `doc` in place; returns a problem when the change does not fit the
 * document (no such component, tier or gate, a component of another type). Values are written as the
 * decimal strings of the change.
 */
function applyOne(doc: JsonObject, change: ScenarioChange): string | null {
  switch (change.kind) {
    case 'tier_rate':
    case 'tier_from': {
      const c = findComponent(doc, change.componentId);
      if (typeof c === 'string') return c;
      if (c.type !== 'rate_table') return `${label(c)} is not a rate table (it is ${c.type})`;
      const tiers = c.tiers;
      const tier = Array.isArray(tiers) ? tiers[change.tier] : undefined;
      if (!isObject(tier)) return `${label(c)} has no tier ${change.tier + 1} (it has ${Array.isArray(tiers) ? tiers.length : 0})`;
      if (change.kind === 'tier_rate' && tier.amount !== undefined)
        return `Tier ${change.tier + 1} of ${label(c)} pays a flat amount, not a rate: change the plan to vary it`;
      if (change.kind === 'tier_rate') tier.rate = change.rate;
      else tier.from = change.from;
      return null;
    }
    case 'component_cap': {
      const c = findComponent(doc, change.componentId);
      if (typeof c === 'string') return c;
      if (change.cap === null) delete c.cap;
      else c.cap = { ...change.cap };
      return null;
    }
    case 'total_cap':
      if (change.cap === null) delete doc.totalCap;
      else doc.totalCap = { ...change.cap };
      return null;
    case 'bonus_threshold': {
      const c = findComponent(doc, change.componentId);
      if (typeof c === 'string') return c;
      if (c.type !== 'attainment_bonus') return `${label(c)} is not an attainment bonus (it is ${c.type}): it has no threshold`;
      c.threshold = change.threshold;
      return null;
    }
    case 'gate_min_attainment': {
      const c = findComponent(doc, change.componentId);
      if (typeof c === 'string') return c;
      if (!isObject(c.gate)) return `${label(c)} has no gate`;
      c.gate.minAttainment = change.minAttainment;
      return null;
    }
    case 'target_share': {
      const c = findComponent(doc, change.componentId);
      if (typeof c === 'string') return c;
      if (c.type !== 'attainment_bonus' && c.type !== 'mbo')
        return `${label(c)} is a ${c.type} component: only an attainment bonus or an MBO has a target share`;
      c.targetShare = change.targetShare;
      return null;
    }
    case 'add_component': {
      if (!Array.isArray(doc.components)) doc.components = [];
      (doc.components as Json[]).push(structuredClone(change.component) as Json);
      return null;
    }
    case 'remove_component': {
      const c = findComponent(doc, change.componentId);
      if (typeof c === 'string') return c;
      doc.components = (doc.components as Json[]).filter((x) => x !== c);
      return null;
    }
    case 'quota_scale':
    case 'target_incentive_scale':
      return null;
  }
}

/**
 * A problem's path with each component named by its id instead of its index (`components[#loan_commission].tiers[2].from`),
 * so a problem can be followed across changes that add or remove components.
 */
function stableKey(doc: JsonObject, p: { path: string; message: string }): string {
  const path = p.path.replace(/^components\[(\d+)\]/, (whole, i: string) => {
    const c = (doc.components as Json[] | undefined)?.[Number(i)];
    return isObject(c) && typeof c.id === 'string' ? `components[#${c.id}]` : whole;
  });
  return `${path}\u0000${p.message}`;
}

function problemsOf(doc: JsonObject) {
  const r = validatePlan(doc);
  return r.ok ? [] : r.errors;
}

/**
 * Applies the document changes in order to a copy of the document and validates the result with the
 * engine. A change that does not fit the document (a component or tier it does not have) is refused
 * with its index; every problem the engine finds in the result is given the index of the change that
 * brought it in (the last change after which it appeared), or only its path when the base document
 * already had it. The dataset changes are returned apart, in order, for `applyDatasetChanges`.
 */
export function applyScenario(document: string, changes: readonly ScenarioChange[]): ScenarioOutcome {
  let base: Json;
  try {
    base = JSON.parse(document) as Json;
  } catch {
    return { ok: false, problems: [{ change: null, message: 'The plan document is not JSON.' }] };
  }
  if (!isObject(base)) return { ok: false, problems: [{ change: null, message: 'The plan document is not a JSON object.' }] };
  const problems: ScenarioProblem[] = [];
  const parsed: ScenarioChange[] = [];
  changes.forEach((raw, i) => {
    const r = ScenarioChange.safeParse(raw);
    if (r.success) parsed[i] = r.data;
    else for (const issue of r.error.issues) problems.push({ change: i, message: `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}` });
  });
  if (problems.length > 0) return { ok: false, problems };

  // The problems present after each step, keyed so that they can be followed across steps.
  let doc = structuredClone(base);
  let before = new Set(problemsOf(doc).map((p) => stableKey(doc, p)));
  const introducedBy = new Map<string, number>();
  const datasetChanges: DatasetChange[] = [];
  parsed.forEach((change, i) => {
    if (isDatasetChange(change)) {
      datasetChanges.push(change);
      return;
    }
    const next = structuredClone(doc);
    const misfit = applyOne(next, change);
    if (misfit) {
      problems.push({ change: i, message: misfit });
      return;
    }
    doc = next;
    const now = new Set(problemsOf(doc).map((p) => stableKey(doc, p)));
    for (const k of now) if (!before.has(k)) introducedBy.set(k, i);
    before = now;
  });
  for (const p of problemsOf(doc)) {
    const change = introducedBy.get(stableKey(doc, p));
    problems.push({ change: change ?? null, path: p.path, message: `${p.path}: ${p.message}` });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, document: documentText(doc), datasetChanges };
}

/** Quotas and target incentives are written rounded to the cent, half up (a stated rule: 100.10 × 1.05 = 105.105 -> 105.11). */
const toCents = (d: Dec) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Rewrites one column of a CSV text cell by cell; every other cell is written back as it was read. */
function rewriteColumn(text: string, column: string, fn: (cells: string[], header: string[]) => string | null): string {
  const parsed = parseCsv(text);
  if ('error' in parsed) throw new Error(`line ${parsed.line}: ${parsed.error}`);
  const at = parsed.header.findIndex((h) => h.trim() === column);
  if (at === -1) throw new Error(`no column "${column}"`);
  const rows = parsed.records.map((r) => {
    const cells = [...r.cells];
    const value = fn(cells, parsed.header);
    if (value !== null) cells[at] = value;
    return cells.map(csvCell).join(',');
  });
  // The header line is written back as it was (parseCsv reads its names in lower case).
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const headerLine = body.slice(0, body.search(/\r?\n|$/));
  return `${[headerLine, ...rows].join('\n')}\n`;
}

/** Each participant's roles, from every row of the participants CSV (a participant with a plan change may have two). */
function rolesOf(participantsCsv: string): Map<string, Set<string>> {
  const parsed = parseCsv(participantsCsv);
  const roles = new Map<string, Set<string>>();
  if ('error' in parsed) return roles;
  const idAt = parsed.header.findIndex((h) => h.trim() === 'participant_id');
  const roleAt = parsed.header.findIndex((h) => h.trim() === 'role');
  for (const r of parsed.records) {
    const id = (r.cells[idAt] ?? '').trim();
    const set = roles.get(id) ?? new Set<string>();
    set.add((r.cells[roleAt] ?? '').trim());
    roles.set(id, set);
  }
  return roles;
}

/**
 * The dataset with the scenario's dataset changes applied, in order, exactly:
 * - `quota_scale`: every quota times (1 + percent/100); with a role, only the quotas of participants who
 *   have that role on a row of the participants CSV;
 * - `target_incentive_scale`: every participants row's target_incentive times the factor; with a role,
 *   only the rows of that role.
 * Results are rounded to the cent, half up, after each change; a cell that is not a decimal number is
 * left as it was (the engine reports it). The period and the transactions are unchanged.
 */
export function applyDatasetChanges(dataset: PayoutDataset, changes: readonly DatasetChange[]): PayoutDataset {
  let { participantsCsv, quotasCsv } = dataset;
  for (const change of changes) {
    if (change.kind === 'quota_scale') {
      const factor = new Decimal(1).plus(new Decimal(change.percent).dividedBy(100));
      const roles = change.role === undefined ? null : rolesOf(participantsCsv);
      quotasCsv = rewriteColumn(quotasCsv, 'quota', (cells, header) => {
        const value = (cells[header.findIndex((h) => h.trim() === 'quota')] ?? '').trim();
        const id = (cells[header.findIndex((h) => h.trim() === 'participant_id')] ?? '').trim();
        if (!SIGNED_DECIMAL.test(value)) return null;
        if (roles && !roles.get(id)?.has(change.role as string)) return null;
        return toCents(new Decimal(value).times(factor));
      });
    } else {
      const factor = new Decimal(change.factor);
      participantsCsv = rewriteColumn(participantsCsv, 'target_incentive', (cells, header) => {
        const value = (cells[header.findIndex((h) => h.trim() === 'target_incentive')] ?? '').trim();
        const role = (cells[header.findIndex((h) => h.trim() === 'role')] ?? '').trim();
        if (!SIGNED_DECIMAL.test(value)) return null;
        if (change.role !== undefined && role !== change.role) return null;
        return toCents(new Decimal(value).times(factor));
      });
    }
  }
  return { ...dataset, participantsCsv, quotasCsv };
}

// ---------------------------------------------------------------------------------------------------
// In words

const pct = (v: Json | undefined) => (v === undefined || v === null || typeof v === 'object' || typeof v === 'boolean' ? '?' : fmtPct(new Decimal(v)));
const money = (v: Json | undefined) => (v === undefined || v === null || typeof v === 'object' || typeof v === 'boolean' ? '?' : fmtMoney(new Decimal(v), 2));

function capWords(cap: Json | undefined): string {
  if (!isObject(cap)) return 'no cap';
  return cap.kind === 'amount' ? `a cap of ${money(cap.amount)}` : `a cap of ${pct(cap.share)} of target incentive`;
}

const bound = (c: Comp, v: Json | undefined) => (c.basis === 'amount' ? money(v) : `${pct(v)} attainment`);
const signedPct = (percent: string, one: boolean) => {
  const p = new Decimal(percent);
  return `${p.isNegative() ? 'fall' : 'rise'}${one ? 's' : ''} by ${p.abs().toFixed()}%`;
};

/**
 * One sentence for a change, read against the document it applies to (the base, or the document as
 * the earlier changes of the scenario left it) so it can say what the value was:
 * "Tier 3 of Loan commission pays 3% instead of 2.5%." Tiers are counted from 1 for the reader.
 */
export function describeChange(change: ScenarioChange, document: string): string {
  let doc: JsonObject = {};
  try {
    const parsed = JSON.parse(document) as Json;
    if (isObject(parsed)) doc = parsed;
  } catch {
    // Described without the values it replaces.
  }
  const comp = 'componentId' in change ? componentsOf(doc).find((c) => c.id === change.componentId) : undefined;
  const name = comp ? label(comp) : 'componentId' in change ? change.componentId : '';
  const tierOf = (i: number) => {
    const tiers = comp?.tiers;
    const t = Array.isArray(tiers) ? tiers[i] : undefined;
    return isObject(t) ? t : undefined;
  };
  const instead = (now: string, was: string | null) => (was === null || was === now ? `${now}` : `${now} instead of ${was}`);
  switch (change.kind) {
    case 'tier_rate': {
      const t = tierOf(change.tier);
      return `Tier ${change.tier + 1} of ${name} pays ${instead(pct(change.rate), t ? pct(t.rate) : null)}.`;
    }
    case 'tier_from': {
      const t = tierOf(change.tier);
      const c = comp ?? ({ id: name, type: 'rate_table' } as Comp);
      return `Tier ${change.tier + 1} of ${name} starts at ${instead(bound(c, change.from), t ? bound(c, t.from) : null)}.`;
    }
    case 'component_cap':
      return change.cap === null
        ? `${name} has no cap instead of ${capWords(comp?.cap)}.`
        : `${name} has ${instead(capWords(change.cap), capWords(comp?.cap))}.`;
    case 'total_cap':
      return change.cap === null
        ? `A participant's total has no cap instead of ${capWords(doc.totalCap)}.`
        : `A participant's total has ${instead(capWords(change.cap), capWords(doc.totalCap))}.`;
    case 'bonus_threshold':
      return `${name} pays nothing below ${instead(`${pct(change.threshold)} attainment`, comp ? `${pct(comp.threshold ?? 0)}` : null)}.`;
    case 'gate_min_attainment': {
      const gate = comp && isObject(comp.gate) ? comp.gate : undefined;
      return `The gate of ${name} opens at ${instead(`${pct(change.minAttainment)} attainment`, gate ? pct(gate.minAttainment) : null)}${gate ? ` of ${String(gate.measure)}` : ''}.`;
    }
    case 'target_share':
      return `${name} is worth ${instead(`${pct(change.targetShare)} of target incentive`, comp ? pct(comp.targetShare) : null)}.`;
    case 'target_incentive_scale':
      return `${change.role === undefined ? "Every participant's target incentive" : `The target incentive of every ${change.role}`} is multiplied by ${new Decimal(change.factor).toFixed()} (rounded to the cent).`;
    case 'quota_scale':
      return `${change.role === undefined ? 'Every quota' : `The quotas of every ${change.role}`} ${signedPct(change.percent, change.role === undefined)} (rounded to the cent).`;
    case 'add_component': {
      const c = change.component as { id?: unknown; name?: unknown; type?: unknown };
      return `A ${String(c.type).replace(/_/g, ' ')} component ${typeof c.name === 'string' ? `${c.name} (${String(c.id)})` : String(c.id)} is added.`;
    }
    case 'remove_component':
      return `${name} is removed.`;
  }
}

/** Each change of a scenario in words, each read against the document as the changes before it left it. */
export function describeScenario(document: string, changes: readonly ScenarioChange[]): string[] {
  let doc = document;
  return changes.map((change) => {
    const sentence = describeChange(change, doc);
    if (!isDatasetChange(change)) {
      const next = applyScenario(doc, [change]);
      if (next.ok) doc = next.document;
    }
    return sentence;
  });
}

// ---------------------------------------------------------------------------------------------------
// Sensitivity sweep

/** The change kinds a sweep can vary, and the value each varies. */
const sweepable = {
  tier_rate: 'rate',
  tier_from: 'from',
  bonus_threshold: 'threshold',
  gate_min_attainment: 'minAttainment',
  target_share: 'targetShare',
  target_incentive_scale: 'factor',
  quota_scale: 'percent',
  component_cap: 'cap',
  total_cap: 'cap',
} as const;

export type SweepPoint = { value: string; change: ScenarioChange; document: string; datasetChanges: DatasetChange[] };
export type SweepOutcome = { ok: true; points: SweepPoint[] } | { ok: false; message: string; problems?: ScenarioProblem[] };

export const SWEEP_MIN_STEPS = 2;
export const SWEEP_MAX_STEPS = 50;

/** The template with its varied value set (a cap's amount or share, as the template's cap kind says). */
function withValue(template: ScenarioChange, value: string): ScenarioChange | null {
  const field = sweepable[template.kind as keyof typeof sweepable];
  if (!field) return null;
  if (field === 'cap') {
    const t = template as Extract<ScenarioChange, { kind: 'component_cap' | 'total_cap' }>;
    if (!t.cap) return null;
    const cap: ScenarioCap = t.cap.kind === 'amount' ? { kind: 'amount', amount: value } : { kind: 'share_of_target_incentive', share: value };
    return { ...t, cap };
  }
  return { ...template, [field]: value } as ScenarioChange;
}

/**
 * The points of a sensitivity sweep: the template change with its value stepped from `from` to `to` in
 * `steps` equal steps, both ends included (0.03 to 0.06 in 7 steps: 0.03, 0.035, ..., 0.06). The steps
 * are exact decimals: a range that does not divide into steps - 1 equal decimal steps is refused
 * (saying which step counts would), as are fewer than 2 or more than 50 steps. Each point holds the
 * changed document (after `others`, the rest of the scenario, applied first) and the dataset changes
 * to run it with.
 */
export function sweep(
  document: string,
  template: ScenarioChange,
  from: string,
  to: string,
  steps: number,
  others: readonly ScenarioChange[] = [],
): SweepOutcome {
  if (!Number.isInteger(steps) || steps < SWEEP_MIN_STEPS || steps > SWEEP_MAX_STEPS)
    return { ok: false, message: `A sweep has from ${SWEEP_MIN_STEPS} to ${SWEEP_MAX_STEPS} steps (${steps} asked).` };
  const field = sweepable[template.kind as keyof typeof sweepable];
  if (!field) return { ok: false, message: `A ${template.kind.replace(/_/g, ' ')} change has no value to sweep.` };
  if (field === 'cap' && !(template as { cap: ScenarioCap | null }).cap) return { ok: false, message: 'A cap removed has no value to sweep.' };
  const pattern = template.kind === 'quota_scale' ? SIGNED_DECIMAL : DECIMAL;
  if (!pattern.test(from.trim()) || !pattern.test(to.trim())) return { ok: false, message: 'The ends of a sweep must be decimal numbers such as 0.03.' };
  const a = new Decimal(from.trim());
  const b = new Decimal(to.trim());
  if (a.eq(b)) return { ok: false, message: 'The ends of a sweep are the same value.' };
  const span = b.minus(a);
  const exact = (n: number) => {
    const step = span.dividedBy(n - 1);
    // Exact when the step times the count gives the span back and the step has few enough digits to be the true quotient.
    return step.decimalPlaces() <= 20 && step.times(n - 1).eq(span) ? step : null;
  };
  const step = exact(steps);
  if (!step) {
    const fits: number[] = [];
    for (let n = SWEEP_MIN_STEPS; n <= SWEEP_MAX_STEPS; n++) if (exact(n)) fits.push(n);
    const near = fits.sort((x, y) => Math.abs(x - steps) - Math.abs(y - steps)).slice(0, 3);
    return {
      ok: false,
      message: `${a.toFixed()} to ${b.toFixed()} does not divide into ${steps - 1} equal decimal steps${near.length ? `; ${near.sort((x, y) => x - y).join(', ')} steps would` : ''}.`,
    };
  }
  const points: SweepPoint[] = [];
  for (let i = 0; i < steps; i++) {
    const value = (i === steps - 1 ? b : a.plus(step.times(i))).toFixed();
    const change = withValue(template, value) as ScenarioChange;
    const applied = applyScenario(document, [...others, change]);
    if (!applied.ok) return { ok: false, message: `At ${value} the plan is refused.`, problems: applied.problems };
    points.push({ value, change, document: applied.document, datasetChanges: applied.datasetChanges });
  }
  return { ok: true, points };
}

/** A variable of a plan a sweep can vary: the change that sets it (with its value now) and how to write its values. */
export interface SweepVariable {
  /** stable within a document: kind and component (and tier), e.g. "tier_rate:loan_commission:2" */
  id: string;
  label: string;
  template: ScenarioChange;
  /** the value in the document now, as the change writes it */
  current: string;
  /** how values are written: a fraction (0.03 = 3 %), an amount, a percentage change or a factor */
  unit: 'fraction' | 'amount' | 'percent' | 'factor';
}

const asText = (v: Json | undefined, fallback: string) => (typeof v === 'string' || typeof v === 'number' ? String(v) : fallback);

/**
 * Every variable of the document a sweep can vary, in plan order: each rate-table tier's rate and
 * lower bound, each cap, each bonus threshold, gate and target share, then quotas (a percentage
 * change) and target incentives (a factor). Values are read from the document as written.
 */
export function sweepVariables(document: string): SweepVariable[] {
  let doc: JsonObject;
  try {
    const parsed = JSON.parse(document) as Json;
    if (!isObject(parsed)) return [];
    doc = parsed;
  } catch {
    return [];
  }
  const out: SweepVariable[] = [];
  const capVariable = (id: string, name: string, cap: Json | undefined, template: (c: ScenarioCap) => ScenarioChange) => {
    if (!isObject(cap)) return;
    if (cap.kind === 'amount')
      out.push({
        id,
        label: `${name}: cap amount`,
        template: template({ kind: 'amount', amount: asText(cap.amount, '0') }),
        current: asText(cap.amount, '0'),
        unit: 'amount',
      });
    else if (cap.kind === 'share_of_target_incentive')
      out.push({
        id,
        label: `${name}: cap as a share of target incentive`,
        template: template({ kind: 'share_of_target_incentive', share: asText(cap.share, '0') }),
        current: asText(cap.share, '0'),
        unit: 'fraction',
      });
  };
  for (const c of componentsOf(doc)) {
    const name = label(c);
    if (c.type === 'rate_table' && Array.isArray(c.tiers))
      c.tiers.forEach((t, i) => {
        if (!isObject(t)) return;
        const rate = asText(t.rate, '0');
        // A flat-amount tier has no rate to sweep; its bound still moves.
        if (t.amount === undefined)
          out.push({
            id: `tier_rate:${c.id}:${i}`,
            label: `${name}: tier ${i + 1} rate`,
            template: { kind: 'tier_rate', componentId: c.id, tier: i, rate },
            current: rate,
            unit: 'fraction',
          });
        if (i > 0) {
          const from = asText(t.from, '0');
          out.push({
            id: `tier_from:${c.id}:${i}`,
            label: `${name}: tier ${i + 1} starts at`,
            template: { kind: 'tier_from', componentId: c.id, tier: i, from },
            current: from,
            unit: c.basis === 'amount' ? 'amount' : 'fraction',
          });
        }
      });
    if (c.type === 'attainment_bonus') {
      const threshold = asText(c.threshold, '0');
      out.push({
        id: `bonus_threshold:${c.id}`,
        label: `${name}: threshold`,
        template: { kind: 'bonus_threshold', componentId: c.id, threshold },
        current: threshold,
        unit: 'fraction',
      });
    }
    if (isObject(c.gate)) {
      const minAttainment = asText(c.gate.minAttainment, '0');
      out.push({
        id: `gate_min_attainment:${c.id}`,
        label: `${name}: gate opens at`,
        template: { kind: 'gate_min_attainment', componentId: c.id, minAttainment },
        current: minAttainment,
        unit: 'fraction',
      });
    }
    if ((c.type === 'attainment_bonus' || c.type === 'mbo') && c.targetShare !== undefined) {
      const targetShare = asText(c.targetShare, '0');
      out.push({
        id: `target_share:${c.id}`,
        label: `${name}: share of target incentive`,
        template: { kind: 'target_share', componentId: c.id, targetShare },
        current: targetShare,
        unit: 'fraction',
      });
    }
    capVariable(`component_cap:${c.id}`, name, c.cap, (cap) => ({ kind: 'component_cap', componentId: c.id, cap }));
  }
  capVariable('total_cap', 'Total per participant', doc.totalCap, (cap) => ({ kind: 'total_cap', cap }));
  out.push({ id: 'quota_scale', label: 'Quotas: change in %', template: { kind: 'quota_scale', percent: '0' }, current: '0', unit: 'percent' });
  out.push({
    id: 'target_incentive_scale',
    label: 'Target incentives: factor',
    template: { kind: 'target_incentive_scale', factor: '1' },
    current: '1',
    unit: 'factor',
  });
  return out;
}

/** The variable a change sets (as `sweepVariables` names it), so a sweep can replace the scenario's own change of it. */
export function variableIdOf(c: ScenarioChange): string {
  if (c.kind === 'tier_rate' || c.kind === 'tier_from') return `${c.kind}:${c.componentId}:${c.tier}`;
  if (c.kind === 'quota_scale' || c.kind === 'target_incentive_scale') return c.role === undefined ? c.kind : `${c.kind}:${c.role}`;
  if (c.kind === 'add_component') return `add_component:${String(c.component.id)}`;
  return 'componentId' in c ? `${c.kind}:${c.componentId}` : c.kind;
}
