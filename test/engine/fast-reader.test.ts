/**
 * The transactions reader has a fast path (plain ASCII rows, read as bytes) and a careful path (every
 * other row, and every error's wording). Quoting every field sends each row down the careful path, so
 * the same file read both ways must give the same table and the same errors, whatever the rows hold.
 */
import { describe, expect, it } from 'vitest';
import type { TransactionTable } from '../../engine/index';
import { loadInputs } from '../../engine/index';
import { generate } from './fixtures/generate';

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

function read(transactions: string, bytes?: Uint8Array) {
  const g = generate(40, 400);
  const r = loadInputs({
    plans: [{ name: 'plan.json', text: JSON.stringify(g.plan) }],
    participants: { name: 'participants.csv', text: g.participants },
    quotas: { name: 'quotas.csv', text: g.quotas },
    transactions: { name: 'transactions.csv', text: transactions, ...(bytes ? { bytes } : {}) },
    period: g.period,
  });
  return r;
}

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

/** read as a string, as the file's UTF-8 bytes (as the command line reads it), and quoted (the careful path) */
function bothWays(csv: string) {
  const fast = read(csv);
  const bytes = read(csv, Buffer.from(csv, 'utf8'));
  const careful = read(quoteAll(csv));
  expect(bytes.ok ? table(bytes.value.transactions) : bytes.errors).toEqual(fast.ok ? table(fast.value.transactions) : fast.errors);
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
    const bytes = read(csv, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]));
    if (!text.ok || !bytes.ok) throw new Error('refused');
    expect(table(bytes.value.transactions)).toEqual(table(text.value.transactions));
    expect(bytes.value.transactions.products).toEqual(['cloud', 'café', 'support']);
  });

  it('says an empty or header-less file in one line, from bytes as from text', () => {
    for (const csv of ['', '\n  \n', 'A1,2026-04-02,p00001,1,1,cloud,new,booked,\n']) {
      const text = read(csv);
      const bytes = read(csv, Buffer.from(csv, 'utf8'));
      if (text.ok || bytes.ok) throw new Error('accepted');
      expect(bytes.errors).toEqual(text.errors);
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
});
