import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { programmeEvents, programmePeriods, programmeResults } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { periodPattern, programmePeriodOf } from '../e3/data';
import { maxProgrammeBytes, parseEvents, parseResults } from '../e3/programme-files';
import { DomainError, invalid } from '../errors';
import { checkbox, id, isoDate } from '../input';
import { requireProjectPermission } from '../project-access';

const tooLarge = 'The file is larger than 5 MB: a period’s file is at most 5 MB.';
const csvText = (optional: boolean) =>
  z
    .string()
    .max(maxProgrammeBytes, tooLarge)
    .refine((csv) => Buffer.byteLength(csv, 'utf8') <= maxProgrammeBytes, tooLarge)
    .refine((csv) => optional || csv.trim() !== '', 'Choose the results file or paste its content.');

export const uploadProgrammeDataInput = z
  .object({
    projectId: id(),
    period: z.string().trim().regex(periodPattern, 'Name the period as 2025-Q1, 2025-M07 or 2025-H1.'),
    closeDate: isoDate(),
    paymentDate: isoDate(),
    results: csvText(false),
    events: csvText(true).default(''),
    /** Replace a period already uploaded (the page asks to confirm). */
    replace: checkbox(),
  })
  .refine((d) => d.paymentDate >= d.closeDate, { path: ['paymentDate'], message: 'Payment is on or after the close date.' });

/**
 * The PM or an analyst uploads one period's production results: the results file (payouts per
 * participant and component, with quota, credited revenue and cap flags) and the events file
 * (disputes and adjustments), with the calculation cycle's close and payment dates. Every bad line
 * of either file is reported and nothing is kept. A period already uploaded is replaced only when
 * asked; a signed baseline or review keeps the values it was signed with (workflows/e3/cycle.ts).
 */
export const uploadProgrammeData = defineCommand({
  input: uploadProgrammeDataInput,
  handle: ({ tx, actor, at }, data) => {
    requireProjectPermission(tx, actor, data.projectId, 'e3.write');
    const existing = programmePeriodOf(tx, data.projectId, data.period);
    if (existing && !data.replace)
      throw invalid('Check the highlighted fields.', { period: `${data.period} is already uploaded: tick “replace” to replace its data.` });
    const results = parseResults(data.results);
    const events = parseEvents(data.events, new Set(results.rows.map((r) => r.participant)));
    const problems = [...results.problems, ...events.problems];
    if (problems.length > 0)
      throw new DomainError('invalid', `Nothing was uploaded: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the files.`, {}, problems);

    const values = { closeDate: data.closeDate, paymentDate: data.paymentDate, uploadedBy: actor.id, uploadedAt: at.toISOString() };
    let periodId: number;
    if (existing) {
      tx.delete(programmeResults).where(eq(programmeResults.periodId, existing.id)).run();
      tx.delete(programmeEvents).where(eq(programmeEvents.periodId, existing.id)).run();
      tx.update(programmePeriods).set(values).where(eq(programmePeriods.id, existing.id)).run();
      periodId = existing.id;
    } else {
      periodId = tx
        .insert(programmePeriods)
        .values({ projectId: data.projectId, period: data.period, ...values })
        .returning({ id: programmePeriods.id })
        .get().id;
    }
    for (let i = 0; i < results.rows.length; i += 500)
      tx.insert(programmeResults)
        .values(
          results.rows.slice(i, i + 500).map((r) => ({
            periodId,
            participant: r.participant,
            component: r.component,
            payout: r.payout,
            capped: r.capped ? 1 : 0,
            quota: r.quota,
            creditedRevenue: r.creditedRevenue,
          })),
        )
        .run();
    for (let i = 0; i < events.rows.length; i += 500)
      tx.insert(programmeEvents)
        .values(
          events.rows
            .slice(i, i + 500)
            .map((e) => ({ periodId, kind: e.kind, participant: e.participant, amount: e.amount, raisedOn: e.raisedOn, resolvedOn: e.resolvedOn })),
        )
        .run();
    const participants = new Set(results.rows.map((r) => r.participant)).size;
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: existing ? 'e3.data_replaced' : 'e3.data_uploaded',
      subjectType: 'programme_period',
      subjectId: data.period,
      before: existing ? { closeDate: existing.closeDate, paymentDate: existing.paymentDate } : undefined,
      after: { closeDate: data.closeDate, paymentDate: data.paymentDate, resultLines: results.rows.length, eventLines: events.rows.length, participants },
      detail: `${data.period}: ${results.rows.length} result lines (${participants} participants), ${events.rows.length} events.`,
    });
    return { periodId, period: data.period, resultLines: results.rows.length, eventLines: events.rows.length, participants };
  },
});
