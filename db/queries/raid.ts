import { and, asc, desc, eq, inArray, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Conn } from '../client';
import {
  auditLog,
  contracts,
  defects,
  deliverables,
  type RaidLinkTarget,
  raidItems,
  raidLinks,
  requirements,
  requirementVersions,
  users,
  vendorFirms,
} from '../schema';
import { projectRecordChoices } from './records';

/** Read models of the RAID pages; no business rules (workflows/raid/* holds them: overdue, exposure, who sees what). */

/** A firm filter: null is every item, a number the items shared with that firm, 'none' nothing. */
type Scope = number | null | 'none';

const owner = alias(users, 'owner');
const creator = alias(users, 'creator');
const closer = alias(users, 'closer');

/** The items of a project's log (those shared with one firm for its representatives), in key order. */
export function raidItemRows(conn: Conn, projectId: number, scope: Scope, itemId?: number) {
  return conn
    .select({
      item: raidItems,
      owner: owner.name,
      ownerEmail: owner.email,
      firm: vendorFirms.name,
      createdByName: creator.name,
      closedByName: closer.name,
    })
    .from(raidItems)
    .leftJoin(owner, eq(owner.id, raidItems.ownerId))
    .leftJoin(creator, eq(creator.id, raidItems.createdBy))
    .leftJoin(closer, eq(closer.id, raidItems.closedBy))
    .leftJoin(vendorFirms, eq(vendorFirms.id, raidItems.sharedWithFirmId))
    .where(
      and(
        eq(raidItems.projectId, projectId),
        scope === null ? undefined : eq(raidItems.sharedWithFirmId, scope === 'none' ? -1 : scope),
        itemId === undefined ? undefined : eq(raidItems.id, itemId),
      ),
    )
    .orderBy(asc(raidItems.id))
    .all();
}

export type RaidLinkEnd = { projectId: number; key: string; title: string; firmId: number | null; sharedWithFirmId: number | null };

/** What a link's other end is: its project, key and title (and, for who may see it, its firm); undefined when it does not exist. */
export function raidLinkTarget(conn: Conn, type: RaidLinkTarget, id: number): RaidLinkEnd | undefined {
  const none = { firmId: null, sharedWithFirmId: null };
  switch (type) {
    case 'requirement': {
      const r = conn
        .select({ projectId: requirements.projectId, key: requirements.key, title: requirementVersions.title })
        .from(requirements)
        .leftJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
        .where(eq(requirements.id, id))
        .get();
      return r && { ...r, title: r.title ?? '', ...none };
    }
    case 'deliverable': {
      const d = conn
        .select({ projectId: deliverables.projectId, key: deliverables.key, title: deliverables.title, firmId: contracts.firmId })
        .from(deliverables)
        .innerJoin(contracts, eq(contracts.id, deliverables.contractId))
        .where(eq(deliverables.id, id))
        .get();
      return d && { ...d, sharedWithFirmId: null };
    }
    case 'defect': {
      const d = conn.select({ projectId: defects.projectId, key: defects.key, title: defects.title }).from(defects).where(eq(defects.id, id)).get();
      return d && { ...d, ...none };
    }
    case 'raid': {
      const r = conn
        .select({ projectId: raidItems.projectId, key: raidItems.key, title: raidItems.title, sharedWithFirmId: raidItems.sharedWithFirmId })
        .from(raidItems)
        .where(eq(raidItems.id, id))
        .get();
      return r && { ...r, firmId: null };
    }
  }
}

/** Links stored from this item, and RAID items linking to it (a link between two items is shown on both). */
export function raidLinkRows(conn: Conn, itemId: number) {
  return conn
    .select()
    .from(raidLinks)
    .where(or(eq(raidLinks.itemId, itemId), and(eq(raidLinks.targetType, 'raid'), eq(raidLinks.targetId, itemId))))
    .orderBy(asc(raidLinks.id))
    .all();
}

/** Is there a link between these two ends (either way for two RAID items)? */
export function raidLinkBetween(conn: Conn, itemId: number, type: RaidLinkTarget, targetId: number) {
  return conn
    .select({ id: raidLinks.id })
    .from(raidLinks)
    .where(
      or(
        and(eq(raidLinks.itemId, itemId), eq(raidLinks.targetType, type), eq(raidLinks.targetId, targetId)),
        type === 'raid' ? and(eq(raidLinks.itemId, targetId), eq(raidLinks.targetType, 'raid'), eq(raidLinks.targetId, itemId)) : undefined,
      ),
    )
    .get();
}

/** What a link form offers: the project's requirements, deliverables, defects and RAID items. */
export function raidLinkChoices(conn: Conn, projectId: number) {
  const records = projectRecordChoices(conn, projectId);
  return {
    requirement: records.requirements,
    deliverable: records.deliverables,
    defect: records.defects,
    raid: conn
      .select({ id: raidItems.id, key: raidItems.key, title: raidItems.title })
      .from(raidItems)
      .where(eq(raidItems.projectId, projectId))
      .orderBy(asc(raidItems.id))
      .all(),
  };
}

/** The audit rows about one RAID item, newest first. */
export function raidItemHistory(conn: Conn, projectId: number, key: string) {
  return conn
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.projectId, projectId), eq(auditLog.subjectType, 'raid_item'), eq(auditLog.subjectId, key)))
    .orderBy(desc(auditLog.id))
    .all();
}

/** Firms by id, for naming the firm an item is shared with. */
export function firmNames(conn: Conn, ids: number[]) {
  if (ids.length === 0) return new Map<number, string>();
  return new Map(
    conn
      .select({ id: vendorFirms.id, name: vendorFirms.name })
      .from(vendorFirms)
      .where(inArray(vendorFirms.id, ids))
      .all()
      .map((f) => [f.id, f.name]),
  );
}

/** The RAID items that link to a requirement, deliverable or defect. */
export function raidItemsLinkingTo(conn: Conn, type: Exclude<RaidLinkTarget, 'raid'>, targetId: number) {
  return conn
    .select({
      id: raidItems.id,
      key: raidItems.key,
      title: raidItems.title,
      type: raidItems.type,
      status: raidItems.status,
      sharedWithFirmId: raidItems.sharedWithFirmId,
    })
    .from(raidLinks)
    .innerJoin(raidItems, eq(raidItems.id, raidLinks.itemId))
    .where(and(eq(raidLinks.targetType, type), eq(raidLinks.targetId, targetId)))
    .orderBy(asc(raidItems.id))
    .all();
}
