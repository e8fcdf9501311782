import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn } from '~/db/client';
import { methodologyPhases, projectMembers, projects, requirements, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineAsyncCommand } from '../command';
import { parseCsv } from '../csv';
import { DomainError } from '../errors';
import { id } from '../input';
import { requireProjectPermission } from '../project-access';
import { insertRequirementsInBulk } from '../requirements/bulk-insert';
import { type RequirementContent, requirementContentSchema } from '../requirements/content';

export const importColumns = ['title', 'description', 'category', 'priority', 'owner_email', 'phase', 'acceptance_criteria', 'links'] as const;

/** The largest CSV an import accepts, in bytes (the page says so too). */
export const maxImportBytes = 5 * 1024 * 1024;
/** The most requirements one import creates (the page says so too). */
export const maxImportRows = 10_000;
/** The limits in words, for the page and the refusals. */
export const importLimits = `at most 5 MB and ${maxImportRows.toLocaleString('en-US')} rows`;
export const importTooLarge = `The file is larger than 5 MB. Split it into files of ${importLimits}.`;

export type ImportProblem = { line: number; message: string };

/** Refused import: every bad row, by its line in the file. Nothing was imported. */
export class ImportRefused extends DomainError {
  constructor(problems: ImportProblem[], message = `Nothing was imported: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the file.`) {
    super('invalid', message, {}, problems);
  }
}

/** Rows checked between two yields to the event loop, so other people's requests are answered meanwhile. */
const rowsPerTurn = 500;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * What a file's rows are checked against, read once per import (not once per row): the people the file
 * names, the project's stakeholders, its phases and its existing requirement keys.
 */
function projectFacts(conn: Conn, projectId: number, emails: string[]) {
  const project = conn.select({ methodologyId: projects.methodologyId }).from(projects).where(eq(projects.id, projectId)).get()!;
  const people = new Map<string, number>();
  for (let i = 0; i < emails.length; i += 500)
    for (const u of conn
      .select({ id: users.id, email: sql<string>`lower(${users.email})` })
      .from(users)
      .where(inArray(sql`lower(${users.email})`, emails.slice(i, i + 500)))
      .all())
      people.set(u.email, u.id);
  const stakeholders = new Set(
    conn
      .select({ userId: projectMembers.userId })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, 'stakeholder')))
      .all()
      .map((m) => m.userId),
  );
  const phases = new Set(
    conn
      .select({ key: methodologyPhases.key })
      .from(methodologyPhases)
      .where(eq(methodologyPhases.methodologyId, project.methodologyId))
      .all()
      .map((p) => p.key),
  );
  const keys = new Map(
    conn
      .select({ id: requirements.id, key: requirements.key })
      .from(requirements)
      .where(eq(requirements.projectId, projectId))
      .all()
      .map((r) => [r.key, r.id]),
  );
  return { people, stakeholders, phases, keys };
}
type ProjectFacts = ReturnType<typeof projectFacts>;

/** The next free REQ- number: one more than the highest in the project. */
function nextNumber(keys: Iterable<string>): number {
  let max = 0;
  for (const key of keys) {
    const n = Number(key.replace(/^REQ-/, ''));
    if (Number.isFinite(n) && n > max) max = n;
  }
  return max + 1;
}

type ParsedRow = { line: number; content: RequirementContent; ownerEmail: string; linkKeys: string[] };

/** What of a row depends on the project (owner, phase, links), as problems; [] when all hold. */
function projectProblems(row: Pick<ParsedRow, 'content' | 'linkKeys'>, facts: ProjectFacts): string[] {
  const problems: string[] = [];
  if (!facts.phases.has(row.content.phaseKey)) problems.push('phase: Choose one of the project’s phases.');
  if (!facts.stakeholders.has(row.content.ownerId)) problems.push('owner_email: The owner must be a stakeholder of this project.');
  for (const key of row.linkKeys) if (!facts.keys.has(key)) problems.push(`links: there is no ${key} in this project`);
  return problems;
}

/**
 * Imports requirements from CSV (columns in `importColumns`; acceptance criteria separated by "|",
 * links as keys separated by spaces or ";"), `importLimits`. Every row is checked first, a few hundred
 * at a time between turns of the event loop; if any is bad, every bad row is reported with its line
 * number and nothing is imported. Then one transaction checks again what others could have changed
 * meanwhile and writes every row in bulk: the work grows with the rows, not with rows times the project.
 */
export const importRequirements = defineAsyncCommand({
  input: z.object({
    projectId: id(),
    csv: z
      .string()
      .max(maxImportBytes, importTooLarge)
      .refine((csv) => Buffer.byteLength(csv, 'utf8') <= maxImportBytes, importTooLarge),
  }),
  prepare: async ({ db, actor }, input): Promise<ParsedRow[]> => {
    requireProjectPermission(db, actor, input.projectId, 'requirement.write');
    const parsed = parseCsv(input.csv);
    if ('error' in parsed) throw new ImportRefused([{ line: parsed.line, message: parsed.error }]);
    const missing = importColumns.filter((c) => c !== 'links' && !parsed.header.includes(c));
    if (missing.length > 0) throw new ImportRefused([{ line: 1, message: `Missing column(s): ${missing.join(', ')}.` }]);
    if (parsed.records.length === 0) throw new ImportRefused([{ line: 2, message: 'The file has no rows under its header.' }]);
    if (parsed.records.length > maxImportRows) {
      const said = `has ${parsed.records.length.toLocaleString('en-US')} rows; an import takes at most ${maxImportRows.toLocaleString('en-US')}`;
      throw new ImportRefused(
        [{ line: parsed.records.at(maxImportRows)!.line, message: `The file ${said}. Split the file.` }],
        `Nothing was imported: the file ${said}.`,
      );
    }
    const column = new Map(parsed.header.map((name, i) => [name, i]));
    const col = (cells: string[], name: string) => (cells[column.get(name) ?? -1] ?? '').trim();

    const emails = [...new Set(parsed.records.map((r) => col(r.cells, 'owner_email').toLowerCase()).filter(Boolean))];
    const facts = projectFacts(db, input.projectId, emails);
    const problems: ImportProblem[] = [];
    const rows: ParsedRow[] = [];
    for (const [index, { line, cells }] of parsed.records.entries()) {
      if (index > 0 && index % rowsPerTurn === 0) await nextTurn();
      const rowProblems: string[] = [];
      if (cells.length !== parsed.header.length) rowProblems.push(`has ${cells.length} cells where the header has ${parsed.header.length}`);
      const ownerEmail = col(cells, 'owner_email').toLowerCase();
      const ownerId = facts.people.get(ownerEmail);
      if (ownerId === undefined) rowProblems.push(ownerEmail ? `owner_email: nobody has the email ${ownerEmail}` : 'owner_email: give the owner’s email');
      const content = requirementContentSchema.safeParse({
        title: col(cells, 'title'),
        description: col(cells, 'description'),
        category: col(cells, 'category').toLowerCase(),
        priority: col(cells, 'priority').toLowerCase(),
        ownerId: ownerId ?? 0,
        phaseKey: col(cells, 'phase').toLowerCase(),
        acceptanceCriteria: col(cells, 'acceptance_criteria')
          .split('|')
          .map((c) => c.trim())
          .filter(Boolean),
        examples: [],
      });
      if (!content.success)
        for (const issue of content.error.issues) if (issue.path[0] !== 'ownerId') rowProblems.push(`${String(issue.path[0] ?? 'row')}: ${issue.message}`);
      const linkKeys = [
        ...new Set(
          col(cells, 'links')
            .split(/[\s;]+/)
            .map((k) => k.trim().toUpperCase())
            .filter(Boolean),
        ),
      ];
      if (content.success && ownerId !== undefined) rowProblems.push(...projectProblems({ content: content.data, linkKeys }, facts));
      else for (const key of linkKeys) if (!facts.keys.has(key)) rowProblems.push(`links: there is no ${key} in this project`);
      if (rowProblems.length > 0) problems.push({ line, message: rowProblems.join('; ') });
      else if (content.success) rows.push({ line, content: content.data, ownerEmail, linkKeys });
    }
    if (problems.length > 0) throw new ImportRefused(problems);
    return rows;
  },
  handle: ({ tx, actor, at }, input, rows) => {
    requireProjectPermission(tx, actor, input.projectId, 'requirement.write');
    // The rows were checked before the transaction: check again what someone could have changed since.
    const facts = projectFacts(tx, input.projectId, [...new Set(rows.map((r) => r.ownerEmail))]);
    const problems: ImportProblem[] = [];
    for (const row of rows) {
      const moved =
        facts.people.get(row.ownerEmail) === row.content.ownerId ? projectProblems(row, facts) : [`owner_email: ${row.ownerEmail} changed meanwhile`];
      if (moved.length > 0) problems.push({ line: row.line, message: moved.join('; ') });
    }
    if (problems.length > 0) throw new ImportRefused(problems);

    const created = insertRequirementsInBulk(tx, {
      actor,
      at,
      projectId: input.projectId,
      firstNumber: nextNumber(facts.keys.keys()),
      rows: rows.map((r) => ({ content: r.content, linkIds: r.linkKeys.map((k) => facts.keys.get(k)!) })),
    });
    // One act, one audit row: every requirement it created, with the content and fingerprint of its version 1.
    emitAudit(tx, {
      at,
      actor,
      projectId: input.projectId,
      action: 'requirement.imported',
      subjectType: 'project',
      subjectId: input.projectId,
      toState: 'draft',
      after: {
        count: created.length,
        keys: created.map((c) => c.key),
        requirements: created.map((c, i) => ({ key: c.key, ...rows[i]!.content, fingerprint: c.fingerprint, links: rows[i]!.linkKeys })),
      },
    });
    return created.map((c) => c.key);
  },
});
