import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { e3Cycles, workflowInstances } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { cyclesOf } from '../e3/cycle';
import { forbidden, invalid } from '../errors';
import { id } from '../input';
import { e3CycleWorkflow } from '../machines/e3-cycle';
import { requireProjectPermission, rolesOn } from '../project-access';
import { createInstance } from '../runtime';

export const startE3CycleInput = z.object({
  projectId: id(),
  sponsorId: id('Choose the sponsor: a stakeholder of this project.'),
});

/**
 * The PM starts an E3 cycle and names its sponsor, a stakeholder of the project who is not the PM: the
 * sponsor signs the baseline and each review. A project may run a new cycle (a new baseline) later;
 * the earlier ones stay as they were signed.
 */
export const startE3Cycle = defineCommand({
  input: startE3CycleInput,
  handle: ({ tx, actor, at }, data) => {
    const { roles } = requireProjectPermission(tx, actor, data.projectId, 'e3.write');
    if (!roles.includes('pm')) throw forbidden('Only the project manager starts an E3 cycle.');
    if (data.sponsorId === actor.id)
      throw invalid('Check the highlighted fields.', { sponsorId: 'The sponsor is not the project manager who runs the cycle.' });
    if (!rolesOn(tx, data.sponsorId, data.projectId).includes('stakeholder'))
      throw invalid('Check the highlighted fields.', { sponsorId: 'The sponsor is a stakeholder of this project.' });
    const number = (cyclesOf(tx, data.projectId)[0]?.cycle.number ?? 0) + 1;
    const instance = createInstance(tx, e3CycleWorkflow, {
      input: { sponsorId: data.sponsorId, startedBy: actor.id },
      subjectType: 'e3_cycle',
      subjectId: null,
      projectId: data.projectId,
      at,
    });
    const cycle = tx
      .insert(e3Cycles)
      .values({ projectId: data.projectId, number, sponsorId: data.sponsorId, startedBy: actor.id, instanceId: instance.id, createdAt: at.toISOString() })
      .returning()
      .get();
    tx.update(workflowInstances).set({ subjectId: cycle.id }).where(eq(workflowInstances.id, instance.id)).run();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'e3.cycle_started',
      subjectType: 'e3_cycle',
      subjectId: number,
      toState: 'establishing',
      after: { sponsorId: data.sponsorId },
    });
    return cycle;
  },
});
