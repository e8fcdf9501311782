import { eq } from 'drizzle-orm';
import { defects } from '~/db/schema';
import { nowOf } from '../clock';
import { notFound } from '../errors';
import { type DefectEvent, defectWorkflow } from '../machines/defect';
import { requireProjectPermission } from '../project-access';
import { applyEvent } from '../runtime';
import { type CommandContext, immediate } from './context';

export type DefectAction = 'START' | 'FIX' | 'VERIFY' | 'CLOSE' | 'REOPEN';
const labels: Record<DefectAction, string> = { START: 'started', FIX: 'fixed', VERIFY: 'verified', CLOSE: 'closed', REOPEN: 'reopened' };

/** Moves a defect through its workflow; the machine decides who may (the fixer never verifies). */
export function advanceDefect(ctx: CommandContext, input: { defectId: number; action: DefectAction; text?: string }) {
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const defect = tx.select().from(defects).where(eq(defects.id, input.defectId)).get();
    if (!defect) throw notFound('No such defect.');
    const { roles } = requireProjectPermission(tx, ctx.actor, defect.projectId, 'test.view');
    const actor = { id: ctx.actor.id, roles };
    const text = input.text ?? '';
    const event: DefectEvent =
      input.action === 'FIX'
        ? { type: 'FIX', actor, note: text }
        : input.action === 'REOPEN'
          ? { type: 'REOPEN', actor, reason: text }
          : { type: input.action, actor };
    return applyEvent(tx, defectWorkflow, {
      instanceId: defect.instanceId,
      event,
      actor: ctx.actor,
      at,
      audit: {
        action: `defect.${labels[input.action]}`,
        subjectType: 'defect',
        subjectId: defect.key,
        detail: text ? `${defect.key} ${labels[input.action]}: ${text}` : `${defect.key} ${labels[input.action]}.`,
      },
    });
  }, immediate);
}
