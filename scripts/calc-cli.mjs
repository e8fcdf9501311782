/**
 * `npm run calc`: runs scripts/calc.ts from one JavaScript file bundled by esbuild into build/cli/
 * (git-ignored), built at the first run and again whenever a source it was built from, or
 * package-lock.json, is newer than it. Why: starting through tsx transforms every TypeScript file at
 * each start, about a second of a run, more than the engine takes to read a million transactions.
 * `node scripts/calc-cli.mjs --build` only builds. Plain JavaScript, as it must start without a
 * TypeScript transform. Where esbuild cannot be loaded, it runs scripts/calc.ts through tsx as before.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'build', 'cli');
const bundle = join(outDir, 'calc.mjs');
const inputsFile = join(outDir, 'calc.inputs.json');

/** the bundle exists and no file it was built from changed since */
function fresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
    return inputs.every((f) => statSync(join(root, f)).mtimeMs <= built);
  } catch {
    return false;
  }
}

async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  // temporary names, then renames: two runs starting at once each build, and neither reads half a file
  const tmp = `${bundle}.${process.pid}.tmp`;
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['scripts/calc.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: tmp,
    metafile: true,
    logLevel: 'error',
    // packages bundled as CommonJS may call require
    banner: { js: "import { createRequire as __calcRequire } from 'node:module'; const require = __calcRequire(import.meta.url);" },
  });
  // npm gives installed files an old fixed date, so a dependency change shows in the lock file only
  const sources = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'));
  const inputs = [...sources, 'package-lock.json', 'scripts/calc-cli.mjs'];
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  renameSync(tmp, bundle);
}

async function load() {
  if (!fresh()) {
    try {
      await build();
    } catch (e) {
      process.stderr.write(`calc: could not build ${bundle} (${e instanceof Error ? e.message.split('\n')[0] : e}); running through tsx\n`);
      const { tsImport } = await import('tsx/esm/api');
      return tsImport('./calc.ts', import.meta.url);
    }
  }
  return import(pathToFileURL(bundle).href);
}

if (process.argv[2] === '--build') {
  await build();
} else {
  const { runCli } = await load();
  process.exitCode = runCli(process.argv.slice(2));
}
