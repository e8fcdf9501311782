import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { commitments } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { notFound, refused } from '../errors';
import { id, text } from '../input';
import { requireVendorAccess } from '../vendors/access';

export const recordCommitmentInput = z.object({
  projectId: id(),
  commitmentId: id(),
  status: z.enum(['met', 'missed'], 'Choose met or missed.'),
  note: text({ max: 2000 }).default(''),
});

/** The PM records whether a dated commitment was met or missed; a defect service level is computed, never recorded. */
export const recordCommitment = defineCommand({
  input: recordCommitmentInput,
  handle: ({ tx, actor, at }, data) => {
    requireVendorAccess(tx, actor, data.projectId, 'vendor.manage');
    const row = tx.select().from(commitments).where(eq(commitments.id, data.commitmentId)).get();
    if (!row || row.projectId !== data.projectId) throw notFound('No such commitment in this project.');
    if (row.kind === 'defect_sla') throw refused('A defect service level is computed from the defects assigned to the firm: it is not recorded by hand.');
    tx.update(commitments)
      .set({ status: data.status, statusNote: data.note, recordedBy: actor.id, recordedAt: at.toISOString() })
      .where(eq(commitments.id, row.id))
      .run();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'commitment.recorded',
      subjectType: 'commitment',
      subjectId: row.id,
      fromState: row.status,
      toState: data.status,
      detail: `${row.text}: ${data.status}${data.note ? ` (${data.note})` : ''}`,
    });
    return { ...row, status: data.status };
  },
});
