import { and, eq } from 'drizzle-orm';
import { defects, varianceClasses, varianceClassifications } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { defectWorkflow } from '../machines/defect';
import { createInstance } from '../runtime';
import { loadParallelRunFor } from '../testing/parallel-load';
import { type CommandContext, immediate } from './context';

/**
 * Explains one variance line: an expected design change, a data issue, or a defect (which creates a
 * defect, or links an existing one by key).
 */
export function classifyVariance(
  ctx: CommandContext,
  input: { runId: number; participantId: string; componentId: string; classification: string; note: string; defectKey?: string; severity?: number },
) {
  if (!(varianceClasses as readonly string[]).includes(input.classification))
    throw invalid('Check the highlighted fields.', { classification: 'Choose a classification.' });
  const note = input.note.trim();
  if (note.length < 3) throw invalid('Check the highlighted fields.', { note: 'Say why (at least 3 characters).' });
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const { run } = loadParallelRunFor(tx, ctx.actor, input.runId, 'test.write');
    const line = run.lines.find((l) => l.participantId === input.participantId && l.componentId === input.componentId);
    if (!line) throw invalid('That line is not in this variance report.');
    let defectId: number | null = null;
    if (input.classification === 'defect') {
      const key = input.defectKey?.trim().toUpperCase();
      if (key) {
        const existing = tx.select().from(defects).where(and(eq(defects.projectId, run.projectId), eq(defects.key, key))).get();
        if (!existing) throw invalid('Check the highlighted fields.', { defectKey: `There is no ${key} in this project.` });
        defectId = existing.id;
      } else {
        const severity = Number(input.severity ?? 3);
        if (!(severity >= 1 && severity <= 4)) throw invalid('Check the highlighted fields.', { severity: 'Severity is 1 to 4.' });
        const number = tx.select({ id: defects.id }).from(defects).where(eq(defects.projectId, run.projectId)).all().length + 1;
        const instance = createInstance(tx, defectWorkflow, { input: undefined, subjectType: 'defect', subjectId: null, projectId: run.projectId, at });
        const defect = tx
          .insert(defects)
          .values({
            projectId: run.projectId,
            key: `DEF-${String(number).padStart(3, '0')}`,
            title: `Parallel run variance: ${line.participantId} ${line.componentId} ${line.variance}`,
            severity,
            steps: `${run.name}, ${run.period}: legacy ${line.legacy}, engine ${line.computed}. ${note}`,
            instanceId: instance.id,
            createdBy: ctx.actor.id,
            createdAt: at.toISOString(),
          })
          .returning()
          .get();
        defectId = defect.id;
      }
    }
    const row = tx
      .insert(varianceClassifications)
      .values({
        parallelRunId: run.id,
        participantId: line.participantId,
        componentId: line.componentId,
        classification: input.classification as (typeof varianceClasses)[number],
        note,
        defectId,
        classifiedBy: ctx.actor.id,
        at: at.toISOString(),
      })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor: ctx.actor,
      projectId: run.projectId,
      action: 'parallel.variance_classified',
      subjectType: 'parallel run',
      subjectId: run.id,
      after: { line: `${line.participantId} ${line.componentId}`, variance: line.variance, classification: input.classification, note, defectId },
    });
    return row;
  }, immediate);
}
