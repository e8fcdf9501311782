import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { statusReports } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { conflict, refused } from '../errors';
import { id, optionalId, optionalVersion, text } from '../input';
import { requireProjectPermission } from '../project-access';
import { loadReport } from '../status/reports';

export const writeStatusReportInput = z.object({
  projectId: id(),
  /** Empty: a new draft; else the draft edited, with the version the form was made from. */
  reportId: optionalId(),
  version: optionalVersion(),
  period: text({ max: 120, min: 3, message: 'Name the period it reports on, e.g. "Week 48".' }),
  summary: text({ max: 4000, min: 10, message: 'Summarise the period (at least 10 characters).' }),
  accomplishments: text({ max: 4000 }).default(''),
  nextSteps: text({ max: 4000 }).default(''),
  asks: text({ max: 4000 }).default(''),
});

/** The PM writes a status report: a new draft, or an edit of a draft against the version shown. A published report is never edited. */
export const writeStatusReport = defineCommand({
  input: writeStatusReportInput,
  handle: ({ tx, actor, at }, data) => {
    requireProjectPermission(tx, actor, data.projectId, 'report.write');
    const words = { period: data.period, summary: data.summary, accomplishments: data.accomplishments, nextSteps: data.nextSteps, asks: data.asks };
    if (data.reportId === null) {
      const row = tx
        .insert(statusReports)
        .values({ projectId: data.projectId, ...words, state: 'draft', version: 0, createdBy: actor.id, createdAt: at.toISOString() })
        .returning()
        .get();
      emitAudit(tx, { at, actor, projectId: data.projectId, action: 'report.drafted', subjectType: 'status_report', subjectId: row.id, after: words });
      return row;
    }
    const report = loadReport(tx, data.projectId, data.reportId);
    if (report.state !== 'draft') throw refused('A published report is never changed: write the next one instead.');
    if (data.version !== undefined && data.version !== report.version)
      throw conflict(`Someone edited this draft since you opened it (version ${report.version}, yours ${data.version}); nothing was saved. Reload it.`);
    const row = tx
      .update(statusReports)
      .set({ ...words, version: report.version + 1 })
      .where(eq(statusReports.id, report.id))
      .returning()
      .get();
    const before = { period: report.period, summary: report.summary, accomplishments: report.accomplishments, nextSteps: report.nextSteps, asks: report.asks };
    emitAudit(tx, { at, actor, projectId: data.projectId, action: 'report.edited', subjectType: 'status_report', subjectId: report.id, before, after: words });
    return row;
  },
});
