/**
 * `npm run calc` runs scripts/calc-cli.mjs, which bundles scripts/calc.ts once (scripts/bundle.mjs) and runs
 * the bundle: it must behave as the TypeScript it was built from (same exit codes, same output).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../scripts/calc';

const root = new URL('../../', import.meta.url).pathname;
const demo = (f: string) => new URL(`./fixtures/demo/${f}`, import.meta.url).pathname;

describe('calc through its bundle (scripts/calc-cli.mjs)', () => {
  it('exits 2 with the usage on bad usage', () => {
    const r = spawnSync(process.execPath, ['scripts/calc-cli.mjs', '--plan'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--plan needs a value');
    expect(r.stderr).toContain('usage: npm run calc');
  });

  it('writes the same payouts and prints the same result hash as scripts/calc.ts', () => {
    const d = mkdtempSync(join(tmpdir(), 'calc-cli-'));
    for (const f of ['plan.json', 'participants.csv', 'quotas.csv', 'transactions.csv']) copyFileSync(demo(f), join(d, f));
    const args = (out: string) => [
      ...['--plan', join(d, 'plan.json'), '--participants', join(d, 'participants.csv'), '--quotas', join(d, 'quotas.csv')],
      ...['--transactions', join(d, 'transactions.csv'), '--period', '2026-Q1..2026-Q2', '--out', join(d, out)],
    ];
    const out: string[] = [];
    expect(runCli(args('direct.csv'), { out: (l) => out.push(l), err: () => {} })).toBe(0);
    const r = spawnSync(process.execPath, ['scripts/calc-cli.mjs', ...args('bundled.csv')], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const hash = out.find((l) => l.startsWith('result hash'));
    expect(hash).toBeDefined();
    expect(r.stdout).toContain(hash as string);
    expect(readFileSync(join(d, 'bundled.csv'), 'utf8')).toBe(readFileSync(join(d, 'direct.csv'), 'utf8'));
  });
});
