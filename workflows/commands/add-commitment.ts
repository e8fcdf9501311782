import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { commitments, vendorFirms } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, isoDate, severity, text } from '../input';
import { requireVendorAccess } from '../vendors/access';

const common = {
  projectId: id(),
  firmId: id('Choose the vendor firm.'),
  text: text({ max: 1000, min: 5, message: 'Say what the vendor commits to (at least 5 characters).' }),
};
const businessDays = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z
    .number('Enter the business days, 1 to 60.')
    .int('Enter whole business days.')
    .min(1, 'Enter the business days, 1 to 60.')
    .max(60, 'Enter the business days, 1 to 60.'),
);

export const addCommitmentInput = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('dated'), dueDate: isoDate() }),
  z.object({ ...common, kind: z.literal('defect_sla'), severity: severity(), businessDays }),
]);

/**
 * The PM records a vendor commitment that is not a deliverable: a dated promise, or a defect service
 * level (defects of a severity or worse assigned to the firm's people fixed within business days).
 */
export const addCommitment = defineCommand({
  input: addCommitmentInput,
  handle: ({ tx, actor, at }, data) => {
    requireVendorAccess(tx, actor, data.projectId, 'vendor.manage');
    if (!tx.select().from(vendorFirms).where(eq(vendorFirms.id, data.firmId)).get())
      throw invalid('Check the highlighted fields.', { firmId: 'No such vendor firm.' });
    const row = tx
      .insert(commitments)
      .values({
        projectId: data.projectId,
        firmId: data.firmId,
        text: data.text,
        kind: data.kind,
        dueDate: data.kind === 'dated' ? data.dueDate : null,
        severity: data.kind === 'defect_sla' ? data.severity : null,
        businessDays: data.kind === 'defect_sla' ? data.businessDays : null,
        createdBy: actor.id,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'commitment.added',
      subjectType: 'commitment',
      subjectId: row.id,
      toState: 'open',
      after: data,
    });
    return row;
  },
});
