import { z } from 'zod';
import { applyChangeEvent, changeRef, loadChangeFor } from '../changes/access';
import { checkImpactInProject, impactFields } from '../changes/impact';
import { defineCommand } from '../command';
import { optionalVersion } from '../input';
import { itemLinks } from '../notifications/links';
import { notify } from '../notifications/notify';

export const assessChangeRequestInput = z.object({ ...changeRef, ...impactFields, expectedVersion: optionalVersion() });

/** The PM or an analyst states the impact (scope, schedule in days per milestone, cost, risks); it may be assessed again until decided. */
export const assessChangeRequest = defineCommand({
  input: assessChangeRequestInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadChangeFor(tx, actor, data);
    const { summary, requirementIds, planIds, deliverableIds, schedule, cost, risks } = data;
    const impact = {
      summary,
      requirementIds: [...new Set(requirementIds)],
      planIds: [...new Set(planIds)],
      deliverableIds: [...new Set(deliverableIds)],
      schedule,
      cost,
      risks,
    };
    checkImpactInProject(tx, data.projectId, impact);
    const applied = applyChangeEvent(tx, loaded, {
      event: { type: 'ASSESS', actor: loaded.party, at: at.toISOString(), impact },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'change.assessed',
      detail: `${loaded.change.key} impact: ${summary}`,
      after: { impact },
    });
    // The impact is what the decider signs: each assessment asks them again.
    notify(tx, {
      userIds: [loaded.context.deciderId],
      projectId: loaded.change.projectId,
      kind: 'signature.requested',
      title: `Decide ${loaded.change.key}: ${loaded.change.title}`,
      body: `${actor.name} assessed the impact of ${loaded.change.key} (“${summary}”); it waits for your decision.`,
      link: itemLinks.change(loaded.change.projectId, loaded.change.id),
      at,
    });
    return applied;
  },
});
