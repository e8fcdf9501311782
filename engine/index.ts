/**
 * Public API of the compensation calculation engine. Pure: no file system, no database, no clock.
 *
 *   const loaded = loadInputs({ plans: [{ name, text }], participants, quotas, transactions, period: '2026-Q1' });
 *   if (!loaded.ok) show(loaded.errors);                    // [{ file, line, message }]
 *   const run = calculate({ ...loaded.value, options: { explain: true } });
 *   if (run.ok) { payoutsCsv(run.value); resultHash(run.value); }
 *
 * Lower-level pieces (validatePlan, parse*Csv, parsePeriodSpec) are exported for forms and uploads.
 */

export type { CalculateInput, CalculateOutcome, CalculateResult, Carry, ParticipantFacts, PayoutLine, TotalLine } from './calculate';
export { calculate } from './calculate';
export type { Period, PeriodKind } from './dates';
export { formatDate, parseDate, parsePeriod, parsePeriodSpec, periodsPerYear } from './dates';
export { D as Decimal } from './decimal';
export type { DetailKind, DetailRow } from './detail';
export type { Adjustment, Assignment, InputError, ParticipantTable, Quotas } from './inputs';
export {
  mboKey,
  parseAdjustmentsCsv,
  parseBalancesCsv,
  parseMboCsv,
  parseParticipantsCsv,
  parseQuotasCsv,
  parseTransactionsCsv,
} from './inputs';
export { planJsonSchema } from './json-schema';
export type { InputFile, LoadedInputs, RunFiles } from './load';
export { loadInputs } from './load';
export { canonicalResult, DETAIL_HEADER, detailCsv, explainJson, payoutsCsv, resultHash } from './output';
export type { CompiledPlan, Component, PlanError, Result } from './plan';
export { validatePlan, validatePlans } from './plan';
export type { PlanDoc, PlanInput } from './schema';
export { PLAN_SCHEMA_VERSION, Plan as PlanSchema } from './schema';
export { sha256Hex } from './sha256';
export type { Calc, CalcOp, Explain, Reached, Step } from './trace';
export type { ByteSource, Split, SplitTable, TransactionTable, TxIds } from './transaction-table';
