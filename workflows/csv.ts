/** One CSV record with the line of the file it starts on (1 = the header line). */
export type CsvRecord = { line: number; cells: string[] };

/**
 * RFC 4180 CSV: quoted cells may hold commas, quotes ("") and line breaks. Returns the header and the
 * records, or the line where the quoting is broken.
 */
export function parseCsv(text: string): { header: string[]; records: CsvRecord[] } | { error: string; line: number } {
  const rows: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) return { error: 'A quoted cell is never closed.', line: rowLine };
  cells.push(cell);
  if (cells.some((c) => c !== '')) rows.push({ line: rowLine, cells });
  const [header, ...records] = rows;
  return { header: (header?.cells ?? []).map((h) => h.trim().toLowerCase()), records };
}
