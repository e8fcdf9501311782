import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { methodologies, statusThresholds } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { forbidden, invalid } from '../errors';
import { id } from '../input';
import { statusRuleIds, statusRules } from '../status/rules';
import { thresholdsFor } from '../status/thresholds';

const figure = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number('A whole number from 0 (0: off).').int('A whole number from 0 (0: off).').min(0, 'A whole number from 0 (0: off).').max(10_000),
);

export const setStatusThresholdsInput = z.object({
  methodologyId: id(),
  thresholds: z.record(z.string(), z.object({ amber: figure, red: figure })),
});

/**
 * An admin sets a methodology's status thresholds: per rule, the figure from which it is amber and the
 * one from which it is red (0 switches one off; red below amber is refused). Audited with before and after.
 */
export const setStatusThresholds = defineCommand({
  input: setStatusThresholdsInput,
  handle: ({ tx, actor, at }, data) => {
    if (!actor.isAdmin) throw forbidden('Only an administrator sets the status rules’ thresholds.');
    const methodology = tx.select().from(methodologies).where(eq(methodologies.id, data.methodologyId)).get();
    if (!methodology) throw invalid('Choose a methodology.', { methodologyId: 'Choose a methodology.' });
    const errors: Record<string, string> = {};
    for (const [rule, t] of Object.entries(data.thresholds)) {
      if (!(statusRuleIds as string[]).includes(rule)) errors[rule] = 'No such rule.';
      else if (t.red > 0 && t.amber > 0 && t.red < t.amber) errors[`red.${rule}`] = 'Red starts at or above amber.';
    }
    if (Object.keys(errors).length) throw invalid('Check the highlighted fields.', errors);
    const before = thresholdsFor(tx, methodology.id);
    for (const [rule, t] of Object.entries(data.thresholds)) {
      const existing = tx
        .select()
        .from(statusThresholds)
        .where(and(eq(statusThresholds.methodologyId, methodology.id), eq(statusThresholds.rule, rule)))
        .get();
      if (existing)
        tx.update(statusThresholds)
          .set({ amber: t.amber, red: t.red, updatedBy: actor.id, updatedAt: at.toISOString() })
          .where(eq(statusThresholds.id, existing.id))
          .run();
      else
        tx.insert(statusThresholds)
          .values({ methodologyId: methodology.id, rule, amber: t.amber, red: t.red, updatedBy: actor.id, updatedAt: at.toISOString() })
          .run();
    }
    const after = thresholdsFor(tx, methodology.id);
    emitAudit(tx, {
      at,
      actor,
      action: 'status.thresholds_set',
      subjectType: 'methodology',
      subjectId: methodology.key,
      before,
      after,
      detail: `Status thresholds of ${methodology.name}: ${
        statusRules
          .filter((r) => JSON.stringify(before[r.id]) !== JSON.stringify(after[r.id]))
          .map((r) => `${r.label} amber ${after[r.id].amber}, red ${after[r.id].red}`)
          .join('; ') || 'unchanged'
      }.`,
    });
    return after;
  },
});
