import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { defects } from '~/db/schema';
import { defineCommand } from '../command';
import { id, text } from '../input';
import { type DefectEvent, defectWorkflow } from '../machines/defect';
import { inProject, requireProjectPermission } from '../project-access';
import { applyEvent } from '../runtime';

export const defectActions = ['START', 'FIX', 'VERIFY', 'CLOSE', 'REOPEN'] as const;
export type DefectAction = (typeof defectActions)[number];
const labels = { START: 'started', FIX: 'fixed', VERIFY: 'verified', CLOSE: 'closed', REOPEN: 'reopened' } as const satisfies Record<DefectAction, string>;

export const advanceDefectInput = z.object({
  defectId: id(),
  /** The project of the URL the request came under: a subject of another project is not found there. */
  projectId: id(),
  action: z.enum(defectActions, 'Choose what to do with the defect.'),
  /** The fix note (FIX) or the reason (REOPEN). */
  text: text({ max: 4000 }).default(''),
});

/** Moves a defect through its workflow; the machine decides who may (the fixer never verifies). */
export const advanceDefect = defineCommand({
  input: advanceDefectInput,
  handle: ({ tx, actor, at }, input) => {
    const defect = inProject(tx.select().from(defects).where(eq(defects.id, input.defectId)).get(), input.projectId, 'No such defect in this project.');
    const { roles } = requireProjectPermission(tx, actor, defect.projectId, 'test.view');
    const me = { id: actor.id, roles };
    const event: DefectEvent =
      input.action === 'FIX'
        ? { type: 'FIX', actor: me, note: input.text }
        : input.action === 'REOPEN'
          ? { type: 'REOPEN', actor: me, reason: input.text }
          : { type: input.action, actor: me };
    const label = labels[input.action];
    return applyEvent(tx, defectWorkflow, {
      instanceId: defect.instanceId,
      event,
      actor,
      at,
      audit: {
        action: `defect.${label}`,
        subjectType: 'defect',
        subjectId: defect.key,
        detail: input.text ? `${defect.key} ${label}: ${input.text}` : `${defect.key} ${label}.`,
      },
    });
  },
});
