import { eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { methodologies } from '~/db/schema';
import { installMethodology } from '~/workflows/commands/install-methodology';
import { systemActor } from '~/workflows/policy/roles';
import { methodologyTemplates } from './methodologies';

/** A production start installs the shipped methodology templates that are not there yet. */
export function seedTemplatesIfMissing(db: DB) {
  for (const template of methodologyTemplates)
    if (!db.select().from(methodologies).where(eq(methodologies.key, template.key)).get()) installMethodology({ db, actor: systemActor }, template);
}
