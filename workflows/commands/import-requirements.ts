import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { requirements, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { parseCsv } from '../csv';
import { DomainError } from '../errors';
import { id } from '../input';
import { requireProjectPermission } from '../project-access';
import { requirementContentSchema } from '../requirements/content';
import { checkContentInProject, insertRequirement } from '../requirements/insert';

export const importColumns = ['title', 'description', 'category', 'priority', 'owner_email', 'phase', 'acceptance_criteria', 'links'] as const;

/** The largest CSV an import accepts (the page says so too). */
export const maxImportBytes = 5 * 1024 * 1024;

export type ImportProblem = { line: number; message: string };

/** Refused import: every bad row, by its line in the file. Nothing was imported. */
export class ImportRefused extends DomainError {
  constructor(problems: ImportProblem[]) {
    super('invalid', `Nothing was imported: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the file.`, {}, problems);
  }
}

/**
 * Imports requirements from CSV (columns in `importColumns`; acceptance criteria separated by "|",
 * links as keys separated by spaces or ";"). Every row is checked first; if any is bad, every bad row
 * is reported with its line number and nothing is imported.
 */
export const importRequirements = defineCommand({
  input: z.object({ projectId: id(), csv: z.string().max(maxImportBytes, 'The file is larger than 5 MB.') }),
  handle: ({ tx, actor, at }, input) => {
    const parsed = parseCsv(input.csv);
    if ('error' in parsed) throw new ImportRefused([{ line: parsed.line, message: parsed.error }]);
    const missing = importColumns.filter((c) => c !== 'links' && !parsed.header.includes(c));
    if (missing.length > 0) throw new ImportRefused([{ line: 1, message: `Missing column(s): ${missing.join(', ')}.` }]);
    if (parsed.records.length === 0) throw new ImportRefused([{ line: 2, message: 'The file has no rows under its header.' }]);
    const col = (cells: string[], name: string) => (cells[parsed.header.indexOf(name)] ?? '').trim();

    requireProjectPermission(tx, actor, input.projectId, 'requirement.write');
    const problems: ImportProblem[] = [];
    const rows = parsed.records.map(({ line, cells }) => {
      const rowProblems: string[] = [];
      if (cells.length !== parsed.header.length) rowProblems.push(`has ${cells.length} cells where the header has ${parsed.header.length}`);
      const email = col(cells, 'owner_email').toLowerCase();
      const owner = email ? tx.select().from(users).where(sql`lower(${users.email}) = ${email}`).get() : undefined;
      if (!owner) rowProblems.push(email ? `owner_email: nobody has the email ${email}` : 'owner_email: give the owner’s email');
      const content = requirementContentSchema.safeParse({
        title: col(cells, 'title'),
        description: col(cells, 'description'),
        category: col(cells, 'category').toLowerCase(),
        priority: col(cells, 'priority').toLowerCase(),
        ownerId: owner?.id ?? 0,
        phaseKey: col(cells, 'phase').toLowerCase(),
        acceptanceCriteria: col(cells, 'acceptance_criteria')
          .split('|')
          .map((c) => c.trim())
          .filter(Boolean),
        examples: [],
      });
      if (!content.success)
        for (const issue of content.error.issues) if (issue.path[0] !== 'ownerId') rowProblems.push(`${String(issue.path[0] ?? 'row')}: ${issue.message}`);
      if (content.success && owner)
        for (const [field, message] of Object.entries(checkContentInProject(tx, input.projectId, content.data)))
          rowProblems.push(`${field === 'phaseKey' ? 'phase' : 'owner_email'}: ${message}`);
      const linkKeys = col(cells, 'links')
        .split(/[\s;]+/)
        .map((k) => k.trim().toUpperCase())
        .filter(Boolean);
      for (const key of linkKeys)
        if (
          !tx
            .select()
            .from(requirements)
            .where(and(eq(requirements.projectId, input.projectId), eq(requirements.key, key)))
            .get()
        )
          rowProblems.push(`links: there is no ${key} in this project`);
      if (rowProblems.length > 0) problems.push({ line, message: rowProblems.join('; ') });
      return { content: content.success ? content.data : null, linkKeys };
    });
    if (problems.length > 0) throw new ImportRefused(problems);

    const created = rows.map((r) => insertRequirement(tx, { actor: actor, at, projectId: input.projectId, content: r.content!, linkKeys: r.linkKeys }));
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: input.projectId,
      action: 'requirement.imported',
      subjectType: 'project',
      subjectId: input.projectId,
      after: { count: created.length, keys: created.map((c) => c.requirement.key) },
    });
    return created.map((c) => c.requirement.key);
  },
});
