import { z } from 'zod';
import { emitAudit } from '../audit';
import { baselinesOf, takeBaseline } from '../changes/schedule';
import { defineCommand } from '../command';
import { conflict, invalid } from '../errors';
import { id } from '../input';
import { recoveryWorkflow } from '../machines/recovery';
import { rolesOn } from '../project-access';
import { loadRecoveryProject, recoverySubject } from '../recovery/access';
import { createInstance } from '../runtime';

export const startRecoveryInput = z.object({
  projectId: id(),
  sponsorId: id('Choose the sponsor: a stakeholder of this project who accepts the corrective plan.'),
});

/**
 * The PM starts the recovery of a recovery project, naming its sponsor (a stakeholder, never
 * themselves): the sponsor alone accepts the corrective plan. The schedule as it stands is the original
 * the plan is compared with: its latest baseline, or one taken now when it has none.
 */
export const startRecovery = defineCommand({
  input: startRecoveryInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadRecoveryProject(tx, actor, data.projectId, 'recovery.write');
    if (loaded.instance) throw conflict('The recovery of this project has already started.');
    if (data.sponsorId === actor.id)
      throw invalid('Check the highlighted fields.', { sponsorId: 'Whoever writes the corrective plan never accepts it: name someone else.' });
    if (!rolesOn(tx, data.sponsorId, data.projectId).includes('stakeholder'))
      throw invalid('Check the highlighted fields.', { sponsorId: 'The sponsor is a stakeholder of this project.' });
    const original = baselinesOf(tx, data.projectId)[0] ?? takeBaseline(tx, actor, at, data.projectId, 'Schedule when the recovery started');
    const instance = createInstance(tx, recoveryWorkflow, {
      input: { pmId: actor.id, sponsorId: data.sponsorId, originalBaselineId: original.id },
      subjectType: recoverySubject,
      subjectId: data.projectId,
      projectId: data.projectId,
      at,
    });
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'recovery.started',
      subjectType: 'recovery',
      subjectId: data.projectId,
      toState: 'assessing',
      after: { sponsorId: data.sponsorId, originalBaseline: original.number },
      detail: `Recovery started; the corrective plan is compared with schedule baseline ${original.number}.`,
    });
    return instance;
  },
});
