import { eq } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { changeRequests, workflowInstances } from '~/db/schema';
import { emitAudit } from '../audit';
import { invalid } from '../errors';
import { changeRequestWorkflow } from '../machines/change-request';
import type { Actor } from '../policy/roles';
import { requireProjectPermission, rolesOn } from '../project-access';
import { createInstance } from '../runtime';
import { nextChangeKey } from './access';

export type RaisedChange = { projectId: number; title: string; description: string; deciderId: number };

/**
 * Raising a change request: the step shared by the change-request command and what raises a change
 * from something else (an E3 finding, workflows/commands/raise-change-from-finding.ts), in the caller's transaction.
 */
export function raiseChange({ tx, actor, at }: { tx: Tx; actor: Actor; at: Date }, data: RaisedChange) {
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
}
