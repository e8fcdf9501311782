import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { contracts, vendorFirms } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { amount, id, isoDate, text } from '../input';
import { requireVendorAccess } from '../vendors/access';

export const createContractInput = z.object({
  projectId: id(),
  firmId: id('Choose the vendor firm.'),
  reference: text({ max: 40, min: 1, message: 'Give the contract its reference (e.g. SOW-2026-01).' }),
  title: text({ max: 200, min: 3, message: 'Give the contract a title (at least 3 characters).' }),
  value: amount({ digits: 12, decimals: 2, message: 'Enter the value as an amount, e.g. 480000.00.' }),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'Enter a three-letter currency code, e.g. USD.'),
  startDate: isoDate(),
  endDate: isoDate(),
});

/** The PM records a vendor firm's contract or statement of work on the project. */
export const createContract = defineCommand({
  input: createContractInput,
  handle: ({ tx, actor, at }, data) => {
    requireVendorAccess(tx, actor, data.projectId, 'vendor.manage');
    if (!tx.select().from(vendorFirms).where(eq(vendorFirms.id, data.firmId)).get())
      throw invalid('Check the highlighted fields.', { firmId: 'No such vendor firm.' });
    if (data.endDate < data.startDate) throw invalid('Check the highlighted fields.', { endDate: 'The contract ends before it starts.' });
    const taken = tx
      .select({ id: contracts.id })
      .from(contracts)
      .where(and(eq(contracts.projectId, data.projectId), eq(contracts.reference, data.reference)))
      .get();
    if (taken) throw invalid('Check the highlighted fields.', { reference: `${data.reference} is already a contract of this project.` });
    const contract = tx
      .insert(contracts)
      .values({ ...data, createdBy: actor.id, createdAt: at.toISOString() })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'contract.created',
      subjectType: 'contract',
      subjectId: data.reference,
      after: { firmId: data.firmId, title: data.title, value: data.value, currency: data.currency, startDate: data.startDate, endDate: data.endDate },
    });
    return contract;
  },
});
