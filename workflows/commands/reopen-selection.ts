import { z } from 'zod';
import { defineCommand } from '../command';
import { text } from '../input';
import { applySelectionEvent, loadSelectionFor, selectionRef } from '../selection/access';

export const reopenSelectionInput = z.object({ ...selectionRef, reason: text({ max: 2000 }) });

/** The sponsor reopens a selection in review or decided, with a reason: the decision is voided and the evaluators score again. */
export const reopenSelection = defineCommand({
  input: reopenSelectionInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadSelectionFor(tx, actor, data);
    return applySelectionEvent(tx, loaded, {
      event: { type: 'REOPEN', actor: loaded.party, at: at.toISOString(), reason: data.reason },
      actor,
      at,
      action: 'selection.reopened',
      detail: `${loaded.selection.key} reopened${loaded.context.decision ? ', decision voided' : ''}: ${data.reason}`,
    });
  },
});
