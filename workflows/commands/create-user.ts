import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users, vendorFirms } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineAsyncCommand } from '../command';
import { forbidden, invalid } from '../errors';
import { checkbox } from '../input';
import { hashPassword, passwordRule } from '../passwords';

export const createUserInput = z.object({
  email: z.email('Enter an email address.').transform((e) => e.toLowerCase()),
  name: z.string().trim().min(2, 'Enter the person’s name.'),
  title: z.string().trim().max(120).default(''),
  password: z.string().min(passwordRule.minLength, passwordRule.message).max(1000),
  isAdmin: checkbox(),
  vendorFirm: z.string().trim().max(120).default(''),
});
export type CreateUserInput = z.input<typeof createUserInput>;

/** Admin creates a person; a vendor firm named here is created on first use. */
export const createUser = defineAsyncCommand({
  input: createUserInput,
  authorize: (actor) => {
    if (!actor.isAdmin) throw forbidden('Only an admin can create people.');
  },
  prepare: (_ctx, data) => hashPassword(data.password),
  handle: ({ tx, actor, at }, data, passwordHash) => {
    if (tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${data.email}`).get())
      throw invalid('Check the highlighted fields.', { email: 'Someone already has this email address.' });
    let vendorFirmId: number | null = null;
    if (data.vendorFirm) {
      const firm =
        tx.select().from(vendorFirms).where(eq(vendorFirms.name, data.vendorFirm)).get() ??
        tx.insert(vendorFirms).values({ name: data.vendorFirm }).returning().get();
      vendorFirmId = firm.id;
    }
    const user = tx
      .insert(users)
      .values({
        email: data.email,
        name: data.name,
        title: data.title,
        passwordHash,
        isAdmin: data.isAdmin,
        vendorFirmId,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor: actor,
      action: 'user.created',
      subjectType: 'user',
      subjectId: user.id,
      after: { email: user.email, name: user.name, title: user.title, isAdmin: user.isAdmin, vendorFirm: data.vendorFirm || null },
    });
    return user;
  },
});
