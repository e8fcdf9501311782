import { z } from 'zod';
import { defineCommand } from '../command';
import { id, optionalVersion } from '../input';
import { applyRecoveryEvent, loadRecoveryFor } from '../recovery/access';

export const presentRecoveryInput = z.object({ projectId: id(), expectedVersion: optionalVersion() });

/** The PM presents the assessment to leadership: every area rated with findings, accomplishments and causes listed. */
export const presentRecovery = defineCommand({
  input: presentRecoveryInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadRecoveryFor(tx, actor, data.projectId, 'recovery.write');
    return applyRecoveryEvent(tx, loaded, {
      event: { type: 'PRESENT', actor: loaded.party, at: at.toISOString() },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'recovery.presented',
      detail: 'Assessment presented to leadership.',
    });
  },
});
