import { type CsvRecord, parseCsv } from '../csv';
import type { Problem } from '../errors';
import type { EventLine, ResultLine } from './kpis';

/**
 * The two CSV shapes of a period's programme data (docs/decisions/0020-e3-optimization.md), checked
 * line by line: every bad line is reported with its file and line number, and nothing is kept when
 * there is one. The results file is one line per participant and component; the events file one line
 * per dispute or manual adjustment (it may be left empty when a period had none).
 */
export const resultColumns = ['participant', 'component', 'payout', 'capped', 'quota', 'credited_revenue'] as const;
export const eventColumns = ['kind', 'participant', 'amount', 'raised_on', 'resolved_on'] as const;

/** The largest file of each kind, in bytes, and the most lines (as the other imports). */
export const maxProgrammeBytes = 5 * 1024 * 1024;
export const maxProgrammeRows = 10_000;
export const programmeLimits = `at most 5 MB and ${maxProgrammeRows.toLocaleString('en-US')} lines per file`;

export const resultsFile = 'Results file';
export const eventsFile = 'Events file';

const DECIMAL = /^-?\d{1,12}(\.\d{1,4})?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const realDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const yes = new Set(['yes', 'y', 'true', '1']);
const no = new Set(['no', 'n', 'false', '0', '']);

type Parsed<T> = { rows: T[]; problems: Problem[] };

type Read = { problems: Problem[] } | { records: CsvRecord[]; width: number; col: (cells: string[], name: string) => string };

function readFile(text: string, file: string, columns: readonly string[], optional: readonly string[] = []): Read {
  const parsed = parseCsv(text);
  if ('error' in parsed) return { problems: [{ file, line: parsed.line, message: parsed.error }] };
  const missing = columns.filter((c) => !optional.includes(c) && !parsed.header.includes(c));
  if (missing.length > 0) return { problems: [{ file, line: 1, message: `Missing column(s): ${missing.join(', ')}. The header is ${columns.join(',')}.` }] };
  if (parsed.records.length > maxProgrammeRows)
    return {
      problems: [
        {
          file,
          line: parsed.records.at(maxProgrammeRows)!.line,
          message: `The file has ${parsed.records.length.toLocaleString('en-US')} lines; ${programmeLimits}.`,
        },
      ],
    };
  const index = new Map(parsed.header.map((name, i) => [name, i]));
  const col = (cells: string[], name: string) => (cells[index.get(name) ?? -1] ?? '').trim();
  return { records: parsed.records, width: parsed.header.length, col };
}

export function parseResults(text: string): Parsed<ResultLine & { line: number }> {
  const read = readFile(text, resultsFile, resultColumns);
  if (!('records' in read)) return { rows: [], problems: read.problems };
  if (read.records.length === 0) return { rows: [], problems: [{ file: resultsFile, line: 2, message: 'The file has no lines under its header.' }] };
  const rows: (ResultLine & { line: number })[] = [];
  const problems: Problem[] = [];
  const firstOf = new Map<string, ResultLine & { line: number }>();
  const seen = new Map<string, number>();
  for (const { line, cells } of read.records) {
    const bad: string[] = [];
    if (cells.length !== read.width) bad.push(`has ${cells.length} cells where the header has ${read.width}`);
    const participant = read.col(cells, 'participant');
    const component = read.col(cells, 'component');
    const payout = read.col(cells, 'payout');
    const cappedText = read.col(cells, 'capped').toLowerCase();
    const quota = read.col(cells, 'quota');
    const revenue = read.col(cells, 'credited_revenue');
    if (!participant || participant.length > 100) bad.push('participant: give the participant’s id (at most 100 characters)');
    if (!component || component.length > 100) bad.push('component: name the plan component (at most 100 characters)');
    if (!DECIMAL.test(payout)) bad.push(`payout: "${payout}" is not an amount such as 1250.00`);
    if (!yes.has(cappedText) && !no.has(cappedText)) bad.push(`capped: "${cappedText}" is not yes or no`);
    if (!DECIMAL.test(quota) || quota.startsWith('-')) bad.push(`quota: "${quota}" is not an amount of 0 or more`);
    if (!DECIMAL.test(revenue)) bad.push(`credited_revenue: "${revenue}" is not an amount`);
    const pair = `${participant}\u0000${component}`;
    if (participant && component && seen.has(pair)) bad.push(`${participant} already has a ${component} line (line ${seen.get(pair)})`);
    const first = firstOf.get(participant);
    if (first && bad.length === 0 && (first.quota !== quota || first.creditedRevenue !== revenue))
      bad.push(`quota and credited_revenue are the participant’s: they differ from line ${first.line} (${first.quota}, ${first.creditedRevenue})`);
    if (bad.length > 0) {
      problems.push({ file: resultsFile, line, message: bad.join('; ') });
      continue;
    }
    seen.set(pair, line);
    const row = { line, participant, component, payout, capped: yes.has(cappedText), quota, creditedRevenue: revenue };
    if (!first) firstOf.set(participant, row);
    rows.push(row);
  }
  return { rows, problems };
}

/** Events name participants of the results file: a dispute of someone not paid this period is a mistake in one of the files. */
export function parseEvents(text: string, participants: Set<string>): Parsed<EventLine & { line: number }> {
  if (!text.trim()) return { rows: [], problems: [] };
  const read = readFile(text, eventsFile, eventColumns, ['resolved_on']);
  if (!('records' in read)) return { rows: [], problems: read.problems };
  const rows: (EventLine & { line: number })[] = [];
  const problems: Problem[] = [];
  for (const { line, cells } of read.records) {
    const bad: string[] = [];
    if (cells.length !== read.width) bad.push(`has ${cells.length} cells where the header has ${read.width}`);
    const kind = read.col(cells, 'kind').toLowerCase();
    const participant = read.col(cells, 'participant');
    const amount = read.col(cells, 'amount');
    const raisedOn = read.col(cells, 'raised_on');
    const resolvedOn = read.col(cells, 'resolved_on');
    if (kind !== 'dispute' && kind !== 'adjustment') bad.push(`kind: "${kind}" is not dispute or adjustment`);
    if (!participant) bad.push('participant: give the participant’s id');
    else if (!participants.has(participant)) bad.push(`participant: ${participant} has no line in the results file`);
    if (!DECIMAL.test(amount)) bad.push(`amount: "${amount}" is not an amount such as 300.00`);
    if (!realDay(raisedOn)) bad.push(`raised_on: "${raisedOn}" is not a day as YYYY-MM-DD`);
    if (resolvedOn && !realDay(resolvedOn)) bad.push(`resolved_on: "${resolvedOn}" is not a day as YYYY-MM-DD`);
    if (kind === 'adjustment' && resolvedOn) bad.push('resolved_on: an adjustment is not resolved; leave it empty');
    if (realDay(raisedOn) && realDay(resolvedOn) && resolvedOn < raisedOn) bad.push('resolved_on: a dispute is resolved on or after the day it was raised');
    if (bad.length > 0) problems.push({ file: eventsFile, line, message: bad.join('; ') });
    else rows.push({ line, kind: kind as EventLine['kind'], participant, amount, raisedOn, resolvedOn: resolvedOn || null });
  }
  return { rows, problems };
}
