import type { users } from '~/db/schema';
import type { Actor } from '../policy/roles';

/** A person as the domain sees them when they act. */
export const toActor = (u: typeof users.$inferSelect): Actor => ({
  id: u.id,
  name: u.name,
  isAdmin: u.isAdmin,
  vendorFirmId: u.vendorFirmId,
  ...(u.mustChangePassword ? { mustChangePassword: true } : {}),
});
