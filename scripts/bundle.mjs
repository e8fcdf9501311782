/**
 * A command's TypeScript, bundled by esbuild into one JavaScript file per entry under
 * node_modules/.cache/spm-bundles/<name>/, built again whenever a source it was built from,
 * package-lock.json or this file is newer than it. Not under build/: `react-router build` empties that
 * folder, and every start after a build would bundle again. Why bundle: starting through tsx transforms
 * every TypeScript file at each start, about a second of a `npm run calc` and of every portal start
 * (the tests start hundreds). Plain JavaScript, as it must load without a TypeScript transform. Used by
 * scripts/calc-cli.mjs and scripts/start-cli.mjs.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundlesDir = join(root, 'node_modules', '.cache', 'spm-bundles');

/**
 * @typedef {object} Bundle
 * @property {string} name its folder under node_modules/.cache/spm-bundles/
 * @property {string[]} entries entry files, relative to the repository (the bundle of a.ts is a.mjs)
 * @property {boolean} [packagesExternal] leave node_modules to be loaded at run time (native modules, a server's many packages)
 */

/** @param {Bundle} b @param {string} entry @returns {string} the bundle of one entry */
export function bundlePath(b, entry) {
  return join(bundlesDir, b.name, `${basename(entry).replace(/\.ts$/, '')}.mjs`);
}

const inputsFile = (b) => join(bundlesDir, b.name, 'inputs.json');

/** @param {Bundle} b every entry's bundle exists and no file it was built from changed since */
export function fresh(b) {
  try {
    const built = Math.min(...b.entries.map((e) => statSync(bundlePath(b, e)).mtimeMs));
    const inputs = JSON.parse(readFileSync(inputsFile(b), 'utf8'));
    return inputs.every((f) => statSync(join(root, f)).mtimeMs <= built);
  } catch {
    return false;
  }
}

/** @param {Bundle} b */
export async function build(b) {
  const esbuild = await import('esbuild');
  const outDir = join(bundlesDir, b.name);
  mkdirSync(outDir, { recursive: true });
  // temporary names, then renames: two runs starting at once each build, and neither reads half a file
  const tmpDir = join(outDir, `.tmp-${process.pid}`);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: b.entries,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: tmpDir,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'error',
    ...(b.packagesExternal
      ? { packages: 'external' }
      : // packages bundled as CommonJS may call require
        { banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" } }),
  });
  // npm gives installed files an old fixed date, so a dependency change shows in the lock file only
  const sources = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'));
  const inputs = [...sources, 'package-lock.json', 'scripts/bundle.mjs'];
  writeFileSync(`${inputsFile(b)}.${process.pid}.tmp`, JSON.stringify(inputs));
  renameSync(`${inputsFile(b)}.${process.pid}.tmp`, inputsFile(b));
  for (const e of b.entries) renameSync(join(tmpDir, basename(bundlePath(b, e))), bundlePath(b, e));
  rmSync(tmpDir, { recursive: true, force: true });
}

/** @param {Bundle} b builds the bundle only when it is missing or stale (a command's `--build`) */
export async function buildIfStale(b) {
  if (!fresh(b)) await build(b);
}

/**
 * The module of the first entry: its bundle, built first when stale. Where esbuild cannot be loaded or
 * fails, says so and loads the TypeScript through tsx, as before bundling.
 * @param {Bundle} b
 */
export async function load(b) {
  if (!fresh(b)) {
    try {
      await build(b);
    } catch (e) {
      process.stderr.write(`could not bundle ${b.name} (${e instanceof Error ? e.message.split('\n')[0] : e}); running through tsx\n`);
      const { tsImport } = await import('tsx/esm/api');
      return tsImport(join(root, b.entries[0]), import.meta.url);
    }
  }
  return import(pathToFileURL(bundlePath(b, b.entries[0])).href);
}
