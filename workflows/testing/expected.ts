import type { ExpectedLine } from '~/db/schema';
import { parseCsv } from '../csv';

const money = /^-?\d{1,12}(\.\d{1,6})?$/;

/** Expected payouts as CSV (`participant_id,component_id,amount`): the lines, or every bad row by line. */
export function parseExpectedCsv(
  text: string,
): { ok: true; lines: ExpectedLine[] } | { ok: false; problems: { file: string; line: number; message: string }[] } {
  const parsed = parseCsv(text);
  if ('error' in parsed) return { ok: false, problems: [{ file: 'expected', line: parsed.line, message: parsed.error }] };
  const need = ['participant_id', 'component_id', 'amount'];
  const missing = need.filter((c) => !parsed.header.includes(c));
  if (missing.length) return { ok: false, problems: [{ file: 'expected', line: 1, message: `missing column(s): ${missing.join(', ')}` }] };
  const at = (cells: string[], c: string) => (cells[parsed.header.indexOf(c)] ?? '').trim();
  const problems: { file: string; line: number; message: string }[] = [];
  const seen = new Set<string>();
  const lines: ExpectedLine[] = [];
  for (const { line, cells } of parsed.records) {
    const row = { participantId: at(cells, 'participant_id'), componentId: at(cells, 'component_id'), amount: at(cells, 'amount') };
    const rowProblems = [];
    if (!row.participantId) rowProblems.push('participant_id is empty');
    if (!row.componentId) rowProblems.push('component_id is empty');
    if (!money.test(row.amount)) rowProblems.push(`amount "${row.amount}" is not a decimal amount`);
    const k = `${row.participantId}|${row.componentId}`;
    if (seen.has(k)) rowProblems.push(`${row.participantId} / ${row.componentId} is expected twice`);
    seen.add(k);
    if (rowProblems.length) problems.push({ file: 'expected', line, message: rowProblems.join('; ') });
    else lines.push(row);
  }
  if (parsed.records.length === 0) problems.push({ file: 'expected', line: 2, message: 'no expected payout lines' });
  return problems.length ? { ok: false, problems } : { ok: true, lines };
}
