/**
 * Acceptance 4: the command line refuses bad input, listing every bad row by file and line, and writes
 * nothing. Also: a good run writes the payouts CSV with TOTAL lines and prints the result hash.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../engine/index';
import { runCli, USAGE } from '../../scripts/calc';

const demo = (f: string) => new URL(`./fixtures/demo/${f}`, import.meta.url).pathname;

function workdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'calc-'));
  for (const f of ['plan.json', 'participants.csv', 'quotas.csv', 'transactions.csv']) copyFileSync(demo(f), join(d, f));
  return d;
}

function argv(d: string, period: string, extra: string[]): string[] {
  return [
    '--plan',
    join(d, 'plan.json'),
    '--participants',
    join(d, 'participants.csv'),
    '--quotas',
    join(d, 'quotas.csv'),
    '--transactions',
    join(d, 'transactions.csv'),
    '--period',
    period,
    '--out',
    join(d, 'payouts.csv'),
    ...extra,
  ];
}

/** runs the command line with exactly these arguments */
function raw(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const rowsOf = (path: string) => readFileSync(path, 'utf8').trim().split('\n').slice(1);

function cli(d: string, extra: string[] = [], period = '2026-Q1..2026-Q2') {
  return raw(argv(d, period, extra));
}

describe('calc command line', () => {
  it('refuses a transactions file with bad rows, lists each by file and line, writes nothing', () => {
    const d = workdir();
    const t = join(d, 'transactions.csv');
    writeFileSync(
      t,
      [
        'transaction_id,date,participant_id,amount,quantity,product,type,status,split',
        'G1,2026-01-10,a1,1000.00,1,cloud,new,booked,', // fine
        'B1,2026-01-11,zz9,1000.00,1,cloud,new,booked,', // line 3: unknown participant
        'B2,2026-01-12,a1,12O0.00,1,cloud,new,booked,', // line 4: malformed amount (letter O)
        'B3,2026-02-30,a1,1000.00,1,cloud,new,booked,', // line 5: bad date
        'B4,2026-03-01,a1,1000.00,1,cloud,new,booked,a1:0.6;a2:0.3', // line 6: split adds up to 0.9
        'G2,2026-03-02,a1,1000.00,1,cloud,new,booked,', // fine
      ].join('\n'),
    );
    const r = cli(d, ['--explain', join(d, 'explain.json'), '--detail', join(d, 'detail.csv'), '--carry-out', join(d, 'carry.json')]);
    expect(r.code).toBe(1);
    const listed = r.err.join('\n');
    expect(listed).toContain(`${t}:3: unknown participant "zz9"`);
    expect(listed).toContain(`${t}:4: amount "12O0.00" is not a decimal number`);
    expect(listed).toContain(`${t}:5: date "2026-02-30" is not a date YYYY-MM-DD`);
    expect(listed).toMatch(new RegExp(`${t}:6: split credit shares add up to 0.9`));
    expect(listed).not.toContain(':2:');
    expect(listed).not.toContain(':7:');
    expect(r.err.at(-1)).toBe('nothing written');
    expect(existsSync(join(d, 'payouts.csv'))).toBe(false);
    expect(existsSync(join(d, 'explain.json'))).toBe(false);
    expect(existsSync(join(d, 'detail.csv'))).toBe(false);
    expect(existsSync(join(d, 'carry.json'))).toBe(false);
  });

  it('refuses an unknown plan and bad rows in several files at once', () => {
    const d = workdir();
    writeFileSync(join(d, 'participants.csv'), `${readFileSync(join(d, 'participants.csv'), 'utf8')}x1,Xavier,NO-SUCH-PLAN,ae,,100,,,USD\n`);
    writeFileSync(join(d, 'quotas.csv'), `${readFileSync(join(d, 'quotas.csv'), 'utf8')}a1,bookings,2026-Q5,100\n`);
    const r = cli(d);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(d, 'participants.csv')}:5: unknown plan "NO-SUCH-PLAN"`);
    expect(r.err.some((e) => e.startsWith(`${join(d, 'quotas.csv')}:10: period "2026-Q5"`))).toBe(true);
    expect(existsSync(join(d, 'payouts.csv'))).toBe(false);
  });

  it('refuses an invalid plan with every problem by path', () => {
    const d = workdir();
    const plan = JSON.parse(readFileSync(join(d, 'plan.json'), 'utf8'));
    plan.components[0].tiers[2].from = 0.5;
    writeFileSync(join(d, 'plan.json'), JSON.stringify(plan));
    const r = cli(d);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(d, 'plan.json')}: components[0].tiers[2].from: must be greater than tiers[1].from`);
    expect(existsSync(join(d, 'payouts.csv'))).toBe(false);
  });

  it('writes period,participant_id,component_id,amount,balance_owed lines and a TOTAL per participant and period, and the same hash every time', () => {
    const d = workdir();
    const r1 = cli(d, ['--explain', join(d, 'explain.json')]);
    expect(r1.code).toBe(0);
    const csv = readFileSync(join(d, 'payouts.csv'), 'utf8');
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('period,participant_id,component_id,amount,balance_owed');
    expect(rows).toContain('2026-Q1,a1,commission,3900.00,');
    expect(rows).toContain('2026-Q1,a1,TOTAL,6700.00,');
    expect(rows.filter((x) => x.includes(',TOTAL,'))).toHaveLength(6);
    const hash = r1.out.find((l) => l.startsWith('result hash (sha256): '));
    expect(hash).toMatch(/^result hash \(sha256\): [0-9a-f]{64}$/);
    const r2 = cli(d);
    expect(r2.out.find((l) => l.startsWith('result hash'))).toBe(hash);
    expect(readFileSync(join(d, 'payouts.csv'), 'utf8')).toBe(csv);
    const explain = JSON.parse(readFileSync(join(d, 'explain.json'), 'utf8'));
    expect(`result hash (sha256): ${explain.resultHash}`).toBe(hash);
  });

  it('runs as `npx tsx scripts/calc.ts` and exits non-zero on bad usage', () => {
    const r = spawnSync('npx', ['tsx', 'scripts/calc.ts', '--plan'], { cwd: new URL('../../', import.meta.url).pathname, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--plan needs a value');
    expect(r.stderr).toContain('usage: npm run calc');
  });

  it('--detail writes per-transaction rows whose amounts add up to every payout line exactly', () => {
    const d = workdir();
    const r = cli(d, ['--detail', join(d, 'detail.csv')]);
    expect(r.code).toBe(0);
    const detail = readFileSync(join(d, 'detail.csv'), 'utf8').trim().split('\n');
    expect(detail[0]).toBe('period,participant_id,component_id,kind,transaction_id,credit,tier,rate,earned,amount');
    const sums = new Map<string, Decimal>();
    for (const row of detail.slice(1)) {
      const f = row.split(',');
      const k = `${f[0]},${f[1]},${f[2]}`;
      sums.set(k, (sums.get(k) ?? new Decimal(0)).plus(f[9] as string));
    }
    const lines = rowsOf(join(d, 'payouts.csv')).filter((l) => !l.includes(',TOTAL,'));
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) {
      const f = l.split(',');
      expect(`${l} detail ${(sums.get(`${f[0]},${f[1]},${f[2]}`) ?? new Decimal(0)).toFixed(2)}`).toBe(`${l} detail ${f[3]}`);
    }
    expect(sums.size).toBe(lines.length);
    // the credited transactions are named, a period-level line has one row without a transaction id
    expect(detail.some((x) => x.startsWith('2026-Q1,a1,commission,transaction,T1,'))).toBe(true);
    expect(detail.some((x) => x.startsWith('2026-Q1,a1,renewal_bonus,period,,'))).toBe(true);
  });

  it('--carry-out of one period is the --carry-in of the next: the draw balance and what was paid carry over', () => {
    const d = workdir();
    const both = cli(d, ['--carry-out', join(d, 'carry-both.json')]);
    expect(both.code).toBe(0);
    const q1q2 = rowsOf(join(d, 'payouts.csv'));
    const carryBoth = JSON.parse(readFileSync(join(d, 'carry-both.json'), 'utf8'));

    expect(cli(d, ['--carry-out', join(d, 'carry-q1.json')], '2026-Q1').code).toBe(0);
    const carryQ1 = JSON.parse(readFileSync(join(d, 'carry-q1.json'), 'utf8'));
    expect(carryQ1.carryVersion).toBe(1);
    expect(carryQ1.through).toBe('2026-Q1');
    // the manager (no target incentive, nothing earned) was advanced the whole 5,000.00 draw in Q1
    expect(carryQ1.drawBalances.m1).toBe('5000');

    const q2 = cli(d, ['--carry-in', join(d, 'carry-q1.json'), '--carry-out', join(d, 'carry-q2.json')], '2026-Q2');
    expect(q2.code).toBe(0);
    expect(q2.out[0]).toBe('periods: 2026-Q2'); // nothing recalculated before Q2: the carry says what was paid
    expect(rowsOf(join(d, 'payouts.csv'))).toEqual(q1q2.filter((l) => l.startsWith('2026-Q2,')));
    const carryQ2 = JSON.parse(readFileSync(join(d, 'carry-q2.json'), 'utf8'));
    expect(carryQ2.drawBalances.m1).toBe('10000');
    const { carryVersion: _v, through: _t, ...rest } = carryQ2;
    const { carryVersion: _v2, through: _t2, ...restBoth } = carryBoth;
    expect(rest).toEqual(restBoth);

    // a carry is for the period right after it, and nothing else
    const wrong = cli(d, ['--carry-in', join(d, 'carry-q1.json')], '2026-Q3');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain(
      `${join(d, 'carry-q1.json')}: the carry is through 2026-Q1; the run must start with the period right after it (else it would skip or repeat periods)`,
    );
    expect(wrong.err.at(-1)).toBe('nothing written');
  });

  it('--plan may be repeated and a plan file may hold an array of plans; the usage line says so', () => {
    const d = workdir();
    const ae = JSON.parse(readFileSync(join(d, 'plan.json'), 'utf8'));
    const other = { ...ae, id: 'AE-LITE', name: 'Lighter plan', components: [ae.components[0]], totalCap: undefined, draw: undefined, clawback: undefined };
    writeFileSync(join(d, 'lite.json'), JSON.stringify(other));
    writeFileSync(join(d, 'both.json'), JSON.stringify([ae, other]));
    // a2 changes plan on 2026-03-01
    writeFileSync(
      join(d, 'participants.csv'),
      readFileSync(join(d, 'participants.csv'), 'utf8').replace(
        'a2,Bob Baker,AE-2026,ae,m1,40000,2026-02-15,,USD',
        'a2,Bob Baker,AE-2026,ae,m1,40000,2026-02-15,2026-02-28,USD\na2,Bob Baker,AE-LITE,ae,m1,40000,2026-03-01,,USD',
      ),
    );
    const repeated = cli(d, ['--plan', join(d, 'lite.json')], '2026-Q1');
    expect(repeated.code).toBe(0);
    const a = readFileSync(join(d, 'payouts.csv'), 'utf8');
    expect(a).toContain('2026-Q1,a2,AE-LITE/commission,');
    expect(a).toContain('2026-Q1,a2,AE-2026/commission,');
    const args = argv(d, '2026-Q1', []);
    args[1] = join(d, 'both.json');
    expect(raw(args).code).toBe(0);
    expect(readFileSync(join(d, 'payouts.csv'), 'utf8')).toBe(a);
    expect(USAGE).toContain('--plan plan.json [--plan more.json ...]');
    expect(USAGE).toContain('array of plans');
  });

  it('a rate written "10%" gets one message saying how to write it', () => {
    const d = workdir();
    const plan = JSON.parse(readFileSync(join(d, 'plan.json'), 'utf8'));
    plan.components[0].tiers[1].rate = '8%';
    writeFileSync(join(d, 'plan.json'), JSON.stringify(plan));
    const r = cli(d);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      'refused: 1 problem(s) in the input',
      `${join(d, 'plan.json')}: components[0].tiers[1].rate: "8%": write a percentage as a decimal fraction: 0.08 for 8%`,
      'nothing written',
    ]);
  });

  it('an empty CSV, or one without its header line, is one message per file', () => {
    const d = workdir();
    writeFileSync(join(d, 'quotas.csv'), '');
    writeFileSync(join(d, 'transactions.csv'), 'T1,2026-01-10,a1,60000.00,2,cloud,new,booked,\n');
    const r = cli(d);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      'refused: 2 problem(s) in the input',
      `${join(d, 'quotas.csv')}:1: the file is empty: the first line must be the header participant_id,measure,period,quota`,
      `${join(d, 'transactions.csv')}:1: no header line: the first line must name the columns transaction_id,date,participant_id,amount,quantity,product,type,status,split`,
      'nothing written',
    ]);
  });

  it('--quotas and --transactions may be left out when no plan in use needs them, and are asked for when one does', () => {
    const d = workdir();
    const mboPlan = {
      schemaVersion: 1,
      id: 'SE-2026',
      name: 'Solution engineer plan',
      currency: 'USD',
      periodKind: 'quarter',
      measures: [{ id: 'bookings', source: 'amount' }],
      components: [{ id: 'mbo', type: 'mbo', targetShare: 0.1, objectives: [{ id: 'o1', weight: 1 }] }],
    };
    writeFileSync(join(d, 'se.json'), JSON.stringify(mboPlan));
    writeFileSync(
      join(d, 'se.csv'),
      'participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency\ns1,Sam,SE-2026,se,,40000,,,USD\n',
    );
    writeFileSync(join(d, 'mbo.csv'), 'participant_id,objective_id,period,score\ns1,o1,2026-Q1,0.5\n');
    const base = ['--participants', join(d, 'se.csv'), '--mbo', join(d, 'mbo.csv'), '--period', '2026-Q1', '--out', join(d, 'payouts.csv')];
    const ok = raw(['--plan', join(d, 'se.json'), ...base]);
    expect(ok.err).toEqual([]);
    expect(ok.code).toBe(0);
    expect(readFileSync(join(d, 'payouts.csv'), 'utf8')).toContain('2026-Q1,s1,mbo,500.00');
    // the demo plan pays on transactions and on attainment: both files are asked for, with the reason
    const r = raw(['--plan', join(d, 'plan.json'), '--participants', join(d, 'participants.csv'), '--period', '2026-Q1', '--out', join(d, 'p2.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      'refused: 2 problem(s) in the input',
      '--quotas is required: plan AE-2026 needs it (component commission is a rate table on attainment)',
      '--transactions is required: plan AE-2026 needs it (component commission (rate_table) is paid on transactions)',
      'nothing written',
    ]);
    expect(existsSync(join(d, 'p2.csv'))).toBe(false);
    expect(USAGE).toContain('[--quotas q.csv] [--transactions t.csv]');
  });
});
