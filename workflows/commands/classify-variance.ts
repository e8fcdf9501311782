import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { defects, parallelRunLines, varianceClasses, varianceClassifications } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid, refused } from '../errors';
import { id, severity, text } from '../input';
import { defectWorkflow } from '../machines/defect';
import { createInstance } from '../runtime';
import { nextDefectKey } from '../testing/keys';
import { loadParallelRunFor } from '../testing/parallel-load';

const minNoteLength = 3;

/**
 * Explains one variance line: an expected design change, a data issue, or a defect (which creates a
 * defect, or links an existing one by key).
 */
export const classifyVarianceInput = z
  .object({
    runId: id(),
    /** The project of the URL the request came under: a subject of another project is not found there. */
    projectId: id(),
    participantId: z.string().max(100),
    componentId: z.string().max(100),
    classification: z.enum(varianceClasses, 'Choose a classification.'),
    /** Why the variance is accepted (a design change, a data issue), or what the defect is: the signers read it. */
    note: text({ max: 4000 }).default(''),
    /** For a defect: an existing defect's key, or empty to log a new one with this severity. */
    defectKey: z.string().trim().toUpperCase().max(20).default(''),
    severity: severity().default(3),
  })
  .refine((v) => v.note.length >= minNoteLength, {
    path: ['note'],
    // Judged once the classification and the note themselves read: the message depends on the classification.
    when: (p) => p.issues.every((i) => i.path?.[0] !== 'classification' && i.path?.[0] !== 'note'),
    error: (issue) =>
      (issue.input as { classification?: string }).classification === 'defect'
        ? `Say what is wrong (at least ${minNoteLength} characters): it becomes the defect's description.`
        : `Say why this variance is accepted (at least ${minNoteLength} characters).`,
  });

export const classifyVariance = defineCommand({
  input: classifyVarianceInput,
  handle: ({ tx, actor, at }, input) => {
    const { note } = input;
    const { run, instance } = loadParallelRunFor(tx, actor, input, 'test.write');
    // The explanations are part of what the signers read and sign: they change only while the report is a draft.
    const state = String(instance.stateValue);
    if (state === 'inReview')
      throw refused(`${run.name} is in review: its signers are reading these explanations, so they cannot change until it is a draft again.`);
    if (state === 'signedOff') throw refused(`${run.name} is signed off: its explanations are part of what was signed and cannot change.`);
    if (state !== 'draft') throw refused(`${run.name} is no longer a draft, so its explanations cannot change.`);
    const line = tx
      .select()
      .from(parallelRunLines)
      .where(
        and(eq(parallelRunLines.runId, run.id), eq(parallelRunLines.participantId, input.participantId), eq(parallelRunLines.componentId, input.componentId)),
      )
      .get();
    if (!line) throw invalid('That line is not in this variance report.');
    let defectId: number | null = null;
    if (input.classification === 'defect') {
      const key = input.defectKey;
      if (key) {
        const existing = tx
          .select()
          .from(defects)
          .where(and(eq(defects.projectId, run.projectId), eq(defects.key, key)))
          .get();
        if (!existing) throw invalid('Check the highlighted fields.', { defectKey: `There is no ${key} in this project.` });
        defectId = existing.id;
      } else {
        const { severity } = input;
        const instance = createInstance(tx, defectWorkflow, { input: undefined, subjectType: 'defect', subjectId: null, projectId: run.projectId, at });
        const defect = tx
          .insert(defects)
          .values({
            projectId: run.projectId,
            key: nextDefectKey(tx, run.projectId),
            title: `Parallel run variance: ${line.participantId} ${line.componentId} ${line.variance}`,
            severity,
            steps: `${run.name}, ${run.period}: legacy ${line.legacy}, engine ${line.computed}. ${note}`,
            instanceId: instance.id,
            createdBy: actor.id,
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
        classification: input.classification,
        note,
        defectId,
        classifiedBy: actor.id,
        at: at.toISOString(),
      })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: run.projectId,
      action: 'parallel.variance_classified',
      subjectType: 'parallel_run',
      subjectId: run.id,
      after: { line: `${line.participantId} ${line.componentId}`, variance: line.variance, classification: input.classification, note, defectId },
    });
    return row;
  },
});
