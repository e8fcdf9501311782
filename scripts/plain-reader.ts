/**
 * Plain readers of the transactions CSV, kept only as yardsticks for `npm run bench:engine`
 * (parse_ratio = engine parse / plainRead, parse_ratio_indexof = engine parse / plainReadIndexOf).
 * plainRead is the loop anyone would write first: it splits lines and fields, turns amounts and
 * quantities into numbers, interns participants, products, types, statuses and dates into Maps, and
 * checks nothing (no unique ids, no dates checked, no exact decimals, no splits read apart).
 * plainReadIndexOf is the same loop written a second time, for speed: it cuts each field out of the
 * text with indexOf instead of building an array per line, about twice as fast. Both are meant to be
 * honest, not slow: what a sum per payee needs, into typed arrays, nothing kept per row as a string.
 */
import type { TransactionTable } from '../engine/transaction-table';

export interface PlainTable extends Pick<TransactionTable, 'count' | 'date' | 'participant' | 'amount' | 'quantity' | 'product' | 'type'> {
  status: Int32Array;
  /** the split column's text, for the rows that have one */
  splits: Map<number, string>;
}

function intern(map: Map<string, number>, key: string): number {
  let v = map.get(key);
  if (v === undefined) {
    v = map.size;
    map.set(key, v);
  }
  return v;
}

/** expects the bench's column order: transaction_id,date,participant_id,amount,quantity,product,type,status,split */
export function plainRead(text: string): PlainTable {
  const lines = text.split('\n');
  const n = lines.length - 1;
  const t: PlainTable = {
    count: 0,
    date: new Int32Array(n),
    participant: new Int32Array(n),
    amount: new Float64Array(n),
    quantity: new Float64Array(n),
    product: new Int32Array(n),
    type: new Int32Array(n),
    status: new Int32Array(n),
    splits: new Map(),
  };
  const participants = new Map<string, number>();
  const products = new Map<string, number>();
  const types = new Map<string, number>();
  const statuses = new Map<string, number>();
  const dates = new Map<string, number>();
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l] as string;
    if (line === '') continue;
    const f = line.split(',');
    const i = t.count++;
    t.date[i] = intern(dates, f[1] as string);
    t.participant[i] = intern(participants, f[2] as string);
    t.amount[i] = Number(f[3]);
    t.quantity[i] = Number(f[4]);
    t.product[i] = intern(products, f[5] as string);
    t.type[i] = intern(types, f[6] as string);
    t.status[i] = intern(statuses, f[7] as string);
    if (f[8] !== '') t.splits.set(i, f[8] as string);
  }
  return t;
}

/** as plainRead, the fields cut out with indexOf (see above); same column order expected */
export function plainReadIndexOf(text: string): PlainTable {
  // rows: the newlines after the header, and one more for a last line without one
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  n++;
  const t: PlainTable = {
    count: 0,
    date: new Int32Array(n),
    participant: new Int32Array(n),
    amount: new Float64Array(n),
    quantity: new Float64Array(n),
    product: new Int32Array(n),
    type: new Int32Array(n),
    status: new Int32Array(n),
    splits: new Map(),
  };
  const participants = new Map<string, number>();
  const products = new Map<string, number>();
  const types = new Map<string, number>();
  const statuses = new Map<string, number>();
  const dates = new Map<string, number>();
  let pos = text.indexOf('\n') + 1;
  while (pos > 0 && pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    if (end === pos) {
      pos = end + 1;
      continue;
    }
    const c0 = text.indexOf(',', pos);
    const c1 = text.indexOf(',', c0 + 1);
    const c2 = text.indexOf(',', c1 + 1);
    const c3 = text.indexOf(',', c2 + 1);
    const c4 = text.indexOf(',', c3 + 1);
    const c5 = text.indexOf(',', c4 + 1);
    const c6 = text.indexOf(',', c5 + 1);
    const c7 = text.indexOf(',', c6 + 1);
    const i = t.count++;
    t.date[i] = intern(dates, text.slice(c0 + 1, c1));
    t.participant[i] = intern(participants, text.slice(c1 + 1, c2));
    t.amount[i] = Number(text.slice(c2 + 1, c3));
    t.quantity[i] = Number(text.slice(c3 + 1, c4));
    t.product[i] = intern(products, text.slice(c4 + 1, c5));
    t.type[i] = intern(types, text.slice(c5 + 1, c6));
    t.status[i] = intern(statuses, text.slice(c6 + 1, c7));
    if (c7 + 1 < end) t.splits.set(i, text.slice(c7 + 1, end));
    pos = end + 1;
  }
  return t;
}
