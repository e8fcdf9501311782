import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { raidItems, vendorFirms } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { parseCsv } from '../csv';
import { DomainError } from '../errors';
import { id } from '../input';
import { requireRaidAccess } from '../raid/access';
import { columnsOf, nextRaidNumber, partyProblems, type RaidColumns, raidContentSchema, raidKey, raidParties } from '../raid/content';
import { maxRaidImportBytes, maxRaidImportRows, raidImportColumns, raidImportTooLarge } from '../raid/labels';

const required = ['type', 'title'] as const;

/** The field of the content schema each column fills. */
const fieldOf: Record<(typeof raidImportColumns)[number], string> = {
  type: 'type',
  title: 'title',
  description: 'description',
  owner_email: 'ownerId',
  shared_with_firm: 'sharedWithFirmId',
  probability: 'probability',
  impact: 'impact',
  mitigation: 'mitigation',
  next_review_date: 'nextReviewDate',
  validate_by: 'validateBy',
  severity: 'severity',
  due_date: 'dueDate',
  resolution: 'resolution',
  decided_by: 'decidedBy',
  decided_on: 'decidedOn',
  basis: 'basis',
};
const columnOf = Object.fromEntries(Object.entries(fieldOf).map(([column, field]) => [field, column]));

export type RaidImportProblem = { line: number; message: string };

/** A refused import: every bad row by its line in the file; nothing was imported. */
export class RaidImportRefused extends DomainError {
  constructor(problems: RaidImportProblem[], message = `Nothing was imported: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the file.`) {
    super('invalid', message, {}, problems);
  }
}

export const importRaidItemsInput = z.object({
  projectId: id(),
  csv: z
    .string()
    .max(maxRaidImportBytes, raidImportTooLarge)
    .refine((csv) => Buffer.byteLength(csv, 'utf8') <= maxRaidImportBytes, raidImportTooLarge)
    .refine((csv) => csv.trim() !== '', 'Choose a CSV file or paste its content.'),
});

/**
 * Imports RAID items from CSV (`raidImportColumns`; owner by email, the shared firm by name), each logged
 * open with the next RAID number. Every row is checked first, against the same schema as the form and
 * the same project rules; if any row is wrong, every wrong row is reported with its line and nothing is
 * imported. Each item gets its own audit row, so its history starts with the import.
 */
export const importRaidItems = defineCommand({
  input: importRaidItemsInput,
  handle: ({ tx, actor, at }, { projectId, csv }) => {
    requireRaidAccess(tx, actor, projectId, 'raid.write');
    const parsed = parseCsv(csv);
    if ('error' in parsed) throw new RaidImportRefused([{ line: parsed.line, message: parsed.error }]);
    const missing = required.filter((c) => !parsed.header.includes(c));
    if (missing.length > 0) throw new RaidImportRefused([{ line: 1, message: `Missing column(s): ${missing.join(', ')}.` }]);
    if (parsed.records.length === 0) throw new RaidImportRefused([{ line: 2, message: 'The file has no rows under its header.' }]);
    if (parsed.records.length > maxRaidImportRows) {
      const said = `has ${parsed.records.length.toLocaleString('en-US')} rows; an import takes at most ${maxRaidImportRows.toLocaleString('en-US')}`;
      throw new RaidImportRefused(
        [{ line: parsed.records.at(maxRaidImportRows)!.line, message: `The file ${said}. Split the file.` }],
        `Nothing was imported: the file ${said}.`,
      );
    }
    const index = new Map(parsed.header.map((name, i) => [name, i]));
    const cell = (cells: string[], name: string) => (cells[index.get(name) ?? -1] ?? '').trim();

    const parties = raidParties(tx, projectId);
    const byEmail = new Map([...parties.owners.values()].map((m) => [m.email.toLowerCase(), m.id]));
    const firms = new Map(
      tx
        .select({ id: vendorFirms.id, name: sql<string>`lower(${vendorFirms.name})` })
        .from(vendorFirms)
        .all()
        .map((f) => [f.name, f.id]),
    );
    const problems: RaidImportProblem[] = [];
    const rows: RaidColumns[] = [];
    for (const { line, cells } of parsed.records) {
      const rowProblems: string[] = [];
      if (cells.length !== parsed.header.length) rowProblems.push(`has ${cells.length} cells where the header has ${parsed.header.length}`);
      const email = cell(cells, 'owner_email').toLowerCase();
      const ownerId = email ? byEmail.get(email) : null;
      if (ownerId === undefined) rowProblems.push(`owner_email: ${email} is not a member of this project`);
      const firmName = cell(cells, 'shared_with_firm').toLowerCase();
      const firmId = firmName ? firms.get(firmName) : null;
      if (firmId === undefined) rowProblems.push(`shared_with_firm: there is no vendor firm named ${cell(cells, 'shared_with_firm')}`);
      const fields: Record<string, unknown> = {};
      for (const column of raidImportColumns) fields[fieldOf[column]] = cell(cells, column);
      fields.type = String(fields.type).toLowerCase();
      fields.ownerId = ownerId ?? '';
      fields.sharedWithFirmId = firmId ?? '';
      const content = raidContentSchema.safeParse(fields);
      if (!content.success) {
        for (const issue of content.error.issues) {
          const field = String(issue.path[0] ?? '');
          // An owner or firm already reported as unknown is not reported twice.
          if ((field === 'ownerId' && ownerId === undefined) || (field === 'sharedWithFirmId' && firmId === undefined)) continue;
          const message = field === 'type' ? `choose one of risk, assumption, issue, dependency, action, decision` : issue.message;
          rowProblems.push(`${columnOf[field] ?? 'row'}: ${message}`);
        }
      } else if (ownerId !== undefined && firmId !== undefined) {
        const columns = columnsOf(content.data);
        const party = partyProblems(columns, parties);
        for (const [field, message] of Object.entries(party)) rowProblems.push(`${columnOf[field] ?? field}: ${message}`);
        if (rowProblems.length === 0) rows.push(columns);
      }
      if (rowProblems.length > 0) problems.push({ line, message: rowProblems.join('; ') });
    }
    if (problems.length > 0) throw new RaidImportRefused(problems);

    const first = nextRaidNumber(tx, projectId);
    const iso = at.toISOString();
    const created = rows.map((columns, i) => {
      const item = tx
        .insert(raidItems)
        .values({ projectId, key: raidKey(first + i), ...columns, createdBy: actor.id, createdAt: iso, updatedBy: actor.id, updatedAt: iso })
        .returning()
        .get();
      emitAudit(tx, {
        at,
        actor,
        projectId,
        action: 'raid.imported',
        subjectType: 'raid_item',
        subjectId: item.key,
        toState: 'open',
        after: { version: item.version, ...columns },
        detail: `${item.key} ${columns.type} imported from CSV: ${columns.title}`,
      });
      return item.key;
    });
    return created;
  },
});
