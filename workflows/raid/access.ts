import { and, eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { type ProjectRole, raidItems } from '~/db/schema';
import { conflict, notFound } from '../errors';
import { type Actor, mayOnProject, type ProjectPermission } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { firmScopeOf } from '../vendors/access';

/**
 * Who sees which RAID items. The client side sees the whole log; a vendor representative only the items
 * shared with their firm: any other item answers as not found, so its existence does not leak.
 */
export type RaidScope = number | null | 'none';

export const seesRaidItem = (scope: RaidScope, item: { sharedWithFirmId: number | null }) =>
  scope === null || (scope !== 'none' && item.sharedWithFirmId === scope);

/** The project check of every RAID page and command, with the firm a vendor representative is limited to. */
export function requireRaidAccess(conn: Conn, actor: Actor, projectId: number, permission: ProjectPermission) {
  const access = requireProjectPermission(conn, actor, projectId, permission);
  return { ...access, scope: firmScopeOf(actor, access.roles) as RaidScope };
}

export const missingRaidItem = 'No such RAID item in this project, or it is not shared with you.';

/** A RAID item under a project's URL, for someone allowed `permission` who may see it. */
export function loadRaidItemFor(conn: Conn, actor: Actor, ref: { projectId: number; itemId: number }, permission: ProjectPermission) {
  const access = requireRaidAccess(conn, actor, ref.projectId, permission);
  const item = conn.select().from(raidItems).where(eq(raidItems.id, ref.itemId)).get();
  if (!item || item.projectId !== ref.projectId || !seesRaidItem(access.scope, item)) throw notFound(missingRaidItem);
  return { ...access, item };
}

/** The stale-version refusal every RAID change shares: someone moved first; nothing was saved. */
export function staleRaidVersion(key: string, shown: number, now: number) {
  return conflict(
    `${key} was changed by someone else since you opened it (your page showed version ${shown}, it is now version ${now}). Nothing was saved: reload it and make your change again.`,
  );
}

/** Whether the project page links the RAID log for this person: a vendor representative only when an item is shared with their firm. */
export function raidLogReadable(conn: Conn, actor: Actor, projectId: number, roles: ProjectRole[]): boolean {
  if (!mayOnProject(actor, roles, 'raid.view')) return false;
  const scope = firmScopeOf(actor, roles);
  if (scope === null) return true;
  if (scope === 'none') return false;
  return !!conn
    .select({ id: raidItems.id })
    .from(raidItems)
    .where(and(eq(raidItems.projectId, projectId), eq(raidItems.sharedWithFirmId, scope)))
    .get();
}
