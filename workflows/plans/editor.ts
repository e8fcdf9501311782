import { formatPath } from '~/engine/schema';

/**
 * The browser editor of a plan version's document, as pure functions (no database): a form field is
 * named by its JSON path in the document (`components[0].tiers[1].rate`), the server applies the posted
 * fields to the document the form was rendered from, and every problem the engine's schema finds (by
 * the same path, `formatPath`) is placed next to the field it concerns. Decimal values are kept as the
 * strings typed, so they stay exact (the schema reads "0.015" as an exact decimal).
 */

export type Segment = string | number;
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The top-level keys of a plan document (engine/schema.ts `Plan`): a field outside them is not applied. */
const topLevel = new Set([
  'schemaVersion',
  'id',
  'name',
  'currency',
  'minorUnit',
  'periodKind',
  'periodAnchor',
  'targetIncentive',
  'rounding',
  'crediting',
  'proration',
  'measures',
  'components',
  'totalCap',
  'draw',
  'clawback',
]);
/** Fields the editor never takes from a form: the plan's identity and the format version. */
const fixed = new Set(['schemaVersion', 'id']);
const unsafeKeys = new Set(['__proto__', 'prototype', 'constructor']);

/** `components[0].tiers[1].rate` -> ['components', 0, 'tiers', 1, 'rate']; null when it is not a path of a plan document. */
export function parsePath(name: string): Segment[] | null {
  if (!/^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*|\[\d{1,4}\])*$/.test(name)) return null;
  const out: Segment[] = [];
  for (const m of name.matchAll(/([A-Za-z][A-Za-z0-9_]*)|\[(\d+)\]/g)) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  if (out.some((s) => typeof s === 'string' && unsafeKeys.has(s))) return null;
  return topLevel.has(String(out[0])) ? out : null;
}

export { formatPath };

/** The shape of a path with its indices left out: `components[].tiers[].rate`. */
const shapeOf = (path: readonly Segment[]) => formatPath(path.map((s) => (typeof s === 'number' ? -1 : s))).replace(/\[-1\]/g, '[]');

export type FieldKind = 'text' | 'optionalText' | 'decimal' | 'nullableDecimal' | 'integer' | 'optionalInteger' | 'nullableInteger' | 'boolean';

const kinds: [RegExp, FieldKind][] = [
  [/^components\[\]\.bands\[\]\.to$/, 'nullableDecimal'],
  [/^components\[\]\.(tiers|bands)\[\]\.from$/, 'decimal'],
  [/\.window\.(from|to)$/, 'text'],
  [/(^|\.)(rate|attainment|payout|multiplier|weight|targetShare|threshold|maxScore|amountPerReferral|amount|share|minAttainment|amountPerPeriod)$/, 'decimal'],
  [/^(minorUnit|components\[\]\.maxPerPeriod)$/, 'optionalInteger'],
  [/^clawback\.windowDays$/, 'integer'],
  [/^crediting\.rollup\.depth$/, 'nullableInteger'],
  [/^(crediting\.allowOverlay|crediting\.rollup\.enabled|proration\.(targetIncentive|quota|draw)|clawback\.reverseAttainment)$/, 'boolean'],
  [/^(components|measures)\[\]\.name$|objectives\[\]\.name$|^periodAnchor$/, 'optionalText'],
];

/** How a posted value is read into the document, by where it goes. */
export function fieldKind(path: readonly Segment[]): FieldKind {
  const shape = shapeOf(path);
  return kinds.find(([re]) => re.test(shape))?.[1] ?? 'text';
}

/**
 * The schema's defaults (engine/schema.ts) for the options the editor shows: an option the document
 * leaves out is shown at its default, and is written only when someone changes it, so saving a form
 * nobody changed changes nothing. A unit test checks this table against the schema.
 */
export const editorDefaults: Record<string, Json> = {
  'targetIncentive.basis': 'annual',
  'rounding.mode': 'half_up',
  'rounding.point': 'line',
  'crediting.allowOverlay': false,
  'crediting.rollup.enabled': false,
  'crediting.rollup.depth': null,
  'proration.method': 'calendar_days',
  'proration.targetIncentive': true,
  'proration.quota': true,
  'proration.draw': true,
  'measures[].shareBasis': 'credit',
  'components[].boundary': 'higher',
  'components[].negativeTrueUp': 'pay',
  'components[].threshold': 0,
  'components[].maxScore': 1,
  'components[].gate.scope': 'period',
};

/** The schema's default for an option at this path, or undefined when it has none the editor shows. */
export const defaultAt = (path: readonly Segment[]): Json | undefined => editorDefaults[shapeOf(path)];

/** The value at a path, or undefined. */
export function valueAt(doc: Json, path: readonly Segment[]): Json | undefined {
  let at: Json | undefined = doc;
  for (const s of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = Array.isArray(at) ? (typeof s === 'number' ? at[s] : undefined) : Object.hasOwn(at, s) ? (at as JsonObject)[String(s)] : undefined;
  }
  return at;
}

/** What a form shows for a path: the document's value, else the schema's default, as text. */
export function shownValue(doc: Json, path: readonly Segment[]): string {
  const v = valueAt(doc, path) ?? defaultAt(path);
  return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const clone = <T extends Json>(doc: T): T => structuredClone(doc);

/** Sets (or, with `undefined`, removes) the value at a path, making the objects on the way; arrays grow by at most one row. */
function setAt(doc: JsonObject, path: readonly Segment[], value: Json | undefined): boolean {
  let at: Json = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const s = path[i]!;
    const next = path[i + 1]!;
    if (Array.isArray(at)) {
      if (typeof s !== 'number' || s > at.length) return false;
      at[s] ??= typeof next === 'number' ? [] : {};
      at = at[s]!;
    } else if (at !== null && typeof at === 'object') {
      if (typeof s !== 'string') return false;
      const child: Json | undefined = Object.hasOwn(at, s) ? at[s] : undefined;
      if (child === undefined || child === null || typeof child !== 'object') {
        if (value === undefined) return true;
        at[s] = typeof next === 'number' ? [] : {};
      }
      at = at[s]!;
    } else return false;
  }
  const last = path.at(-1)!;
  if (Array.isArray(at)) {
    if (typeof last !== 'number' || last > at.length || value === undefined) return false;
    at[last] = value;
  } else if (at !== null && typeof at === 'object' && typeof last === 'string') {
    if (value === undefined) delete at[last];
    else at[last] = value;
  } else return false;
  return true;
}

/** A posted value read for its field: decimals stay the strings typed (an unchanged number stays the number). */
function coerce(kind: FieldKind, raw: string | string[], previous: Json | undefined): Json | undefined {
  if (kind === 'boolean') {
    const last = Array.isArray(raw) ? raw.at(-1) : raw;
    return last === 'true' || last === 'on';
  }
  const typed = (Array.isArray(raw) ? (raw.at(-1) ?? '') : raw).trim();
  if (typeof previous === 'number' && String(previous) === typed) return previous;
  switch (kind) {
    case 'optionalText':
      return typed === '' ? undefined : typed;
    case 'nullableDecimal':
      return typed === '' ? null : typed;
    case 'integer':
    case 'optionalInteger':
    case 'nullableInteger':
      if (typed === '') return kind === 'optionalInteger' ? undefined : kind === 'nullableInteger' ? null : typed;
      return /^-?\d{1,15}$/.test(typed) ? Number(typed) : typed;
    default:
      return typed;
  }
}

/** The one-value choices whose value key follows their kind (a cap of an amount or of a share, how a SPIF pays). */
const valueKeyOf: Record<string, string> = {
  amount: 'amount',
  share_of_target_incentive: 'share',
  share_of_earnings: 'share',
  per_unit: 'amount',
  percent_of_amount: 'rate',
};
const valueKeys = ['amount', 'share', 'rate'];

/** A choice whose kind changed keeps its value under the key the new kind names. */
function reshapeChoice(o: Json | undefined) {
  if (!o || typeof o !== 'object' || Array.isArray(o) || typeof o.kind !== 'string') return;
  const want = valueKeyOf[o.kind];
  if (!want || o[want] !== undefined) return;
  const had = valueKeys.find((k) => k !== want && o[k] !== undefined);
  if (had) {
    o[want] = o[had]!;
    delete o[had];
  }
}

/**
 * Applies posted fields (named by path) to a copy of the document: each is read for its kind; an
 * option the document leaves out and the form posts at its default is not written; a cap or gate whose
 * switch (kind, or the gate's measure) is empty is removed. Names that are not paths of a plan
 * document, and the plan's id and format version, are ignored.
 */
export function applyFields(doc: JsonObject, fields: Readonly<Record<string, string | string[]>>): JsonObject {
  const out = clone(doc);
  const switches: Segment[][] = [];
  for (const [name, raw] of Object.entries(fields)) {
    const path = parsePath(name);
    if (!path || fixed.has(String(path[0]))) continue;
    const previous = valueAt(out, path);
    const value = coerce(fieldKind(path), raw, previous);
    const fallback = defaultAt(path);
    if (previous === undefined && fallback !== undefined && value !== undefined && String(value) === String(fallback)) continue;
    setAt(out, path, value);
    const shape = shapeOf(path);
    if (/(^|\.)(cap|totalCap|whenClosed|recoveryLimit)\.kind$|\.pay\.kind$|\.gate\.measure$/.test(shape)) switches.push(path);
  }
  for (const path of switches) {
    const container = path.slice(0, -1);
    if (valueAt(out, path) === '') setAt(out, container, undefined);
    else reshapeChoice(valueAt(out, container));
  }
  // A roll-up written by the form always says whether it is on (the schema has no default inside it).
  const rollup = valueAt(out, ['crediting', 'rollup']);
  if (rollup && typeof rollup === 'object' && !Array.isArray(rollup) && rollup.enabled === undefined) rollup.enabled = false;
  return out;
}

/** A new row of a grid, by what the grid holds: empty cells to fill in. */
function emptyRow(arrayPath: readonly Segment[]): Json {
  switch (shapeOf(arrayPath)) {
    case 'components[].tiers':
      return { from: '', rate: '' };
    case 'components[].curve':
      return { attainment: '', payout: '' };
    case 'components[].bands':
      return { from: '', to: null, multiplier: '' };
    case 'components[].objectives':
      return { id: '', weight: '' };
    case 'measures':
      return { id: '', source: 'amount' };
    default:
      return {};
  }
}

/** The grids the editor can add rows to and remove rows from. */
export const isGrid = (arrayPath: readonly Segment[]) =>
  ['components[].tiers', 'components[].curve', 'components[].bands', 'components[].objectives', 'measures'].includes(shapeOf(arrayPath));

/** Adds an empty row at the end of a grid (making the grid if the document has none, as bands may). */
export function addRow(doc: JsonObject, arrayPath: readonly Segment[]): JsonObject {
  if (!isGrid(arrayPath)) return doc;
  const out = clone(doc);
  const list = valueAt(out, arrayPath);
  if (Array.isArray(list)) list.push(emptyRow(arrayPath));
  else setAt(out, arrayPath, [emptyRow(arrayPath)]);
  return out;
}

/** Removes one row of a grid. */
export function removeRow(doc: JsonObject, rowPath: readonly Segment[]): JsonObject {
  const index = rowPath.at(-1);
  if (typeof index !== 'number' || !isGrid(rowPath.slice(0, -1))) return doc;
  const out = clone(doc);
  const list = valueAt(out, rowPath.slice(0, -1));
  if (Array.isArray(list) && index < list.length) list.splice(index, 1);
  return out;
}

/**
 * Where each problem of a refused document is shown: the field of its path; else the grid, row or
 * component it names; else the first field inside it (a cap whose kind is wrong: its kind); else the
 * nearest grid, row or component around it. A problem no field of the form concerns (a part edited in
 * the JSON view only) stays in the summary at the top, as every problem does. Returns the messages by
 * field name (several joined) and, per problem, the field it was placed at (or null).
 */
export function placeProblems(problems: readonly { path: string; message: string }[], fieldNames: Iterable<string>) {
  const fields = [...fieldNames];
  const fieldSet = new Set(fields);
  const anchors = new Set<string>();
  for (const name of fields) {
    const path = parsePath(name);
    if (!path) continue;
    path.forEach((s, i) => {
      if (typeof s === 'number') {
        anchors.add(formatPath(path.slice(0, i)));
        anchors.add(formatPath(path.slice(0, i + 1)));
      }
    });
  }
  const fieldErrors: Record<string, string> = {};
  const placedAt = problems.map((p) => {
    let at: string | null = null;
    if (fieldSet.has(p.path) || anchors.has(p.path)) at = p.path;
    else {
      at = fields.find((f) => f.startsWith(`${p.path}.`) || f.startsWith(`${p.path}[`)) ?? null;
      const path = at ? null : parsePath(p.path);
      for (let n = (path?.length ?? 0) - 1; path && n > 0 && !at; n--) {
        const prefix = formatPath(path.slice(0, n));
        if (fieldSet.has(prefix) || anchors.has(prefix)) at = prefix;
      }
    }
    if (at) fieldErrors[at] = fieldErrors[at] ? `${fieldErrors[at]}; ${p.message}` : p.message;
    return at;
  });
  return { fieldErrors, placedAt };
}

/**
 * The engine's problems as a person should read them: a value that is not a decimal at all is not also
 * said to be negative (the schema's "not negative" check cannot read it either).
 */
export function tidyProblems<P extends { path: string; message: string }>(problems: readonly P[]): P[] {
  const notDecimal = new Set(problems.filter((p) => p.message.startsWith('must be a decimal number')).map((p) => p.path));
  return problems.filter((p) => !(p.message === 'must not be negative' && notDecimal.has(p.path)));
}

/** The text a saved document is written as: two-space JSON, so a reader of the JSON view and of a diff sees one value per line. */
export const documentText = (doc: Json) => `${JSON.stringify(doc, null, 2)}\n`;

/** Whether two documents say the same (same keys and values, in any key order). */
export function sameDocument(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameDocument(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameDocument((a as JsonObject)[k], (b as JsonObject)[k]));
}
