import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { defects, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, optionalId } from '../input';
import { inProject, requireProjectPermission, rolesOn } from '../project-access';

export const assignDefectInput = z.object({
  defectId: id(),
  /** The project of the URL the request came under: a subject of another project is not found there. */
  projectId: id(),
  /** Who works on it now; empty to leave it unassigned. */
  assigneeId: optionalId(),
});

/**
 * Names who works on a defect now: someone on the project who fixes defects (the analyst or the PM), or
 * a vendor representative of the project when the vendor's firm owes the fix: the firm's defect service
 * level then counts it (workflows/vendors/commitments.ts, the scorecard). Marking it fixed stays with the
 * analyst or PM who applies the fix.
 */
export const assignDefect = defineCommand({
  input: assignDefectInput,
  handle: ({ tx, actor, at }, data) => {
    const defect = inProject(tx.select().from(defects).where(eq(defects.id, data.defectId)).get(), data.projectId, 'No such defect in this project.');
    requireProjectPermission(tx, actor, defect.projectId, 'defect.assign');
    const assigneeId = data.assigneeId ?? null;
    if (assigneeId === defect.assigneeId) return defect;
    let name: string | null = null;
    if (assigneeId !== null) {
      const person = tx.select().from(users).where(eq(users.id, assigneeId)).get();
      const roles = person ? rolesOn(tx, person.id, defect.projectId) : [];
      if (!person || !(roles.includes('analyst') || roles.includes('pm') || roles.includes('vendor')))
        throw invalid('Check the highlighted fields.', {
          assigneeId: 'Choose someone on this project who fixes defects (an analyst, the PM, or a vendor representative).',
        });
      name = person.name;
    }
    const row = tx.update(defects).set({ assigneeId }).where(eq(defects.id, defect.id)).returning().get();
    emitAudit(tx, {
      at,
      actor,
      projectId: defect.projectId,
      action: 'defect.assigned',
      subjectType: 'defect',
      subjectId: defect.key,
      before: { assigneeId: defect.assigneeId },
      after: { assigneeId },
      detail: name ? `${defect.key} assigned to ${name}` : `${defect.key} unassigned`,
    });
    return row;
  },
});
