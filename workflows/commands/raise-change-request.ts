import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { changeRequests, workflowInstances } from '~/db/schema';
import { emitAudit } from '../audit';
import { nextChangeKey } from '../changes/access';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, text } from '../input';
import { changeRequestWorkflow } from '../machines/change-request';
import { requireProjectPermission, rolesOn } from '../project-access';
import { createInstance } from '../runtime';

export const raiseChangeRequestInput = z.object({
  projectId: id(),
  title: text({ max: 200, min: 5, message: 'Give the change a title (at least 5 characters).' }),
  description: text({ max: 4000, min: 10, message: 'Describe the change and why it is needed (at least 10 characters).' }),
  deciderId: id('Choose who decides it: the sponsor or a stakeholder.'),
});

/**
 * Anyone who may raise a change names what changes, why, and who decides it: a stakeholder of the
 * project (the sponsor or another), never themselves. It starts raised, waiting for its impact.
 */
export const raiseChangeRequest = defineCommand({
  input: raiseChangeRequestInput,
  handle: ({ tx, actor, at }, data) => {
    requireProjectPermission(tx, actor, data.projectId, 'change.raise');
    if (data.deciderId === actor.id)
      throw invalid('Check the highlighted fields.', { deciderId: 'Whoever raises a change never decides it: name someone else.' });
    if (!rolesOn(tx, data.deciderId, data.projectId).includes('stakeholder'))
      throw invalid('Check the highlighted fields.', { deciderId: 'The decider is the sponsor or another stakeholder of this project.' });
    const key = nextChangeKey(tx, data.projectId);
    const instance = createInstance(tx, changeRequestWorkflow, {
      input: { key, requesterId: actor.id, deciderId: data.deciderId },
      subjectType: 'change_request',
      subjectId: null,
      projectId: data.projectId,
      at,
    });
    const change = tx
      .insert(changeRequests)
      .values({
        projectId: data.projectId,
        key,
        title: data.title,
        description: data.description,
        requestedBy: actor.id,
        deciderId: data.deciderId,
        instanceId: instance.id,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    tx.update(workflowInstances).set({ subjectId: change.id }).where(eq(workflowInstances.id, instance.id)).run();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'change.raised',
      subjectType: 'change_request',
      subjectId: key,
      toState: 'raised',
      after: { title: data.title, description: data.description, deciderId: data.deciderId },
    });
    return change;
  },
});
