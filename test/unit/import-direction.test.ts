import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Imports flow one way: app -> workflows -> (db, engine). engine and db import only libraries (and
 * themselves); nothing imports app except app itself. seeds, scripts and test may use anything.
 * Within that: app/ reads the database only through db/queries (db/client opens it), never the schema
 * or drizzle itself; and a command never imports another command (a shared step lives in a module
 * named for the step).
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

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

/** Where an import specifier lands, relative to the repository root (no extension), or null for a library. */
function target(fromFile: string, specifier: string): string | null {
  let resolved: string;
  if (specifier.startsWith('~/')) resolved = path.join(root, specifier.slice(2));
  else if (specifier.startsWith('.')) resolved = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  return path
    .relative(root, resolved)
    .split(path.sep)
    .join('/')
    .replace(/\.(ts|tsx|js)$/, '');
}

/** The top-level folder an import specifier lands in, or null for a library. */
function targetLayer(fromFile: string, specifier: string): string | null {
  return target(fromFile, specifier)?.split('/')[0] ?? null;
}

function violations(): string[] {
  const out: string[] = [];
  for (const layer of layers) {
    for (const file of sourceFiles(path.join(root, layer))) {
      for (const spec of specifiers(file)) {
        const layerOf = targetLayer(file, spec);
        if (layerOf && !allowed[layer]!.includes(layerOf))
          out.push(`${path.relative(root, file)} imports ${spec} (${layer} may import only ${allowed[layer]!.join(', ')})`);
      }
    }
  }
  return out;
}

/** app/ may reach the database only through db/queries/* and db/client (getDb). */
function appReadsOnlyQueries(fromFile: string, specifier: string): boolean {
  if (specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/')) return false;
  const to = target(fromFile, specifier);
  return !to?.startsWith('db/') || to.startsWith('db/queries/') || to === 'db/client';
}

function appDatabaseViolations(): string[] {
  return sourceFiles(path.join(root, 'app')).flatMap((file) =>
    specifiers(file)
      .filter((spec) => !appReadsOnlyQueries(file, spec))
      .map((spec) => `${path.relative(root, file)} imports ${spec} (app/ reads the database through db/queries only)`),
  );
}

/** Only verbs live in workflows/commands (the context every command takes is workflows/command.ts). */
function commandImportsCommand(fromFile: string, specifier: string): boolean {
  return !!target(fromFile, specifier)?.startsWith('workflows/commands/');
}

function commandViolations(): string[] {
  return sourceFiles(path.join(root, 'workflows/commands')).flatMap((file) =>
    specifiers(file)
      .filter((spec) => commandImportsCommand(file, spec))
      .map((spec) => `${path.relative(root, file)} imports ${spec} (a command imports no other command; move the shared step into a module named for it)`),
  );
}

describe('import direction', () => {
  it('app -> workflows -> (db, engine); engine and db import only libraries; nothing imports app', () => {
    expect(violations()).toEqual([]);
  });

  it('app/ imports db/queries only (and db/client to open the database): no db/schema, no drizzle', () => {
    expect(appDatabaseViolations()).toEqual([]);
  });

  it('no command imports another command', () => {
    expect(commandViolations()).toEqual([]);
  });

  it('detects a violation (the checks themselves can fail)', () => {
    expect(targetLayer(path.join(root, 'engine/x.ts'), '~/db/client')).toBe('db');
    expect(targetLayer(path.join(root, 'workflows/commands/x.ts'), '../../app/http/route.server')).toBe('app');
    expect(targetLayer(path.join(root, 'db/x.ts'), 'drizzle-orm')).toBeNull();

    const route = path.join(root, 'app/routes/x.tsx');
    expect(appReadsOnlyQueries(route, '~/db/schema')).toBe(false);
    expect(appReadsOnlyQueries(route, '../../db/schema/projects')).toBe(false);
    expect(appReadsOnlyQueries(route, 'drizzle-orm')).toBe(false);
    expect(appReadsOnlyQueries(route, '~/db/queries/projects')).toBe(true);
    expect(appReadsOnlyQueries(route, '~/db/client')).toBe(true);
    expect(appReadsOnlyQueries(route, '~/workflows/my-work')).toBe(true);

    const command = path.join(root, 'workflows/commands/approve-gate.ts');
    expect(commandImportsCommand(command, './reject-gate')).toBe(true);
    expect(commandImportsCommand(command, '~/workflows/commands/create-user')).toBe(true);
    expect(commandImportsCommand(command, '../command')).toBe(false);
    expect(commandImportsCommand(command, '../gates/decision')).toBe(false);
  });
});
