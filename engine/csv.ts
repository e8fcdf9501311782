/**
 * A small CSV reader over a string (RFC 4180: commas, double-quoted fields with "" escapes, CRLF or
 * LF). Pure: no file system. Lines are numbered from 1 (the header) so errors can point at them.
 */

export interface CsvError {
  file: string;
  line: number;
  message: string;
}

export interface CsvTable {
  header: string[];
  /** calls fn for each non-empty data row with its fields and its 1-based line number */
  forEach(fn: (fields: string[], line: number) => void): void;
}

/** Split one line; returns null when a quote is unbalanced. */
export function splitCsvLine(line: string): string[] | null {
  if (line.indexOf('"') === -1) return line.split(',');
  const out: string[] = [];
  let i = 0;
  let field = '';
  let quoted = false;
  while (i < line.length) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
    i++;
  }
  if (quoted) return null;
  out.push(field);
  return out;
}

/** A data row's fields, or null after reporting why it has none: an unbalanced quote, or not `width` fields. */
export function rowFields(raw: string, width: number, file: string, line: number, errors: CsvError[]): string[] | null {
  const fields = splitCsvLine(raw);
  if (fields === null) {
    errors.push({ file, line, message: 'unbalanced double quote' });
    return null;
  }
  if (fields.length !== width) {
    errors.push({ file, line, message: `expected ${width} fields, found ${fields.length}` });
    return null;
  }
  return fields;
}

/**
 * Read a CSV text whose header must contain `required` columns (any order) and may contain
 * `optional` ones. Unknown columns are an error, so a misspelt column is not silently ignored.
 */
export function readCsv(
  text: string,
  file: string,
  required: readonly string[],
  optional: readonly string[],
  errors: CsvError[],
): { columns: Map<string, number>; rows: CsvTable } | null {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstNl = body.indexOf('\n');
  const headerLine = (firstNl === -1 ? body : body.slice(0, firstNl)).replace(/\r$/, '');
  const header = (splitCsvLine(headerLine) ?? []).map((h) => h.trim());
  // an empty file, or a first line that names none of the columns, is said once rather than column by column
  if (body.trim() === '') {
    errors.push({ file, line: 1, message: `the file is empty: the first line must be the header ${required.join(',')}` });
    return null;
  }
  if (!header.some((h) => required.includes(h) || optional.includes(h))) {
    errors.push({ file, line: 1, message: `no header line: the first line must name the columns ${required.join(',')}` });
    return null;
  }
  const columns = new Map<string, number>();
  header.forEach((h, i) => {
    columns.set(h, i);
  });
  let bad = false;
  for (const r of required) {
    if (!columns.has(r)) {
      errors.push({ file, line: 1, message: `missing column "${r}" (expected ${required.join(',')})` });
      bad = true;
    }
  }
  for (const h of header) {
    if (!required.includes(h) && !optional.includes(h)) {
      errors.push({ file, line: 1, message: `unknown column "${h}"` });
      bad = true;
    }
  }
  if (bad) return null;
  const width = header.length;
  const rows: CsvTable = {
    header,
    forEach(fn) {
      let pos = firstNl === -1 ? body.length : firstNl + 1;
      let line = 1;
      while (pos < body.length) {
        line++;
        let nl = body.indexOf('\n', pos);
        if (nl === -1) nl = body.length;
        let end = nl;
        if (end > pos && body.charCodeAt(end - 1) === 13) end--;
        const raw = body.slice(pos, end);
        pos = nl + 1;
        if (raw.length === 0) continue;
        const fields = rowFields(raw, width, file, line, errors);
        if (fields) fn(fields, line);
      }
    },
  };
  return { columns, rows };
}

const MICRO_RE = /^-?\d{1,10}(\.\d{1,6})?$/;

/**
 * A decimal text to an integer number of millionths (1e-6), exact: at most 6 decimals and an
 * absolute value below 9,000,000,000 so the result stays below 2^53. NaN when malformed.
 */
export function parseMicro(text: string): number {
  if (!MICRO_RE.test(text)) return Number.NaN;
  const neg = text.charCodeAt(0) === 45;
  const dot = text.indexOf('.');
  const intPart = text.slice(neg ? 1 : 0, dot === -1 ? text.length : dot);
  let frac = 0;
  if (dot !== -1) {
    const f = text.slice(dot + 1);
    frac = Number(f) * 10 ** (6 - f.length);
  }
  const v = Number(intPart) * 1_000_000 + frac;
  if (v >= 9e15) return Number.NaN;
  return neg ? -v : v;
}
