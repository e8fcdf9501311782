import { and, asc, eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { parallelRunLines, parallelRuns, planVersions } from '~/db/schema';
import { Decimal, type Explain } from '~/engine';
import { splitCsvLine } from '~/engine/csv';
import { type EngineProblem, type PayoutDataset, runEngine } from './engine-run';
import { participantNames } from './participant-names';
import { variancePercent } from './variance-lines';

/** A CSV read line by line as the engine reads it: its header's columns and its data lines, raw. */
function csvLines(text: string) {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const [head = '', ...rest] = body.split('\n').map((l) => l.replace(/\r$/, ''));
  const columns = (splitCsvLine(head) ?? []).map((h) => h.trim());
  const col = (name: string) => columns.indexOf(name);
  const rows = rest.filter((l) => l.length > 0).map((raw) => ({ raw, fields: splitCsvLine(raw) ?? [] }));
  return { head, col, rows };
}
const field = (fields: string[], i: number) => (i < 0 ? '' : (fields[i] ?? '').trim());
/** The participant ids a split names: "B1:0.6;B2:0.4" or "B1:0.5/0.7;…". */
const splitMembers = (split: string) =>
  split
    .split(';')
    .map((m) => m.split(':')[0]!.trim())
    .filter(Boolean);

/** How many levels of reports a plan rolls credit up from (0: none; Infinity: all). */
function rollupDepth(planDocument: string): number {
  try {
    const rollup = (JSON.parse(planDocument) as { crediting?: { rollup?: { enabled?: boolean; depth?: number | null } } }).crediting?.rollup;
    if (!rollup?.enabled) return 0;
    return rollup.depth == null ? Number.POSITIVE_INFINITY : rollup.depth;
  } catch {
    return 0;
  }
}

/**
 * The part of a run's inputs one participant's lines depend on, so their traces are computed on a few
 * rows rather than the whole run: the transactions crediting them (directly, by a split, or by a
 * roll-up from the reports the plan rolls up), the participants those transactions and the manager
 * chains name, and those participants' quotas. Rows are kept as written.
 */
export function sliceForParticipant(d: PayoutDataset, participantId: string, planDocument: string): PayoutDataset {
  const people = csvLines(d.participantsCsv);
  const pId = people.col('participant_id');
  const pMgr = people.col('manager_id');
  const managerOf = new Map<string, string>();
  const reportsOf = new Map<string, string[]>();
  for (const r of people.rows) {
    const id = field(r.fields, pId);
    const mgr = field(r.fields, pMgr);
    if (!mgr) continue;
    managerOf.set(id, mgr);
    if (!reportsOf.get(mgr)?.includes(id)) reportsOf.set(mgr, [...(reportsOf.get(mgr) ?? []), id]);
  }
  // Whose transactions credit the participant: themselves, and their reports as deep as the roll-up goes.
  const credited = new Set([participantId]);
  let level = [participantId];
  for (let depth = 0; depth < rollupDepth(planDocument) && level.length > 0; depth++) {
    level = level.flatMap((id) => reportsOf.get(id) ?? []).filter((id) => !credited.has(id));
    for (const id of level) credited.add(id);
  }
  const txs = csvLines(d.transactionsCsv);
  const tPart = txs.col('participant_id');
  const tSplit = txs.col('split');
  const included = new Set(credited);
  const transactions = txs.rows.filter((r) => {
    const members = splitMembers(field(r.fields, tSplit));
    if (!credited.has(field(r.fields, tPart)) && !members.some((m) => credited.has(m))) return false;
    // Everyone a kept transaction names must be in the participants file, or the engine refuses it.
    for (const m of [field(r.fields, tPart), ...members]) if (m) included.add(m);
    return true;
  });
  // Every manager on the way up must be there too.
  for (const id of [...included]) {
    let mgr = managerOf.get(id);
    while (mgr && !included.has(mgr)) {
      included.add(mgr);
      mgr = managerOf.get(mgr);
    }
  }
  const quotas = csvLines(d.quotasCsv);
  const qPart = quotas.col('participant_id');
  const text = (head: string, rows: { raw: string }[]) => `${[head, ...rows.map((r) => r.raw)].join('\n')}\n`;
  return {
    period: d.period,
    participantsCsv: text(
      people.head,
      people.rows.filter((r) => included.has(field(r.fields, pId))),
    ),
    quotasCsv: text(
      quotas.head,
      quotas.rows.filter((r) => included.has(field(r.fields, qPart))),
    ),
    transactionsCsv: text(txs.head, transactions),
  };
}

export type TracedLine = {
  componentId: string;
  legacy: string;
  computed: string;
  variance: string;
  /** variance / legacy as a percentage (`variancePercent`). */
  percent: string;
  /** What the engine computes now for this line from the participant's inputs: the sum of its traces. */
  recomputed: string | null;
  traces: Explain[];
};

/**
 * One participant's lines of a parallel run with the engine's explain trace of each: the engine is
 * run again with traces on, on the run's stored inputs (only what this participant's lines depend
 * on: `sliceForParticipant`) and the plan version the run used. `matches` says whether that gives
 * the amounts the run stored; null when the run or the participant is not there.
 */
export function participantTrace(conn: Conn, runId: number, participantId: string) {
  const run = conn
    .select({
      id: parallelRuns.id,
      projectId: parallelRuns.projectId,
      period: parallelRuns.period,
      participantsCsv: parallelRuns.participantsCsv,
      quotasCsv: parallelRuns.quotasCsv,
      transactionsCsv: parallelRuns.transactionsCsv,
      document: planVersions.document,
    })
    .from(parallelRuns)
    .innerJoin(planVersions, eq(planVersions.id, parallelRuns.planVersionId))
    .where(eq(parallelRuns.id, runId))
    .get();
  if (!run) return null;
  const stored = conn
    .select({
      componentId: parallelRunLines.componentId,
      legacy: parallelRunLines.legacy,
      computed: parallelRunLines.computed,
      variance: parallelRunLines.variance,
    })
    .from(parallelRunLines)
    .where(and(eq(parallelRunLines.runId, runId), eq(parallelRunLines.participantId, participantId)))
    .orderBy(asc(parallelRunLines.componentId))
    .all();
  if (stored.length === 0) return null;
  const outcome = runEngine(run.document, sliceForParticipant(run, participantId, run.document));
  const problems: EngineProblem[] = outcome.ok ? [] : outcome.problems;
  const mine = outcome.ok ? outcome.lines.filter((l) => l.participantId === participantId) : [];
  const lines: TracedLine[] = stored.map((s) => {
    const engineLines = mine.filter((l) => l.componentId === s.componentId);
    const recomputed = outcome.ok ? engineLines.reduce((sum, l) => sum.plus(l.amount), new Decimal(0)).toFixed(2) : null;
    return {
      ...s,
      percent: variancePercent(s.variance, s.legacy),
      recomputed,
      traces: engineLines.map((l) => l.explain as Explain).filter(Boolean),
    };
  });
  const name = participantNames(run.participantsCsv, [participantId])[participantId] ?? null;
  return { projectId: run.projectId, participantId, name, lines, problems, matches: outcome.ok && lines.every((l) => l.recomputed === l.computed) };
}
