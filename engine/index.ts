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
export type { Period, PeriodKind } from './dates';
export { parsePeriod, parsePeriodSpec, parseDate, formatDate } from './dates';
export { D as Decimal } from './decimal';
export type { CompiledPlan, PlanError, Result, Component } from './plan';
export { validatePlan, validatePlans } from './plan';
export type { PlanDoc, PlanInput } from './schema';
export { Plan as PlanSchema, PLAN_SCHEMA_VERSION } from './schema';
export { planJsonSchema } from './json-schema';
export type { Adjustment, Assignment, InputError, ParticipantTable, Quotas, Split, SplitTable, TransactionTable, TxIds } from './inputs';
export {
  parseAdjustmentsCsv,
  parseBalancesCsv,
  parseMboCsv,
  parseParticipantsCsv,
  parseQuotasCsv,
  parseTransactionsCsv,
  mboKey,
} from './inputs';
export type { InputFile, LoadedInputs, RunFiles } from './load';
export { loadInputs } from './load';
export type { CalculateInput, CalculateOutcome, CalculateResult, Carry, PayoutLine, TotalLine } from './calculate';
export { calculate } from './calculate';
export type { Calc, CalcOp, Explain, Step } from './trace';
export { canonicalResult, explainJson, payoutsCsv, resultHash } from './output';
export { sha256Hex } from './sha256';
