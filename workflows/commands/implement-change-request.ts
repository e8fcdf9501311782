import { z } from 'zod';
import { applyChangeEvent, changeRef, loadChangeFor } from '../changes/access';
import { checkCarriersInProject } from '../changes/impact';
import { defineCommand } from '../command';
import { id, list } from '../input';

export const implementChangeRequestInput = z.object({
  ...changeRef,
  requirementVersionIds: list(id()),
  planVersionIds: list(id()),
  deliverableIds: list(id()),
});

/** An approved change is recorded implemented, linked to the requirement versions, plan versions or deliverables that carry it out. */
export const implementChangeRequest = defineCommand({
  input: implementChangeRequestInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadChangeFor(tx, actor, data);
    const carriers = [
      ...[...new Set(data.requirementVersionIds)].map((id) => ({ kind: 'requirement_version' as const, id })),
      ...[...new Set(data.planVersionIds)].map((id) => ({ kind: 'plan_version' as const, id })),
      ...[...new Set(data.deliverableIds)].map((id) => ({ kind: 'deliverable' as const, id })),
    ];
    checkCarriersInProject(tx, data.projectId, carriers);
    return applyChangeEvent(tx, loaded, {
      event: { type: 'IMPLEMENT', actor: loaded.party, at: at.toISOString(), carriers },
      actor,
      at,
      action: 'change.implemented',
      detail: `${loaded.change.key} implemented by ${carriers.map((c) => `${c.kind.replace('_', ' ')} #${c.id}`).join(', ') || 'nothing'}.`,
      after: { carriers },
    });
  },
});
