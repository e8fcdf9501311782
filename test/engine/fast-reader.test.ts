/**
 * The transactions reader has a fast path (plain ASCII rows, read as bytes) and a careful path (every
 * other row, and every error's wording). Quoting every field sends each row down the careful path, so
 * the same file read both ways must give the same table and the same errors, whatever the rows hold.
 */
import { describe, expect, it } from 'vitest';
import type { ByteSource, TransactionTable } from '../../engine/index';
import { loadInputs } from '../../engine/index';
import { generate } from './fixtures/generate';
import { load, plan, rateTable } from './helpers';

const quoteAll = (csv: string) =>
  csv
    .split('\n')
    .map((l, i) => {
      const cr = l.endsWith('\r') ? '\r' : '';
      const body = l.slice(0, l.length - cr.length);
      return i === 0 || body === ''
        ? l
        : `${body
            .split(',')
            .map((f) => `"${f}"`)
            .join(',')}${cr}`;
    })
    .join('\n');

/**
 * A file read as the command line reads it, a piece at a time, made hard: a window of 16 bytes (shorter
 * than most rows, so it grows) and reads of at most 5 bytes (so rows, CRLFs and UTF-8 characters are cut).
 */
function pieces(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    piece: 16,
    read(into, offset, length, position) {
      const n = Math.max(0, Math.min(length, 5, bytes.length - position));
      into.set(bytes.subarray(position, position + n), offset);
      return n;
    },
  };
}

function read(transactions: string, bytes?: Uint8Array, source?: ByteSource) {
  const g = generate(40, 400);
  const r = loadInputs({
    plans: [{ name: 'plan.json', text: JSON.stringify(g.plan) }],
    participants: { name: 'participants.csv', text: g.participants },
    quotas: { name: 'quotas.csv', text: g.quotas },
    transactions: { name: 'transactions.csv', text: transactions, ...(bytes ? { bytes } : {}), ...(source ? { source } : {}) },
    period: g.period,
  });
  return r;
}

/** the table, or the errors */
const outcome = (r: ReturnType<typeof read>) => (r.ok ? table(r.value.transactions) : r.errors);

function table(t: TransactionTable) {
  const rows = [];
  for (let i = 0; i < t.count; i++)
    rows.push([
      t.ids.at(i),
      t.line[i],
      t.date[i],
      t.participant[i],
      t.amount[i],
      t.quantity[i],
      t.products[t.product[i] as number],
      t.types[t.type[i] as number],
      t.status[i],
      t.split[i],
      t.original[i],
    ]);
  return {
    rows,
    splits: [Array.from(t.splits.offsets), Array.from(t.splits.members), Array.from(t.splits.credit), Array.from(t.splits.payout)],
    abs: Array.from(t.absByParticipant),
    facts: [t.allWholeCents, t.allShares4dp],
  };
}

/**
 * read as a string, as the file's UTF-8 bytes, as the file read a piece at a time (as the command line
 * reads it), and quoted (the careful path)
 */
function bothWays(csv: string) {
  const fast = read(csv);
  const bytes = read(csv, Buffer.from(csv, 'utf8'));
  const inPieces = read(csv, undefined, pieces(Buffer.from(csv, 'utf8')));
  const careful = read(quoteAll(csv));
  expect(outcome(bytes)).toEqual(outcome(fast));
  expect(outcome(inPieces)).toEqual(outcome(fast));
  return { fast, careful };
}

describe('the fast and the careful transactions reader agree', () => {
  it('on generated data, splits included, and with the bytes of the file given (as the command line does)', () => {
    const text = generate(40, 400).transactions;
    const { fast, careful } = bothWays(text);
    if (!fast.ok || !careful.ok) throw new Error('refused');
    expect(table(fast.value.transactions)).toEqual(table(careful.value.transactions));
  });

  it('reads the bytes of a file with a byte order mark and rows outside ASCII as it reads its text', () => {
    const csv = `${[header, ...good].join('\n')}\n`;
    const text = read(`\ufeff${csv}`);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]);
    const bytes = read(csv, withBom);
    if (!text.ok || !bytes.ok) throw new Error('refused');
    expect(table(bytes.value.transactions)).toEqual(table(text.value.transactions));
    expect(outcome(read(csv, undefined, pieces(withBom)))).toEqual(table(text.value.transactions));
    expect(bytes.value.transactions.products).toEqual(['cloud', 'café', 'support']);
  });

  it('says an empty or header-less file in one line, from bytes as from text', () => {
    for (const csv of ['', '\n  \n', 'A1,2026-04-02,p00001,1,1,cloud,new,booked,\n']) {
      const text = read(csv);
      const bytes = read(csv, Buffer.from(csv, 'utf8'));
      if (text.ok || bytes.ok) throw new Error('accepted');
      expect(bytes.errors).toEqual(text.errors);
      expect(outcome(read(csv, undefined, pieces(Buffer.from(csv, 'utf8'))))).toEqual(text.errors);
      expect(bytes.errors).toHaveLength(1);
    }
  });

  const header = 'transaction_id,date,participant_id,amount,quantity,product,type,status,split';
  const good = [
    'A1,2026-04-02,p00001,100.5,1,cloud,new,booked,',
    'A2,2026-04-03,p00002,-7.000001,,café,new,paid,',
    'A3,2026-04-03,,250,2,cloud,upsell,booked,p00003:0.5/0.2;p00004:0.25/0.4;p00005:0.25/0.4',
    'Ä4,2026-04-04,p00006,1,1,cloud,new,booked,',
    'A1,2026-05-01,p00001,100.5,1,cloud,new,cancelled,',
    'A5,2026-04-05,p00007,3.1,0.5,support,renewal,paid,',
  ];

  it('on rows that take either path: non-ASCII text, empty fields, three-way splits, a cancellation', () => {
    const { fast, careful } = bothWays(`${[header, ...good].join('\r\n')}\r\n`);
    if (!fast.ok || !careful.ok) throw new Error(JSON.stringify(fast.ok ? careful : fast));
    const t = table(fast.value.transactions);
    expect(t).toEqual(table(careful.value.transactions));
    expect(t.rows.map((r) => r[0])).toEqual(['A1', 'A2', 'A3', 'Ä4', 'A1', 'A5']);
    expect(t.rows[4]?.[10]).toBe(0);
  });

  it('on bad rows: the same errors, by line', () => {
    const bad = [
      'B1,2026-0:-01,p00001,1,1,cloud,new,booked,',
      'B2,2026-02-30,p00001,1,1,cloud,new,booked,',
      'B3,2026-04-01,p99999,1,1,cloud,new,booked,',
      'B4,2026-04-01,p00001,1.0000001,1,cloud,new,booked,',
      'B5,2026-04-01,p00001,1,1,cloud,new,sold,',
      'A2,2026-04-01,p00001,1,1,cloud,new,booked,',
      'B6,2026-04-01,,1,1,cloud,new,booked,p00001:0.5;p00002:0.4',
      'B7,2026-04-01,,1,1,cloud,new,booked,p00001:0.5;p00001:0.5',
      'B8,2026-04-01,p00001,1,1,cloud,new,booked',
      ',2026-04-01,p00001,1,1,cloud,new,booked,',
      'B9,2026-04-01,p0000Ä,1,1,cloud,new,booked,',
    ];
    const { fast, careful } = bothWays(`${[header, ...good, ...bad].join('\n')}\n`);
    if (fast.ok || careful.ok) throw new Error('accepted');
    const lines = (e: { line: number; message: string }[]) => e.map((x) => `${x.line}: ${x.message}`);
    expect(lines(fast.errors)).toEqual(lines(careful.errors));
    expect(fast.errors.map((e) => e.line)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
  });

  it('on duplicate ids, whether the ids before them ascend or not', () => {
    const row = (id: string) => `${id},2026-04-02,p00001,1,1,cloud,new,booked,`;
    for (const ids of [
      ['C1', 'C2', 'C3', 'C1'],
      ['C1', 'C2', 'C2', 'C3'],
      ['C3', 'C2', 'C1', 'C2'],
      ['C1', 'C10', 'C1', 'C9'],
    ]) {
      const { fast, careful } = bothWays(`${[header, ...ids.map(row)].join('\n')}\n`);
      if (fast.ok || careful.ok) throw new Error(`accepted ${ids.join(' ')}`);
      expect(fast.errors).toEqual(careful.errors);
      expect(fast.errors).toHaveLength(1);
      expect(fast.errors[0]?.message).toMatch(/^duplicate transaction_id/);
    }
  });

  it('on rows as short as a row can be (25 bytes: the bound the table is sized by), as a string and in pieces', () => {
    // one-character ids "!" to "~" but the comma and the quote, each row "<id>,2026-01-10,p,1,,,,paid,"
    const ids = Array.from({ length: 94 }, (_, k) => String.fromCharCode(33 + k)).filter((c) => c !== ',' && c !== '"');
    const rows = ids.map((id) => `${id},2026-01-10,p,1,,,,paid,`);
    expect(new Set(rows.map((r) => r.length))).toEqual(new Set([25]));
    const csv = [header, ...rows].join('\n');
    for (const source of [undefined, pieces(Buffer.from(csv, 'utf8'))]) {
      const r = load({ plans: [plan([rateTable()])], participants: ['p,Pat,P,ae,,40000,,,USD'], transactions: rows, period: '2026-Q1' }, source);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect(r.value.transactions.count).toBe(ids.length);
      expect(r.value.transactions.ids.at(ids.length - 1)).toBe('~');
    }
  });

  it('on ids longer than the room first set aside for them (16 bytes a row)', () => {
    const ids = Array.from({ length: 200 }, (_, k) => `INVOICE-2026-REGION-EMEA-${String(k).padStart(6, '0')}`);
    const { fast } = bothWays(`${[header, ...ids.map((id) => `${id},2026-04-02,p00001,1,1,cloud,new,booked,`)].join('\n')}\n`);
    if (!fast.ok) throw new Error('refused');
    expect(Array.from({ length: ids.length }, (_, i) => fast.value.transactions.ids.at(i))).toEqual(ids);
  });

  it('on thousands of ids out of order (the id index grows as it fills), a duplicate found on its first line', () => {
    const row = (id: string) => `${id},2026-04-02,p00001,1,1,cloud,new,booked,`;
    // 3,000 distinct ids in a scrambled order (7919 is prime, so i * 7919 mod 3000 is a permutation)
    const ids = Array.from({ length: 3000 }, (_, i) => `D${(i * 7919) % 3000}`);
    // repeated: ids read early (indexed before the index grew, several times) and late
    const again = [0, 1, 10, 500, 1500, 2999].map((i) => ids[i] as string);
    const { fast, careful } = bothWays(`${[header, ...ids.map(row), ...again.map(row)].join('\n')}\n`);
    if (fast.ok || careful.ok) throw new Error('accepted');
    expect(fast.errors).toEqual(careful.errors);
    expect(fast.errors.map((e) => `${e.line}: ${e.message}`)).toEqual(
      again.map((id, k) => `${3002 + k}: duplicate transaction_id "${id}" (first on line ${ids.indexOf(id) + 2})`),
    );
  });
});
