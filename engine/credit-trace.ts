/**
 * Crediting steps of explain traces: how the credit a line used was formed from the transactions,
 * with their ids: direct credit, split shares (amount x share = credited), overlay credit, roll-ups
 * (whose credit rolled up), cancellations that reverse credit and bookings cancelled in their own
 * period. Transactions of the same kind and share form one step; a step names at most MAX_IDS
 * transaction ids and says how many more there are.
 *
 * These steps are `calc` steps (or notes) without `delta`: they explain the credit, they do not
 * change the line's amount. Only explain runs come here; the records come from `creditRecords`.
 */
import type { CreditRecords, Slot } from './aggregate';
import { REVERSED, slotTakes, VOIDED } from './aggregate';
import type { D } from './decimal';
import { dec, fmtMoney, fmtPct, ZERO } from './decimal';
import type { ParticipantTable } from './inputs';
import type { Num } from './num';
import { decimalKit } from './num';
import type { Tracer } from './trace';
import type { TransactionTable } from './transaction-table';

/** at most this many transaction ids in one step; the rest are counted ("and N more") */
export const MAX_IDS = 50;

const MILLION = dec(1_000_000);
const WHOLE = 1_000_000;

type Kind = 'direct' | 'split' | 'rollup' | 'reversed' | 'voided';
const ORDER: Record<Kind, number> = { direct: 0, split: 1, rollup: 2, reversed: 3, voided: 4 };

interface Group {
  kind: Kind;
  /** roll-up: assignment index of the seller whose credit rolled up; -1 otherwise */
  from: number;
  /** the share applied, in millionths */
  share: number;
  /** the split's shares add up to more than 1 */
  overlay: boolean;
  n: number;
  ids: string[];
  /** the first MAX_IDS amounts (quantities, counts) in millionths, negative when reversed */
  raws: number[];
  /** the sum of the amounts before the share, in millionths: exact integers in `micro` while they
   * stay safe, moved into `big` before they would not */
  micro: number;
  big: D;
  /** the first transaction row (its split is shown when it is the only one) */
  row: number;
}

/** a group with its figures: amounts before the share, the share, what they credited */
interface Part {
  g: Group;
  gross: D;
  share: Share;
  total: D;
  /** the total as the trace shows it */
  text: string;
}

interface Share {
  d: D;
  pct: string;
}

/** shares seen so far (a plan has few): the decimal and its percentage */
const shares = new Map<number, Share>();

function shareOf(millionths: number): Share {
  let s = shares.get(millionths);
  if (s === undefined) {
    const d = dec(millionths).div(MILLION);
    s = { d, pct: fmtPct(d) };
    if (shares.size < 10_000) shares.set(millionths, s);
  }
  return s;
}

export interface CreditTraceInput {
  T: TransactionTable;
  P: ParticipantTable;
  records: CreditRecords;
  /** the slot (measure, SPIF or referral) and the assignment whose credit it is */
  slot: Slot;
  assignment: number;
  /** segments [m0, m1) (engine/segments.ts) */
  m0: number;
  m1: number;
  /** currency minor unit, for money */
  dp: number;
  /** what the credit is, e.g. "sales credit in 2026-Q1" */
  label: string;
}

/** lines whose credit of a slot and months has been explained already (a gate on the line's own measure) */
const explained = new WeakMap<Tracer, Set<string>>();

const toNum = (d: D): Num => decimalKit.of(d);

/**
 * Adds the crediting steps of `x.slot` for the assignment over the months to the trace and returns
 * the credit they add up to (the caller checks it against the engine's sum), or null when the same
 * credit was explained earlier in this trace.
 */
export function traceCredit(tr: Tracer, x: CreditTraceInput): D | null {
  const key = `${x.slot.kind}|${x.slot.ref}|${x.assignment}|${x.m0}|${x.m1}`;
  let seen = explained.get(tr);
  if (!seen) {
    seen = new Set();
    explained.set(tr, seen);
  }
  if (seen.has(key)) return null;
  seen.add(key);
  const groups = collect(x);
  if (groups.length === 0) return ZERO;
  groups.sort(byKind);
  const parts: Part[] = [];
  for (const g of groups) {
    // the group's credit: (sum of amounts) x share, exactly what aggregate added one by one
    const gross = g.big.isZero() ? dec(microString(g.micro)) : g.big.plus(g.micro).div(MILLION);
    const share = shareOf(g.share);
    const total = g.share === WHOLE ? gross : gross.times(share.d);
    const p: Part = { g, gross, share, total, text: g.share === WHOLE && g.big.isZero() ? fmtMicro(x, g.micro) : fmt(x, total) };
    if (g.kind === 'voided') tr.note(`Booked and cancelled in the same period, so not credited: ${txs(g)} (${p.text} would have counted)`);
    else {
      parts.push(p);
      step(tr, p, describe(x, p));
    }
  }
  let sum = ZERO;
  for (const p of parts) sum = sum.plus(p.total);
  if (parts.length > 1) {
    const terms: string[] = [];
    const args: string[] = [];
    for (const p of parts) {
      terms.push(terms.length === 0 ? p.text : p.total.isNegative() ? `- ${fmt(x, p.total.neg())}` : `+ ${p.text}`);
      args.push(p.total.toFixed());
    }
    tr.steps.push({ text: `${x.label}: ${terms.join(' ')} = ${fmt(x, sum)}`, calc: { op: 'add', args, result: sum.toFixed() } });
  }
  return sum;
}

/** the records of the assignment that count in the slot over the months, grouped by kind, share and (roll-up) seller */
function collect(x: CreditTraceInput): Group[] {
  const { T, records, slot, m0, m1 } = x;
  const byShare = slot.shareBasis === 'credit' ? records.credit : records.payout;
  const source = slot.source;
  const groups: Group[] = [];
  // a numeric key, as this runs for every traced line
  const index = new Map<number, Group>();
  const end = records.start[x.assignment + 1] as number;
  for (let r = records.start[x.assignment] as number; r < end; r++) {
    const month = records.month[r] as number;
    if (month < m0 || month >= m1 || !slotTakes(slot, T, records, r)) continue;
    const row = records.tx[r] as number;
    const from = records.from[r] as number;
    const share = byShare[r] as number;
    const k = records.kind[r] as number;
    const kind: Kind = k === VOIDED ? 'voided' : k === REVERSED ? 'reversed' : from !== -1 ? 'rollup' : T.split[row] !== -1 ? 'split' : 'direct';
    const overlay = kind === 'split' && splitTotal(T, row, slot) > WHOLE;
    // share <= 1e6 < 2^21; kind < 8; from + 1 is an assignment count: the key stays below 2^53
    const gk = ((from + 1) * 2 ** 21 + share) * 16 + ORDER[kind] * 2 + (overlay ? 1 : 0);
    let g = index.get(gk);
    if (g === undefined) {
      g = { kind, from, share, overlay, n: 0, ids: [], raws: [], micro: 0, big: ZERO, row };
      index.set(gk, g);
      groups.push(g);
    }
    let raw = source === 'amount' ? (T.amount[row] as number) : source === 'quantity' ? (T.quantity[row] as number) : WHOLE;
    if (k === REVERSED) raw = -raw;
    g.n++;
    if (g.ids.length < MAX_IDS) {
      g.ids.push(T.ids.at(row));
      g.raws.push(raw);
    }
    if (Math.abs(g.micro) + Math.abs(raw) > Number.MAX_SAFE_INTEGER) {
      g.big = g.big.plus(g.micro);
      g.micro = 0;
    }
    g.micro += raw;
  }
  return groups;
}

function byKind(a: Group, b: Group): number {
  return ORDER[a.kind] - ORDER[b.kind];
}

/** what a group credited, in words with its numbers */
function describe(x: CreditTraceInput, p: Part): string {
  const { T, P, slot } = x;
  const g = p.g;
  const pid = P.assignments[x.assignment]?.participantId ?? '';
  const shareName = slot.shareBasis === 'credit' ? 'credit share' : 'payout share';
  const noun = slot.kind === 'measure' ? 'credit' : slot.kind === 'referral' ? 'referrals' : slot.source === 'quantity' ? 'units' : 'qualifying amount';
  const times = g.share !== WHOLE ? `${fmtGross(x, p)} x ${shareName} ${p.share.pct} = ` : '';
  const fromPid = g.from === -1 ? '' : (P.assignments[g.from]?.participantId ?? '');
  if (g.kind === 'direct') return `Direct ${noun} from ${txs(g)}: ${p.text}`;
  if (g.kind === 'split') {
    const over = g.overlay
      ? `; overlay credit: the ${shareName}s ${g.n === 1 ? `add up to ${fmtPct(dec(splitTotal(T, g.row, slot)).div(MILLION))}` : 'add up to more than 100%'}`
      : '';
    return g.n === 1
      ? `Split of ${txs(g)} (${splitMembers(T, P, g.row, slot)}): ${times}${p.text} credited to ${pid}${over}`
      : `Split of ${txs(g)} with ${pid}'s ${shareName} ${p.share.pct}: ${fmtGross(x, p)} x ${p.share.pct} = ${p.text} credited to ${pid}${over}`;
  }
  if (g.kind === 'rollup') return `Roll-up: the ${noun} of ${fromPid} on ${txs(g)} counts for ${pid} as their manager: ${times}${p.text}`;
  return `Cancelled after the period it was booked in, so its ${noun} is reversed: ${txs(g)}${fromPid ? ` (rolled up from ${fromPid})` : ''}: ${times}${p.text}`;
}

/** amount x share = credited, or the sum of the listed credits, or (beyond MAX_IDS or a single one) no calc */
function step(tr: Tracer, p: Part, text: string): void {
  if (p.g.share !== WHOLE) tr.calc(text, 'mul', [toNum(p.gross), toNum(p.share.d)], toNum(p.total));
  else if (p.g.n > 1 && p.g.n <= MAX_IDS) tr.steps.push({ text, calc: { op: 'add', args: p.g.raws.map(microString), result: p.total.toFixed() } });
  else tr.note(text);
}

/** "T1" or "3 transactions (T1, T2, T3)", at most MAX_IDS ids and then how many more */
function txs(g: Group): string {
  if (g.n === 1) return g.ids[0] as string;
  return `${g.n} transactions (${g.n > g.ids.length ? `${g.ids.join(', ')} and ${g.n - g.ids.length} more` : g.ids.join(', ')})`;
}

/** money (amount slots) or a plain number (quantities, counts) */
function fmt(x: CreditTraceInput, v: D): string {
  return x.slot.source === 'amount' ? fmtMoney(v, x.dp) : v.toFixed();
}

function fmtGross(x: CreditTraceInput, p: Part): string {
  return p.g.big.isZero() ? fmtMicro(x, p.g.micro) : fmt(x, p.gross);
}

/** fmt of an exact integer of millionths without decimal.js (most groups): as fmtMoney would print it */
function fmtMicro(x: CreditTraceInput, v: number): string {
  const plain = microString(v);
  if (x.slot.source !== 'amount') return plain;
  const neg = plain.startsWith('-');
  const body = neg ? plain.slice(1) : plain;
  const dot = body.indexOf('.');
  const int = dot === -1 ? body : body.slice(0, dot);
  let frac = dot === -1 ? '' : body.slice(dot + 1);
  if (frac.length < x.dp) frac = frac.padEnd(x.dp, '0');
  return `${neg ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac === '' ? '' : `.${frac}`}`;
}

/** an exact integer of millionths as a plain decimal string (as decimal.js prints it): -1500000 -> "-1.5" */
function microString(v: number): string {
  const a = Math.abs(v);
  const int = Math.floor(a / WHOLE);
  let frac = a - int * WHOLE;
  const sign = v < 0 ? '-' : '';
  if (frac === 0) return `${sign}${int}`;
  let digits = 6;
  while (frac % 10 === 0) {
    frac /= 10;
    digits--;
  }
  return `${sign}${int}.${String(frac).padStart(digits, '0')}`;
}

/** the shares of a split on the slot's basis, in millionths, added up */
function splitTotal(T: TransactionTable, row: number, slot: Slot): number {
  const S = T.splits;
  const sp = T.split[row] as number;
  const shares = slot.shareBasis === 'credit' ? S.credit : S.payout;
  let sum = 0;
  for (let k = S.offsets[sp] as number; k < (S.offsets[sp + 1] as number); k++) sum += shares[k] as number;
  return sum;
}

/** "B1 60%, B2 40%": the split of a row on the slot's basis */
function splitMembers(T: TransactionTable, P: ParticipantTable, row: number, slot: Slot): string {
  const S = T.splits;
  const sp = T.split[row] as number;
  const shares = slot.shareBasis === 'credit' ? S.credit : S.payout;
  const out: string[] = [];
  const k0 = S.offsets[sp] as number;
  const k1 = S.offsets[sp + 1] as number;
  for (let k = k0; k < k1 && out.length < MAX_IDS; k++) out.push(`${P.ids[S.members[k] as number]} ${fmtPct(dec(shares[k] as number).div(MILLION))}`);
  return k1 - k0 > MAX_IDS ? `${out.join(', ')} and ${k1 - k0 - MAX_IDS} more` : out.join(', ');
}
