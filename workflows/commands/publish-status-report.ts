import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { statusReports } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { refused } from '../errors';
import { id } from '../input';
import { requireProjectPermission } from '../project-access';
import { loadReport, snapshotNow } from '../status/reports';

export const publishStatusReportInput = z.object({ projectId: id(), reportId: id() });

/** The PM publishes a draft: the computed status, every rule's figure and the PM's colour are frozen with it. */
export const publishStatusReport = defineCommand({
  input: publishStatusReportInput,
  handle: ({ tx, actor, at, day }, data) => {
    requireProjectPermission(tx, actor, data.projectId, 'report.write');
    const report = loadReport(tx, data.projectId, data.reportId);
    if (report.state !== 'draft') throw refused('This report is published already.');
    const snapshot = snapshotNow(tx, data.projectId, day);
    const row = tx
      .update(statusReports)
      .set({ state: 'published', snapshot, publishedBy: actor.id, publishedAt: at.toISOString() })
      .where(eq(statusReports.id, report.id))
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'report.published',
      subjectType: 'status_report',
      subjectId: report.id,
      fromState: 'draft',
      toState: 'published',
      after: { period: report.period, colour: snapshot.status.colour, override: snapshot.override?.colour ?? null },
    });
    return row;
  },
});
