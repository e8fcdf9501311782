import { parseCsv } from '../csv';

/**
 * The names a dataset's participants CSV gives its participants (column `name`), by participant id, for
 * pages that show people rather than ids. A participant without a name (or a file without the column)
 * is left out: the page shows the id alone. Only the ids asked for are kept.
 */
export function participantNames(participantsCsv: string | null | undefined, ids: Iterable<string>): Record<string, string> {
  if (!participantsCsv) return {};
  const parsed = parseCsv(participantsCsv);
  if ('error' in parsed) return {};
  const idAt = parsed.header.indexOf('participant_id');
  const nameAt = parsed.header.indexOf('name');
  if (idAt < 0 || nameAt < 0) return {};
  const wanted = new Set(ids);
  const names: Record<string, string> = {};
  for (const { cells } of parsed.records) {
    const id = cells[idAt]?.trim() ?? '';
    const name = cells[nameAt]?.trim() ?? '';
    if (wanted.has(id) && name && name !== id) names[id] = name;
  }
  return names;
}
