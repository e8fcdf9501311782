import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { selections, workflowInstances } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, list, text } from '../input';
import { platformSelectionWorkflow } from '../machines/platform-selection';
import { rolesOn } from '../project-access';
import { createInstance } from '../runtime';
import { nextSelectionKey, requireSelectionArea } from '../selection/access';

export const createSelectionInput = z.object({
  projectId: id(),
  title: text({ max: 200, min: 5, message: 'Give the selection a title (at least 5 characters).' }),
  sponsorId: id('Choose the sponsor who signs the lock and the decision.'),
  evaluatorIds: list(id('Choose the evaluators from the list.')).pipe(z.array(z.number()).min(1, 'Name at least one evaluator.')),
});

/**
 * The PM starts a selection, naming its sponsor (a stakeholder of the project, never the PM who sets it
 * up: the sponsor signs the lock and the decision) and its evaluators (stakeholders and analysts). It
 * starts with its criteria drafted.
 */
export const createSelection = defineCommand({
  input: createSelectionInput,
  handle: ({ tx, actor, at }, data) => {
    requireSelectionArea(tx, actor, data.projectId, 'selection.manage');
    const errors: Record<string, string> = {};
    if (data.sponsorId === actor.id) errors.sponsorId = 'Whoever sets a selection up never signs it: name the sponsor.';
    else if (!rolesOn(tx, data.sponsorId, data.projectId).includes('stakeholder')) errors.sponsorId = 'The sponsor is a stakeholder of this project.';
    const evaluatorIds = [...new Set(data.evaluatorIds)];
    if (evaluatorIds.includes(actor.id)) errors.evaluatorIds = 'The project manager runs the selection and does not score it.';
    else if (evaluatorIds.some((e) => !rolesOn(tx, e, data.projectId).some((r) => r === 'stakeholder' || r === 'analyst')))
      errors.evaluatorIds = 'Evaluators are stakeholders or analysts of this project.';
    if (Object.keys(errors).length) throw invalid('Check the highlighted fields.', errors);
    const key = nextSelectionKey(tx, data.projectId);
    const instance = createInstance(tx, platformSelectionWorkflow, {
      input: { key, managerId: actor.id, sponsorId: data.sponsorId, evaluatorIds },
      subjectType: 'selection',
      subjectId: null,
      projectId: data.projectId,
      at,
    });
    const selection = tx
      .insert(selections)
      .values({
        projectId: data.projectId,
        key,
        title: data.title,
        sponsorId: data.sponsorId,
        createdBy: actor.id,
        instanceId: instance.id,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    tx.update(workflowInstances).set({ subjectId: selection.id }).where(eq(workflowInstances.id, instance.id)).run();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'selection.created',
      subjectType: 'selection',
      subjectId: key,
      toState: 'criteriaDrafted',
      after: { title: data.title, sponsorId: data.sponsorId, evaluatorIds },
    });
    return selection;
  },
});
