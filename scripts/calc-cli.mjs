/**
 * `npm run calc`: runs scripts/calc.ts from its bundle (scripts/bundle.mjs: built at the
 * first run and again when a source changed). Every package is bundled in: the command then starts
 * without resolving modules. `node scripts/calc-cli.mjs --build` only builds (when stale).
 */
import { buildIfStale, load } from './bundle.mjs';

const calc = { name: 'cli', entries: ['scripts/calc.ts'] };

if (process.argv[2] === '--build') await buildIfStale(calc);
else {
  const { runCli } = await load(calc);
  process.exitCode = runCli(process.argv.slice(2));
}
