import { z } from 'zod';
import { defineCommand } from '../command';
import { id, optionalVersion } from '../input';
import { applyRecoveryEvent, loadRecoveryFor } from '../recovery/access';

/** One item per line of a text area; blank lines dropped. */
const lines = (message: string) =>
  z
    .string()
    .max(8000, 'Keep it under 8,000 characters.')
    .transform((v) =>
      v
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(500, 'Keep each line under 500 characters.')).min(1, message).max(50, 'List at most 50 lines.'));

export const summariseRecoveryInput = z.object({
  projectId: id(),
  expectedVersion: optionalVersion(),
  accomplishments: lines('List at least one accomplishment to date, one per line.'),
  causes: lines('List at least one cause of the trouble, one per line.'),
});

/** The PM lists the accomplishments to date beside the causes of the trouble, one per line. */
export const summariseRecovery = defineCommand({
  input: summariseRecoveryInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadRecoveryFor(tx, actor, data.projectId, 'recovery.write');
    return applyRecoveryEvent(tx, loaded, {
      event: { type: 'SUMMARISE', actor: loaded.party, at: at.toISOString(), accomplishments: data.accomplishments, causes: data.causes },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'recovery.summarised',
      detail: `${data.accomplishments.length} accomplishment(s) and ${data.causes.length} cause(s) recorded.`,
    });
  },
});
