/**
 * What a page imports for its component goes to the browser. A route that imports a value from a server
 * module (the database schema, the sender of e-mail) into its component ships that module, and with
 * nodemailer the page did not hydrate at all ("Buffer is not defined"). Read the built client bundle: no
 * route reaches the database schema or nodemailer, except the ones listed below, which already did
 * when this test was written (they hydrate, but carry the schema: a debt to pay, not to grow).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const assets = path.join(process.cwd(), 'build/client/assets');
const knownDebt = [
  'RequirementForm',
  'parallel-run',
  'parallel-runs',
  'payout-case',
  'plan-impact',
  'project-access',
  'project-members',
  'requirement-edit',
  'requirement-new',
  'requirements',
  'requirements-import',
  'test-case',
  'test-cycle',
  'testing',
];

describe('the client bundle', () => {
  it('carries no server module: the database schema or nodemailer', () => {
    const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
    const source = new Map(files.map((f) => [f, readFileSync(path.join(assets, f), 'utf8')]));
    const imports = (f: string) => [...(source.get(f) ?? '').matchAll(/(?:from|import\()\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
    const server = (f: string) => /SQLiteTable|smtp\.126\.com|nodemailer/.test(source.get(f) ?? '');
    const reaches = (start: string) => {
      const seen = new Set<string>();
      const stack = [start];
      while (stack.length > 0) {
        const f = stack.pop()!;
        if (seen.has(f)) continue;
        seen.add(f);
        if (server(f)) return f;
        stack.push(...imports(f));
      }
      return null;
    };
    const nameOf = (f: string) => f.replace(/-[A-Za-z0-9_-]{8}\.js$/, '');
    const offenders = files
      .filter((f) => !server(f) && !knownDebt.includes(nameOf(f)))
      .map((f) => [nameOf(f), reaches(f)] as const)
      .filter(([, hit]) => hit !== null);
    // A shared chunk that only the known routes import is reached through them; any other route is new.
    const newOffenders = offenders.filter(([name]) => !knownDebt.includes(name) && !/^(chunk|manifest|entry|root|prepared|schema|select|instance)/.test(name));
    expect(newOffenders).toEqual([]);
    expect(files.some((f) => /nodemailer|smtp\.126\.com/.test(source.get(f)!))).toBe(false);
  });
});
