import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Imports flow one way: app -> workflows -> (db, engine). engine and db import only libraries (and
 * themselves); nothing imports app except app itself. seeds, scripts and test may use anything.
 */
const root = path.resolve(__dirname, '../..');
const allowed: Record<string, string[]> = {
  app: ['app', 'workflows', 'db', 'engine'],
  workflows: ['workflows', 'db', 'engine'],
  db: ['db'],
  engine: ['engine'],
};
const layers = Object.keys(allowed);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === '+types' || name.startsWith('.')) return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** The top-level folder an import specifier lands in, or null for a library. */
function targetLayer(fromFile: string, specifier: string): string | null {
  let resolved: string;
  if (specifier.startsWith('~/')) resolved = path.join(root, specifier.slice(2));
  else if (specifier.startsWith('.')) resolved = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  return path.relative(root, resolved).split(path.sep)[0] ?? null;
}

function violations(): string[] {
  const out: string[] = [];
  for (const layer of layers) {
    for (const file of sourceFiles(path.join(root, layer))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2]!;
        const target = targetLayer(file, spec);
        if (target && !allowed[layer]!.includes(target))
          out.push(`${path.relative(root, file)} imports ${spec} (${layer} may import only ${allowed[layer]!.join(', ')})`);
      }
    }
  }
  return out;
}

describe('import direction', () => {
  it('app -> workflows -> (db, engine); engine and db import only libraries; nothing imports app', () => {
    expect(violations()).toEqual([]);
  });

  it('detects a violation (the check itself can fail)', () => {
    expect(targetLayer(path.join(root, 'engine/x.ts'), '~/db/client')).toBe('db');
    expect(targetLayer(path.join(root, 'workflows/commands/x.ts'), '../../app/http.server')).toBe('app');
    expect(targetLayer(path.join(root, 'db/x.ts'), 'drizzle-orm')).toBeNull();
  });
});
