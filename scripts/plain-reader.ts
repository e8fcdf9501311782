/**
 * A plain reader of the transactions CSV, kept only as a yardstick for `npm run bench:engine`
 * (parse_ratio = engine parse / this): the loop anyone would write first. It splits lines and fields,
 * turns amounts and quantities into numbers, interns participants, products, types, statuses and dates
 * into Maps, and checks nothing (no unique ids, no dates checked, no exact decimals, no splits read
 * apart). It is meant to be honest, not slow: what a sum per payee needs, into typed arrays, and nothing
 * kept per row as a string, so the ratio measures what the engine's checks and exactness cost.
 */
export interface PlainTable {
  count: number;
  date: Int32Array;
  participant: Int32Array;
  amount: Float64Array;
  quantity: Float64Array;
  product: Int32Array;
  type: Int32Array;
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
