/**
 * Acceptance 4: the command line refuses bad input, listing every bad row by file and line, and writes
 * nothing. Also: a good run writes the payouts CSV with TOTAL lines and prints the result hash.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../scripts/calc';

const demo = (f: string) => new URL(`./fixtures/demo/${f}`, import.meta.url).pathname;

function workdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'calc-'));
  for (const f of ['plan.json', 'participants.csv', 'quotas.csv', 'transactions.csv']) copyFileSync(demo(f), join(d, f));
  return d;
}

function cli(d: string, extra: string[] = [], period = '2026-Q1..2026-Q2') {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(
    [
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
    ],
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return { code, out, err };
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
    const r = cli(d, ['--explain', join(d, 'explain.json')]);
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

  it('writes period,participant_id,component_id,amount lines and a TOTAL per participant and period, and the same hash every time', () => {
    const d = workdir();
    const r1 = cli(d, ['--explain', join(d, 'explain.json')]);
    expect(r1.code).toBe(0);
    const csv = readFileSync(join(d, 'payouts.csv'), 'utf8');
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('period,participant_id,component_id,amount');
    expect(rows).toContain('2026-Q1,a1,commission,3900.00');
    expect(rows).toContain('2026-Q1,a1,TOTAL,6700.00');
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
});
