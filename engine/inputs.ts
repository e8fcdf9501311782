/**
 * Input files (CSV text) to checked, indexed tables. Every bad row is reported with its file and line;
 * nothing is calculated from input with errors. Pure: callers read files, this parses their text (and
 * the transactions file's bytes, when given).
 */
import type { CsvError } from './csv';
import { parseMicro, readCsv, rowFields } from './csv';
import type { Period } from './dates';
import { dayOf, formatDate, parseDate, parsePeriod } from './dates';
import type { D } from './decimal';
import { dec } from './decimal';
import type { CompiledPlan, Result } from './plan';
import { ByteKeyMap, fastDate, fastMicro, findByte, NON_ASCII } from './text-bytes';
import type { ByteSource, Split, TransactionTable } from './transaction-table';
import { SplitTable, TxIds, TxWindow } from './transaction-table';

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

const PARTICIPANT_COLUMNS = ['participant_id', 'name', 'plan_id', 'role', 'manager_id', 'target_incentive', 'start_date', 'end_date', 'currency'] as const;

/**
 * Participants CSV. A participant may appear on several rows with non-overlapping dates: a plan change.
 * When `plans` is given, plan_id must name one of them and currency must be the plan's currency.
 */
export function parseParticipantsCsv(text: string, opts: { file?: string; plans?: Map<string, CompiledPlan> } = {}): Result<ParticipantTable, InputError> {
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
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
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

/** The values of TransactionTable.status. */
export const STATUS_BOOKED = 0;
export const STATUS_PAID = 1;
export const STATUS_CANCELLED = 2;

/**
 * millionths x (an integer below 2^53) hold whole cents: x % 10000 === 0 without the floating-point
 * remainder, a library call, on every row. floor(x / 10000) * 10000 is exact however the quotient
 * rounds, so the difference is x's remainder (or 10000 less it) and is zero only when that is zero.
 */
function wholeCents(x: number): boolean {
  return x - Math.floor(x / 10000) * 10000 === 0;
}

const TRANSACTION_COLUMNS = ['transaction_id', 'date', 'participant_id', 'amount', 'quantity', 'product', 'type', 'status', 'split'] as const;
/** A day that is not there: an empty paid_date. */
export const NO_DAY = -2147483648;

/**
 * Transactions CSV. Checks: known participants active on the date, amounts and quantities exact
 * decimals (at most 6 decimals), a real date, a known status, splits whose shares add up to 1 (or more
 * when every member's plan allows overlay credit), unique ids (a cancelled row may repeat the id of the
 * booked row it cancels: that is the cancellation, dated when it happened).
 */
export function parseTransactionsCsv(
  input: string | Uint8Array | ByteSource,
  ctx: { participants: ParticipantTable; plans: Map<string, CompiledPlan>; file?: string },
): Result<TransactionTable, InputError> {
  const file = ctx.file ?? 'transactions.csv';
  const errors: InputError[] = [];
  const win = new TxWindow(input);
  const csv = readCsv(win.head, file, TRANSACTION_COLUMNS, ['paid_date'], errors);
  if (!csv) return { ok: false, errors };
  const P = ctx.participants;
  const cPaid = csv.columns.get('paid_date') ?? -1;
  /** the window's bytes, as they are after the last refill */
  let bytes = win.buf;
  const text = (st: number, en: number) => win.text(st, en);
  // Capacity: the lines of an input held whole. A file read in pieces cannot be counted without reading
  // it twice, so its size bounds the rows instead: a row kept has a non-empty id, a 10-character date,
  // an amount of a digit or more, a status of 4 characters or more, a participant or a split and 8
  // commas, 25 bytes or more (the check below holds it). The columns are allocated that large, but a
  // single run touches only the rows written (memory never touched costs nothing); a process reading
  // files again reuses memory, which is cleared whole, hence the exact count when it is at hand.
  let cap = 1;
  if (win.whole) for (let i = bytes.indexOf(10, win.start); i !== -1; i = bytes.indexOf(10, i + 1)) cap++;
  else cap = Math.floor(win.size / 25) + 2;
  const t: TransactionTable = {
    count: 0,
    // ids are shorter than their file, and most are shorter than 16 bytes (the arena grows past that)
    ids: new TxIds(cap, Math.min(win.size, cap * 16)),
    line: new Int32Array(cap),
    date: new Int32Array(cap),
    participant: new Int32Array(cap),
    amount: new Float64Array(cap),
    quantity: new Float64Array(cap),
    product: new Int32Array(cap),
    type: new Int32Array(cap),
    status: new Uint8Array(cap),
    split: new Int32Array(cap),
    splits: new SplitTable(),
    products: [],
    types: [],
    original: new Int32Array(cap),
    allWholeCents: true,
    allShares4dp: true,
    absByParticipant: new Float64Array(P.ids.length),
    paidDate: cPaid === -1 ? null : new Int32Array(cap),
  };
  const dateCache = new Map<string, number | null>();
  const idRow = t.ids;
  const participantAt = new ByteKeyMap(P.ids.length);
  P.ids.forEach((id, k) => {
    participantAt.set(id, k);
  });
  const productAt = new ByteKeyMap(64);
  const typeAt = new ByteKeyMap(64);
  const col = TRANSACTION_COLUMNS.map((n) => csv.columns.get(n) as number);
  const [cId, cDate, cPart, cAmt, cQty, cProd, cType, cStatus, cSplit] = col as [number, number, number, number, number, number, number, number, number];
  // products and types seen so far, by name (the careful path) and by bytes (the fast path)
  const productIndex = new Map<string, number>();
  const typeIndex = new Map<string, number>();
  const internString = (m: ByteKeyMap, index: Map<string, number>, list: string[], v: string) => {
    let i = index.get(v);
    if (i === undefined) {
      i = list.length;
      list.push(v);
      index.set(v, i);
      m.set(v, i);
    }
    return i;
  };
  const internRange = (m: ByteKeyMap, index: Map<string, number>, list: string[], st: number, en: number) => {
    const i = m.get(bytes, st, en);
    return i !== -1 ? i : internString(m, index, list, text(st, en));
  };
  let lastYear = -1;
  let lastYearStart = 0;
  // rows of a file are mostly of one or two years: the first day of the last year read is kept
  const yearStart = (y: number) => {
    if (y !== lastYear) {
      lastYearStart = dayOf(y, 1, 1);
      lastYear = y;
    }
    return lastYearStart;
  };
  const activeMember = (pIdx: number, day: number) => {
    const list = P.byParticipant[pIdx] as Assignment[];
    for (const a of list) if ((a.start === null || day >= a.start) && (a.end === null || day <= a.end)) return a;
    return null;
  };
  // Who is active when, by participant index, in flat arrays: the fast reader asks this of every row,
  // and a walk over assignment objects cost more than all its other checks together. A participant with
  // several assignments (a plan change) is asked the careful way (activeMember).
  const np = P.ids.length;
  const onlyStart = new Int32Array(np);
  const onlyEnd = new Int32Array(np);
  /** 1 when the participant's only assignment is under a plan allowing overlay credit */
  const onlyOverlay = new Uint8Array(np);
  /** 1 when the participant has other than exactly one assignment */
  const several = new Uint8Array(np);
  for (let k = 0; k < np; k++) {
    const list = P.byParticipant[k] as Assignment[];
    const a = list[0];
    if (list.length !== 1 || a === undefined) {
      several[k] = 1;
      continue;
    }
    onlyStart[k] = a.start ?? -2147483648;
    onlyEnd[k] = a.end ?? 2147483647;
    onlyOverlay[k] = ctx.plans.get(a.planId)?.allowOverlay ? 1 : 0;
  }
  /** 1 = active and overlay allowed, 0 = active, -1 = not active on that day */
  const activeOverlay = (k: number, day: number): number => {
    if ((several[k] as number) === 0) return day >= (onlyStart[k] as number) && day <= (onlyEnd[k] as number) ? (onlyOverlay[k] as number) : -1;
    const a = activeMember(k, day);
    return a === null ? -1 : ctx.plans.get(a.planId)?.allowOverlay ? 1 : 0;
  };
  // a split read by the fast reader, before it is known to be good (no allocation per row)
  const MAX_FAST_SPLIT = 16;
  const spMembers = new Int32Array(MAX_FAST_SPLIT);
  const spCredit = new Int32Array(MAX_FAST_SPLIT);
  const spPayout = new Int32Array(MAX_FAST_SPLIT);
  /** a plain valid row; false when anything needs the careful path (which then words the error) */
  const fastRow = (u: Uint8Array, st: Int32Array, line: number): boolean => {
    const ds = st[cDate] as number;
    if ((st[cDate + 1] as number) - 1 - ds !== 10) return false;
    const day = fastDate(u, ds, yearStart);
    if (day === null) return false;
    const spS = st[cSplit] as number;
    const spE = (st[cSplit + 1] as number) - 1;
    const sStart = st[cStatus] as number;
    const sLen = (st[cStatus + 1] as number) - 1 - sStart;
    let status = -1;
    if (
      sLen === 6 &&
      u[sStart] === 98 &&
      u[sStart + 1] === 111 &&
      u[sStart + 2] === 111 &&
      u[sStart + 3] === 107 &&
      u[sStart + 4] === 101 &&
      u[sStart + 5] === 100
    )
      status = STATUS_BOOKED;
    else if (sLen === 4 && u[sStart] === 112 && u[sStart + 1] === 97 && u[sStart + 2] === 105 && u[sStart + 3] === 100) status = STATUS_PAID;
    if (status === -1) return false;
    let paidDay = NO_DAY;
    if (cPaid !== -1) {
      const pS = st[cPaid] as number;
      const pLen = (st[cPaid + 1] as number) - 1 - pS;
      if (pLen !== 0) {
        if (pLen !== 10) return false;
        const d = fastDate(u, pS, yearStart);
        if (d === null || d < day) return false;
        paidDay = d;
      }
    }
    const amount = fastMicro(u, st[cAmt] as number, (st[cAmt + 1] as number) - 1);
    if (Number.isNaN(amount)) return false;
    const qStart = st[cQty] as number;
    const qEnd = (st[cQty + 1] as number) - 1;
    const quantity = qEnd === qStart ? 0 : fastMicro(u, qStart, qEnd);
    if (Number.isNaN(quantity)) return false;
    const ppS = st[cPart] as number;
    const ppE = (st[cPart + 1] as number) - 1;
    const pIdx = ppE === ppS ? -1 : participantAt.get(u, ppS, ppE);
    if (pIdx === -1 && (ppE !== ppS || spE === spS)) return false;
    let nSplit = 0;
    if (spE === spS) {
      if (activeOverlay(pIdx, day) === -1) return false;
    } else {
      // id:share or id:credit/payout, separated by ";" (anything unusual goes to the careful path)
      if (u[spE - 1] === 59) return false;
      let creditSum = 0;
      let payoutSum = 0;
      let overlayOk = true;
      let q = spS;
      while (q < spE) {
        if (nSplit === MAX_FAST_SPLIT) return false;
        const semi = findByte(u, 59, q, spE);
        const colon = findByte(u, 58, q, semi);
        if (colon >= semi) return false;
        const k = participantAt.get(u, q, colon);
        if (k === -1) return false;
        for (let j = 0; j < nSplit; j++) if ((spMembers[j] as number) === k) return false;
        const slash = findByte(u, 47, colon + 1, semi);
        const two = slash < semi;
        const cs = fastMicro(u, colon + 1, two ? slash : semi);
        const ps = two ? fastMicro(u, slash + 1, semi) : cs;
        if (!(cs >= 0 && cs <= 1e6 && ps >= 0 && ps <= 1e6)) return false;
        const ov = activeOverlay(k, day);
        if (ov === -1) return false;
        if (ov === 0) overlayOk = false;
        spMembers[nSplit] = k;
        spCredit[nSplit] = cs;
        spPayout[nSplit] = ps;
        nSplit++;
        creditSum += cs;
        payoutSum += ps;
        q = semi + 1;
      }
      if (!(creditSum === 1e6 || (overlayOk && creditSum > 1e6)) || !(payoutSum === 1e6 || (overlayOk && payoutSum > 1e6))) return false;
    }
    const idStart = st[cId] as number;
    const idEnd = (st[cId + 1] as number) - 1;
    if (idEnd === idStart) return false;
    const i = t.count;
    // the last check, as it also indexes the row: nothing may refuse the row after it
    if (idRow.findOrIndexRange(u, idStart, idEnd, i) !== -1) return false;
    t.count++;
    t.ids.setRange(i, u, idStart, idEnd);
    t.line[i] = line;
    t.date[i] = day;
    t.participant[i] = pIdx;
    t.amount[i] = amount;
    t.quantity[i] = quantity;
    t.product[i] = internRange(productAt, productIndex, t.products, st[cProd] as number, (st[cProd + 1] as number) - 1);
    t.type[i] = internRange(typeAt, typeIndex, t.types, st[cType] as number, (st[cType + 1] as number) - 1);
    t.status[i] = status;
    t.original[i] = -1;
    if (t.paidDate !== null) t.paidDate[i] = paidDay;
    if (!wholeCents(amount) || !wholeCents(quantity)) t.allWholeCents = false;
    const w = Math.abs(amount) + Math.abs(quantity) + 1e6;
    if (nSplit === 0) {
      t.split[i] = -1;
      t.absByParticipant[pIdx] = (t.absByParticipant[pIdx] as number) + w;
    } else {
      t.split[i] = t.splits.addFlat(nSplit, spMembers, spCredit, spPayout);
      for (let k = 0; k < nSplit; k++) {
        const m = spMembers[k] as number;
        const cs = spCredit[k] as number;
        const ps = spPayout[k] as number;
        if (cs % 100 !== 0 || ps % 100 !== 0) t.allShares4dp = false;
        t.absByParticipant[m] = (t.absByParticipant[m] as number) + (w * Math.max(cs, ps)) / 1e6;
      }
    }
    return true;
  };
  const slowRow = (f: string[], line: number) => {
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
    const paidText = cPaid === -1 ? '' : (f[cPaid] as string).trim();
    const paidDay = paidText === '' ? NO_DAY : parseDate(paidText);
    if (paidDay === null) problems.push(`paid_date "${paidText}" is not a date YYYY-MM-DD`);
    else if (paidDay !== NO_DAY && day !== null && day !== undefined && paidDay < day)
      problems.push(`paid_date ${paidText} is before the transaction date ${dateText}`);
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
    const status = statusText === 'booked' ? STATUS_BOOKED : statusText === 'paid' ? STATUS_PAID : statusText === 'cancelled' ? STATUS_CANCELLED : -1;
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
    else if (day !== null && day !== undefined && status !== STATUS_CANCELLED && !activeMember(pIdx, day))
      problems.push(`participant ${pid} is not active on ${dateText}`);
    if (status === STATUS_CANCELLED && id !== '') {
      // a cancellation: the original booked/paid row is the one with the same id (if any)
    } else if (id !== '' && idRow.find(id) !== -1) problems.push(`duplicate transaction_id "${id}" (first on line ${t.line[idRow.find(id)]})`);
    if (problems.length > 0) {
      errors.push({ file, line, message: problems.join('; ') });
      return;
    }
    const i = t.count++;
    t.ids.setString(i, id);
    t.line[i] = line;
    t.date[i] = day as number;
    t.participant[i] = pIdx;
    t.amount[i] = amount;
    t.quantity[i] = quantity;
    t.product[i] = internString(productAt, productIndex, t.products, f[cProd] as string);
    t.type[i] = internString(typeAt, typeIndex, t.types, f[cType] as string);
    t.status[i] = status;
    t.original[i] = -1;
    if (t.paidDate !== null) t.paidDate[i] = paidDay as number;
    if (amount % 10000 !== 0 || quantity % 10000 !== 0) t.allWholeCents = false;
    if (split) {
      t.split[i] = t.splits.add(split);
    } else {
      t.split[i] = -1;
      t.absByParticipant[pIdx] = (t.absByParticipant[pIdx] as number) + Math.abs(amount) + Math.abs(quantity) + 1e6;
    }
    if (status !== STATUS_CANCELLED) idRow.index(i);
  };
  // The fast reader handles a plain row (ASCII, no quotes, the right number of fields, nothing wrong)
  // from its field boundaries alone, without cutting strings out of the text; anything else goes to
  // slowRow, which also words every error. One pass over the bytes finds the boundaries: fields are
  // short, and an indexOf call per field cost more than reading them.
  const width = csv.rows.header.length;
  const starts = new Int32Array(width + 1);
  const firstNl = bytes.indexOf(10, win.start);
  let pos = firstNl === -1 ? win.filled : firstNl + 1;
  let line = 1;
  for (;;) {
    bytes = win.buf;
    const len = win.filled;
    const last = win.eof;
    while (pos < len) {
      const lineStart = pos;
      starts[0] = pos;
      let nf = 0;
      let plain = true;
      let p = pos;
      for (; p < len; p++) {
        const c = bytes[p] as number;
        // one comparison for the usual character: digits, letters, "-", ".", ":", ";" and "/" are above ","
        if (c > 44 && c < NON_ASCII) continue;
        if (c === 10) break;
        if (c === 44) {
          nf++;
          if (nf < width) starts[nf] = p + 1;
        } else if (c === 34 || c >= NON_ASCII) plain = false;
      }
      // a line the window cuts: read again from its start once the window holds more
      if (p === len && !last) break;
      line++;
      pos = p + 1;
      let end = p;
      if (end > lineStart && bytes[end - 1] === 13) end--;
      if (end === lineStart) continue;
      if (t.count === cap) throw new RangeError(`${file}: more rows than its size allows (line ${line})`);
      starts[width] = end + 1;
      if (plain && nf === width - 1 && fastRow(bytes, starts, line)) continue;
      const fields = rowFields(text(lineStart, end), width, file, line, errors);
      if (fields) slowRow(fields, line);
    }
    if (last) break;
    win.refill(Math.min(pos, len));
    pos = 0;
  }
  t.splits.finish();
  // link cancellations to their originals (the original may come later in the file)
  for (let i = 0; i < t.count; i++) {
    if (t.status[i] !== STATUS_CANCELLED) continue;
    const o = idRow.find(t.ids.at(i));
    if (o === -1) continue; // cancelled before it was ever booked: simply never credited
    if ((t.date[o] as number) > (t.date[i] as number))
      errors.push({
        file,
        line: t.line[i] as number,
        message: `cancellation dated ${formatDate(t.date[i] as number)} is before the transaction it cancels (line ${t.line[o]})`,
      });
    t.original[i] = o;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: t };
}

export interface Quotas {
  /**
   * The quota of a participant (by index, ParticipantTable.index), measure and period label, as written
   * in the file (checked: a plain non-negative decimal), for the calculation's own kind of number.
   */
  text(pIdx: number, measure: string, period: string): string | undefined;
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
  // Quotas nested by participant index, measure and period label, each naming its entry in `texts`
  // and `lines`: no key strings are built, neither here nor on lookup, and no decimal is made until the
  // calculation asks for one (it asks for a fraction of them, in its own kind of number).
  const byIndex: (Map<string, Map<string, number>> | undefined)[] = new Array(ctx.participants.ids.length);
  const texts: string[] = [];
  const lines: number[] = [];
  const periods = new Map<string, Period | null>();
  const [cP, cM, cPer, cQ] = ['participant_id', 'measure', 'period', 'quota'].map((n) => csv.columns.get(n) as number) as [number, number, number, number];
  csv.rows.forEach((f, line) => {
    const problems: string[] = [];
    const pid = (f[cP] ?? '').trim();
    const pIdx = ctx.participants.index.get(pid);
    const measure = (f[cM] ?? '').trim();
    if (pIdx === undefined) problems.push(`unknown participant "${pid}"`);
    else {
      // a plan that is not there (refused, or unknown) is reported on its own: its measures are not known
      let allKnown = true;
      let measured = false;
      for (const a of ctx.participants.byParticipant[pIdx] ?? []) {
        const plan = ctx.plans.get(a.planId);
        if (plan === undefined) allKnown = false;
        else if (!measured) for (const m of plan.measures) if (m.id === measure) measured = true;
      }
      if (allKnown && !measured) problems.push(`unknown measure "${measure}" for ${pid}'s plan`);
    }
    const periodText = (f[cPer] ?? '').trim();
    let period = periods.get(periodText);
    if (period === undefined) {
      period = parsePeriod(periodText);
      periods.set(periodText, period);
    }
    if (!period) problems.push(`period "${f[cPer]}" is not a period like 2026-Q1, 2026-03, 2026, 2026-W05 or 2026-01-05/P2W`);
    const q = (f[cQ] ?? '').trim();
    if (!DEC_RE.test(q)) problems.push(`quota "${f[cQ]}" is not a decimal number`);
    else if (q.charCodeAt(0) === 45) problems.push('quota must not be negative');
    let byM = pIdx === undefined ? undefined : byIndex[pIdx];
    let byPer = byM?.get(measure);
    const label = period ? period.label : 'undefined';
    const first = byPer?.get(label);
    if (problems.length === 0 && first !== undefined) problems.push(`duplicate quota (first on line ${lines[first]})`);
    if (problems.length > 0) {
      errors.push({ file, line, message: problems.join('; ') });
      return;
    }
    if (!byM) {
      byM = new Map();
      byIndex[pIdx as number] = byM;
    }
    if (!byPer) {
      byPer = new Map();
      byM.set(measure, byPer);
    }
    byPer.set(label, texts.length);
    texts.push(q);
    lines.push(line);
  });
  const value: Quotas = {
    text: (pIdx, m, per) => {
      const k = byIndex[pIdx]?.get(m)?.get(per);
      return k === undefined ? undefined : texts[k];
    },
    size: texts.length,
  };
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
