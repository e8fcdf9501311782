/**
 * Input files (CSV text) to checked, indexed tables. Every bad row is reported with its file and line;
 * nothing is calculated from input with errors. Pure: callers read files, this parses strings.
 */
import type { CsvError } from './csv';
import { parseMicro, readCsv } from './csv';
import type { D } from './decimal';
import { dec } from './decimal';
import type { Period } from './dates';
import { formatDate, parseDate, parsePeriod } from './dates';
import type { CompiledPlan, Result } from './plan';

export type InputError = CsvError;

export interface Assignment {
  /** index in ParticipantTable.assignments */
  index: number;
  /** index of the participant id in ParticipantTable.ids */
  pIdx: number;
  participantId: string;
  name: string;
  planId: string;
  role: string;
  managerId: string | null;
  /** as written in the file: annual or per period according to the plan */
  targetIncentive: D;
  /** first active day, or null = always */
  start: number | null;
  /** last active day, or null = open */
  end: number | null;
  currency: string;
  line: number;
}

export interface ParticipantTable {
  ids: string[];
  index: Map<string, number>;
  assignments: Assignment[];
  /** assignments of each participant (by pIdx), in date order; several when the plan changes */
  byParticipant: Assignment[][];
}

const DEC_RE = /^-?\d+(\.\d+)?$/;

function decimalOrNull(text: string): D | null {
  const t = text.trim();
  return DEC_RE.test(t) ? dec(t) : null;
}

export function activeOn(a: Assignment, day: number): boolean {
  return (a.start === null || day >= a.start) && (a.end === null || day <= a.end);
}

/** The assignment of participant pIdx active on a day, or null. */
export function assignmentOn(t: ParticipantTable, pIdx: number, day: number): Assignment | null {
  const list = t.byParticipant[pIdx];
  if (!list) return null;
  for (const a of list) if (activeOn(a, day)) return a;
  return null;
}

export const PARTICIPANT_COLUMNS = [
  'participant_id',
  'name',
  'plan_id',
  'role',
  'manager_id',
  'target_incentive',
  'start_date',
  'end_date',
  'currency',
] as const;

/**
 * Participants CSV. A participant may appear on several rows with non-overlapping dates: a plan change.
 * When `plans` is given, plan_id must name one of them and currency must be the plan's currency.
 */
export function parseParticipantsCsv(
  text: string,
  opts: { file?: string; plans?: Map<string, CompiledPlan> } = {},
): Result<ParticipantTable, InputError> {
  const { table, errors } = readParticipants(text, opts);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: table };
}

/** The good rows and the errors, so that other files can still be checked against the good rows. */
export function readParticipants(
  text: string,
  opts: { file?: string; plans?: Map<string, CompiledPlan> } = {},
): { table: ParticipantTable; errors: InputError[] } {
  const file = opts.file ?? 'participants.csv';
  const errors: InputError[] = [];
  const csv = readCsv(text, file, PARTICIPANT_COLUMNS, [], errors);
  const table: ParticipantTable = { ids: [], index: new Map(), assignments: [], byParticipant: [] };
  if (!csv) return { table, errors };
  const c = (n: string) => csv.columns.get(n) as number;
  const [cId, cName, cPlan, cRole, cMgr, cTi, cStart, cEnd, cCur] = PARTICIPANT_COLUMNS.map(c) as number[] as [
    number, number, number, number, number, number, number, number, number,
  ];
  csv.rows.forEach((f, line) => {
    const problems: string[] = [];
    const id = (f[cId] ?? '').trim();
    if (id === '') problems.push('participant_id is empty');
    const planId = (f[cPlan] ?? '').trim();
    if (planId === '') problems.push('plan_id is empty');
    else if (opts.plans && !opts.plans.has(planId)) problems.push(`unknown plan "${planId}"`);
    const ti = decimalOrNull(f[cTi] ?? '');
    if (ti === null) problems.push(`target_incentive "${f[cTi]}" is not a decimal number`);
    else if (ti.isNegative()) problems.push('target_incentive must not be negative');
    const startText = (f[cStart] ?? '').trim();
    const endText = (f[cEnd] ?? '').trim();
    const start = startText === '' ? null : parseDate(startText);
    const end = endText === '' ? null : parseDate(endText);
    if (startText !== '' && start === null) problems.push(`start_date "${startText}" is not a date YYYY-MM-DD`);
    if (endText !== '' && end === null) problems.push(`end_date "${endText}" is not a date YYYY-MM-DD`);
    if (start !== null && end !== null && end < start) problems.push('end_date is before start_date');
    const currency = (f[cCur] ?? '').trim();
    const plan = opts.plans?.get(planId);
    if (plan && currency !== plan.currency) problems.push(`currency "${currency}" differs from plan ${planId} currency ${plan.currency}`);
    if (problems.length > 0) {
      errors.push({ file, line, message: problems.join('; ') });
      return;
    }
    let pIdx = table.index.get(id);
    if (pIdx === undefined) {
      pIdx = table.ids.length;
      table.ids.push(id);
      table.index.set(id, pIdx);
      table.byParticipant.push([]);
    }
    const a: Assignment = {
      index: table.assignments.length,
      pIdx,
      participantId: id,
      name: (f[cName] ?? '').trim(),
      planId,
      role: (f[cRole] ?? '').trim(),
      managerId: (f[cMgr] ?? '').trim() || null,
      targetIncentive: ti as D,
      start,
      end,
      currency,
      line,
    };
    const list = table.byParticipant[pIdx] as Assignment[];
    const clash = list.find((b) => (a.start ?? -1e9) <= (b.end ?? 1e9) && (b.start ?? -1e9) <= (a.end ?? 1e9));
    if (clash) {
      errors.push({ file, line, message: `participant ${id} already has an assignment overlapping these dates (line ${clash.line})` });
      return;
    }
    list.push(a);
    list.sort((x, y) => (x.start ?? -1e9) - (y.start ?? -1e9));
    table.assignments.push(a);
  });
  for (const a of table.assignments) {
    if (a.managerId === null) continue;
    if (!table.index.has(a.managerId)) errors.push({ file, line: a.line, message: `unknown manager_id "${a.managerId}"` });
    else if (a.managerId === a.participantId) errors.push({ file, line: a.line, message: 'a participant cannot be their own manager' });
  }
  if (errors.length === 0) {
    // the hierarchy must not loop (checked on participant ids, any assignment's manager)
    for (const start of table.assignments) {
      const seen = new Set<string>([start.participantId]);
      let cur: string | null = start.managerId;
      while (cur !== null) {
        if (seen.has(cur)) {
          errors.push({ file, line: start.line, message: `manager chain of ${start.participantId} loops through ${cur}` });
          break;
        }
        seen.add(cur);
        const idx = table.index.get(cur) as number;
        cur = table.byParticipant[idx]?.[0]?.managerId ?? null;
      }
    }
  }
  if (table.assignments.length === 0 && errors.length === 0) errors.push({ file, line: 1, message: 'no participants' });
  return { table, errors };
}

export const STATUS_BOOKED = 0;
export const STATUS_PAID = 1;
export const STATUS_CANCELLED = 2;

export interface Split {
  /** participant indexes */
  members: number[];
  /** credit shares in millionths */
  credit: number[];
  /** payout shares in millionths */
  payout: number[];
}

/**
 * Transactions, column-wise (1,000,000 rows fit in a few tens of megabytes). Amounts and quantities are
 * exact integers of millionths (1e-6); shares are millionths too.
 */
export interface TransactionTable {
  count: number;
  ids: string[];
  line: Int32Array;
  date: Int32Array;
  /** participant index of the participant_id column, -1 when empty (split only) */
  participant: Int32Array;
  amount: Float64Array;
  quantity: Float64Array;
  product: Int32Array;
  type: Int32Array;
  status: Uint8Array;
  /** -1 = direct credit, else index into splits */
  split: Int32Array;
  splits: Split[];
  products: string[];
  types: string[];
  /** row index of the original (booked/paid) row of a cancellation row, -1 otherwise */
  original: Int32Array;
  /** facts for the fast path's exactness guard */
  allWholeCents: boolean;
  allShares4dp: boolean;
  /**
   * per participant (pIdx): the sum over the rows crediting them of (|amount| + |quantity| + 1) in
   * millionths, weighted by their largest share: a bound on any running sum the fast path keeps for them
   */
  absByParticipant: Float64Array;
}

export const TRANSACTION_COLUMNS = ['transaction_id', 'date', 'participant_id', 'amount', 'quantity', 'product', 'type', 'status', 'split'] as const;

/**
 * Transactions CSV. Checks: known participants active on the date, amounts and quantities exact
 * decimals (at most 6 decimals), a real date, a known status, splits whose shares add up to 1 (or more
 * when every member's plan allows overlay credit), unique ids (a cancelled row may repeat the id of the
 * booked row it cancels: that is the cancellation, dated when it happened).
 */
export function parseTransactionsCsv(
  text: string,
  ctx: { participants: ParticipantTable; plans: Map<string, CompiledPlan>; file?: string },
): Result<TransactionTable, InputError> {
  const file = ctx.file ?? 'transactions.csv';
  const errors: InputError[] = [];
  const csv = readCsv(text, file, TRANSACTION_COLUMNS, [], errors);
  if (!csv) return { ok: false, errors };
  const P = ctx.participants;
  // capacity: count newlines
  let cap = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) cap++;
  cap += 1;
  const t: TransactionTable = {
    count: 0,
    ids: [],
    line: new Int32Array(cap),
    date: new Int32Array(cap),
    participant: new Int32Array(cap),
    amount: new Float64Array(cap),
    quantity: new Float64Array(cap),
    product: new Int32Array(cap),
    type: new Int32Array(cap),
    status: new Uint8Array(cap),
    split: new Int32Array(cap),
    splits: [],
    products: [],
    types: [],
    original: new Int32Array(cap),
    allWholeCents: true,
    allShares4dp: true,
    absByParticipant: new Float64Array(P.ids.length),
  };
  const productIdx = new Map<string, number>();
  const typeIdx = new Map<string, number>();
  const dateCache = new Map<string, number | null>();
  const idRow = new Map<string, number>();
  const col = TRANSACTION_COLUMNS.map((n) => csv.columns.get(n) as number);
  const [cId, cDate, cPart, cAmt, cQty, cProd, cType, cStatus, cSplit] = col as [
    number, number, number, number, number, number, number, number, number,
  ];
  const intern = (m: Map<string, number>, list: string[], v: string) => {
    let i = m.get(v);
    if (i === undefined) {
      i = list.length;
      list.push(v);
      m.set(v, i);
    }
    return i;
  };
  const activeMember = (pIdx: number, day: number) => {
    const list = P.byParticipant[pIdx] as Assignment[];
    for (const a of list) if ((a.start === null || day >= a.start) && (a.end === null || day <= a.end)) return a;
    return null;
  };
  csv.rows.forEach((f, line) => {
    const problems: string[] = [];
    const id = f[cId] as string;
    if (id === '') problems.push('transaction_id is empty');
    const dateText = f[cDate] as string;
    let day = dateCache.get(dateText);
    if (day === undefined) {
      day = parseDate(dateText);
      dateCache.set(dateText, day);
    }
    if (day === null) problems.push(`date "${dateText}" is not a date YYYY-MM-DD`);
    const pid = f[cPart] as string;
    let pIdx = -1;
    if (pid !== '') {
      const k = P.index.get(pid);
      if (k === undefined) problems.push(`unknown participant "${pid}"`);
      else pIdx = k;
    }
    const amountText = f[cAmt] as string;
    const amount = parseMicro(amountText);
    if (Number.isNaN(amount)) problems.push(`amount "${amountText}" is not a decimal number (at most 6 decimals, below 9,000,000,000)`);
    const qtyText = f[cQty] as string;
    const quantity = qtyText === '' ? 0 : parseMicro(qtyText);
    if (Number.isNaN(quantity)) problems.push(`quantity "${qtyText}" is not a decimal number`);
    const statusText = f[cStatus] as string;
    const status = statusText === 'booked' ? 0 : statusText === 'paid' ? 1 : statusText === 'cancelled' ? 2 : -1;
    if (status === -1) problems.push(`status "${statusText}" is not booked, paid or cancelled`);
    const splitText = f[cSplit] as string;
    let split: Split | null = null;
    if (splitText !== '') {
      split = { members: [], credit: [], payout: [] };
      let creditSum = 0;
      let payoutSum = 0;
      let overlayOk = true;
      for (const part of splitText.split(';')) {
        const colon = part.indexOf(':');
        const who = colon === -1 ? part : part.slice(0, colon);
        const shareText = colon === -1 ? '' : part.slice(colon + 1);
        const slash = shareText.indexOf('/');
        const cs = parseMicro(slash === -1 ? shareText : shareText.slice(0, slash));
        const ps = slash === -1 ? cs : parseMicro(shareText.slice(slash + 1));
        const k = P.index.get(who);
        if (k === undefined) {
          problems.push(`split names unknown participant "${who}"`);
          continue;
        }
        if (Number.isNaN(cs) || Number.isNaN(ps) || cs < 0 || ps < 0 || cs > 1e6 || ps > 1e6) {
          problems.push(`split share "${part}" must be id:share or id:credit/payout with shares between 0 and 1`);
          continue;
        }
        if (split.members.includes(k)) problems.push(`split names "${who}" twice`);
        if (cs % 100 !== 0 || ps % 100 !== 0) t.allShares4dp = false;
        split.members.push(k);
        split.credit.push(cs);
        split.payout.push(ps);
        creditSum += cs;
        payoutSum += ps;
        if (day !== null && day !== undefined) {
          const a = activeMember(k, day);
          if (!a) problems.push(`split member ${who} is not active on ${dateText}`);
          else if (!ctx.plans.get(a.planId)?.allowOverlay) overlayOk = false;
        }
      }
      const fits = (sum: number) => sum === 1e6 || (overlayOk && sum > 1e6);
      if (problems.length === 0 && (!fits(creditSum) || !fits(payoutSum)))
        problems.push(
          `split credit shares add up to ${creditSum / 1e6} and payout shares to ${payoutSum / 1e6}; each must add up to 1${overlayOk ? ' (or more: overlay credit is allowed)' : ''}`,
        );
      if (problems.length === 0) {
        const w = Math.abs(amount) + Math.abs(quantity) + 1e6;
        for (let k = 0; k < split.members.length; k++) {
          const m = split.members[k] as number;
          t.absByParticipant[m] = (t.absByParticipant[m] as number) + (w * Math.max(split.credit[k] as number, split.payout[k] as number)) / 1e6;
        }
      }
    } else if (pIdx === -1) problems.push('participant_id is empty and there is no split');
    else if (day !== null && day !== undefined && status !== 2 && !activeMember(pIdx, day)) problems.push(`participant ${pid} is not active on ${dateText}`);
    if (status === 2 && id !== '') {
      // a cancellation: the original booked/paid row is the one with the same id (if any)
    } else if (id !== '' && idRow.has(id)) problems.push(`duplicate transaction_id "${id}" (first on line ${t.line[idRow.get(id) as number]})`);
    if (problems.length > 0) {
      errors.push({ file, line, message: problems.join('; ') });
      return;
    }
    const i = t.count++;
    t.ids.push(id);
    t.line[i] = line;
    t.date[i] = day as number;
    t.participant[i] = pIdx;
    t.amount[i] = amount;
    t.quantity[i] = quantity;
    t.product[i] = intern(productIdx, t.products, f[cProd] as string);
    t.type[i] = intern(typeIdx, t.types, f[cType] as string);
    t.status[i] = status;
    t.original[i] = -1;
    if (amount % 10000 !== 0 || quantity % 10000 !== 0) t.allWholeCents = false;
    if (split) {
      t.split[i] = t.splits.length;
      t.splits.push(split);
    } else {
      t.split[i] = -1;
      t.absByParticipant[pIdx] = (t.absByParticipant[pIdx] as number) + Math.abs(amount) + Math.abs(quantity) + 1e6;
    }
    if (status !== 2) idRow.set(id, i);
  });
  // link cancellations to their originals (the original may come later in the file)
  for (let i = 0; i < t.count; i++) {
    if (t.status[i] !== 2) continue;
    const o = idRow.get(t.ids[i] as string);
    if (o === undefined) continue; // cancelled before it was ever booked: simply never credited
    if ((t.date[o] as number) > (t.date[i] as number))
      errors.push({ file, line: t.line[i] as number, message: `cancellation dated ${formatDate(t.date[i] as number)} is before the transaction it cancels (line ${t.line[o]})` });
    t.original[i] = o;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: t };
}

export interface Quotas {
  /** key `${participantId}|${measure}|${periodLabel}` */
  get(participantId: string, measure: string, period: string): D | undefined;
  size: number;
}

export function parseQuotasCsv(
  text: string,
  ctx: { participants: ParticipantTable; plans: Map<string, CompiledPlan>; file?: string },
): Result<Quotas, InputError> {
  const file = ctx.file ?? 'quotas.csv';
  const errors: InputError[] = [];
  const csv = readCsv(text, file, ['participant_id', 'measure', 'period', 'quota'], [], errors);
  if (!csv) return { ok: false, errors };
  const map = new Map<string, D>();
  const lines = new Map<string, number>();
  const [cP, cM, cPer, cQ] = ['participant_id', 'measure', 'period', 'quota'].map((n) => csv.columns.get(n) as number) as [number, number, number, number];
  csv.rows.forEach((f, line) => {
    const problems: string[] = [];
    const pid = (f[cP] ?? '').trim();
    const pIdx = ctx.participants.index.get(pid);
    const measure = (f[cM] ?? '').trim();
    if (pIdx === undefined) problems.push(`unknown participant "${pid}"`);
    else {
      const plans = (ctx.participants.byParticipant[pIdx] ?? []).map((a) => ctx.plans.get(a.planId));
      if (!plans.some((p) => p?.measures.some((m) => m.id === measure)))
        problems.push(`unknown measure "${measure}" for ${pid}'s plan`);
    }
    const period = parsePeriod((f[cPer] ?? '').trim());
    if (!period) problems.push(`period "${f[cPer]}" is not a period like 2026-Q1, 2026-03 or 2026`);
    const q = decimalOrNull(f[cQ] ?? '');
    if (q === null) problems.push(`quota "${f[cQ]}" is not a decimal number`);
    else if (q.isNegative()) problems.push('quota must not be negative');
    const key = `${pid}|${measure}|${period?.label}`;
    if (problems.length === 0 && lines.has(key)) problems.push(`duplicate quota (first on line ${lines.get(key)})`);
    if (problems.length > 0) {
      errors.push({ file, line, message: problems.join('; ') });
      return;
    }
    map.set(key, q as D);
    lines.set(key, line);
  });
  // nested maps: no key strings are built on lookup (the calculation looks quotas up per participant and period)
  const nested = new Map<string, Map<string, Map<string, D>>>();
  for (const [k, v] of map) {
    const [p = '', m = '', per = ''] = k.split('|');
    let byM = nested.get(p);
    if (!byM) {
      byM = new Map();
      nested.set(p, byM);
    }
    let byPer = byM.get(m);
    if (!byPer) {
      byPer = new Map();
      byM.set(m, byPer);
    }
    byPer.set(per, v);
  }
  const value: Quotas = { get: (p, m, per) => nested.get(p)?.get(m)?.get(per), size: map.size };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** Prior draw balances: what each participant owes from recoverable draws at the start of the run. */
export function parseBalancesCsv(text: string, ctx: { participants: ParticipantTable; file?: string }): Result<Map<string, D>, InputError> {
  const file = ctx.file ?? 'balances.csv';
  const errors: InputError[] = [];
  const csv = readCsv(text, file, ['participant_id', 'balance'], [], errors);
  if (!csv) return { ok: false, errors };
  const out = new Map<string, D>();
  const cP = csv.columns.get('participant_id') as number;
  const cB = csv.columns.get('balance') as number;
  csv.rows.forEach((f, line) => {
    const pid = (f[cP] ?? '').trim();
    const b = decimalOrNull(f[cB] ?? '');
    const problems: string[] = [];
    if (!ctx.participants.index.has(pid)) problems.push(`unknown participant "${pid}"`);
    if (b === null) problems.push(`balance "${f[cB]}" is not a decimal number`);
    if (out.has(pid)) problems.push(`duplicate balance for ${pid}`);
    if (problems.length > 0) errors.push({ file, line, message: problems.join('; ') });
    else out.set(pid, b as D);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
}

export interface Adjustment {
  participantId: string;
  componentId: string;
  amount: D;
  reason: string;
  /** period label; null = the first period of the run */
  period: string | null;
  line: number;
}

/** Manual adjustments: participant_id,component_id,amount,reason and an optional period column. */
export function parseAdjustmentsCsv(text: string, ctx: { participants: ParticipantTable; file?: string }): Result<Adjustment[], InputError> {
  const file = ctx.file ?? 'adjustments.csv';
  const errors: InputError[] = [];
  const csv = readCsv(text, file, ['participant_id', 'component_id', 'amount', 'reason'], ['period'], errors);
  if (!csv) return { ok: false, errors };
  const out: Adjustment[] = [];
  const c = (n: string) => csv.columns.get(n);
  csv.rows.forEach((f, line) => {
    const pid = (f[c('participant_id') as number] ?? '').trim();
    const comp = (f[c('component_id') as number] ?? '').trim();
    const amt = decimalOrNull(f[c('amount') as number] ?? '');
    const reason = (f[c('reason') as number] ?? '').trim();
    const perCol = c('period');
    const perText = perCol === undefined ? '' : (f[perCol] ?? '').trim();
    const per = perText === '' ? null : parsePeriod(perText);
    const problems: string[] = [];
    if (!ctx.participants.index.has(pid)) problems.push(`unknown participant "${pid}"`);
    if (comp === '' || comp === 'TOTAL') problems.push('component_id must name a component (not empty, not TOTAL)');
    if (amt === null) problems.push(`amount "${f[c('amount') as number]}" is not a decimal number`);
    if (reason === '') problems.push('reason is empty: every adjustment needs a reason');
    if (perText !== '' && per === null) problems.push(`period "${perText}" is not a period`);
    if (problems.length > 0) errors.push({ file, line, message: problems.join('; ') });
    else out.push({ participantId: pid, componentId: comp, amount: amt as D, reason, period: per ? per.label : null, line });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
}

/** MBO scores: participant_id,objective_id,period,score (score as a fraction, 1 = 100%). */
export function parseMboCsv(text: string, ctx: { participants: ParticipantTable; file?: string }): Result<Map<string, D>, InputError> {
  const file = ctx.file ?? 'mbo.csv';
  const errors: InputError[] = [];
  const csv = readCsv(text, file, ['participant_id', 'objective_id', 'period', 'score'], [], errors);
  if (!csv) return { ok: false, errors };
  const out = new Map<string, D>();
  const c = (n: string) => csv.columns.get(n) as number;
  csv.rows.forEach((f, line) => {
    const pid = (f[c('participant_id')] ?? '').trim();
    const obj = (f[c('objective_id')] ?? '').trim();
    const per: Period | null = parsePeriod((f[c('period')] ?? '').trim());
    const score = decimalOrNull(f[c('score')] ?? '');
    const problems: string[] = [];
    if (!ctx.participants.index.has(pid)) problems.push(`unknown participant "${pid}"`);
    if (obj === '') problems.push('objective_id is empty');
    if (!per) problems.push(`period "${f[c('period')]}" is not a period`);
    if (score === null) problems.push(`score "${f[c('score')]}" is not a decimal number`);
    else if (score.isNegative()) problems.push('score must not be negative');
    const key = mboKey(pid, obj, per?.label ?? '');
    if (problems.length === 0 && out.has(key)) problems.push('duplicate score');
    if (problems.length > 0) errors.push({ file, line, message: problems.join('; ') });
    else out.set(key, score as D);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
}

export function mboKey(participantId: string, objectiveId: string, period: string): string {
  return `${participantId}|${objectiveId}|${period}`;
}
