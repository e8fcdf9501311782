import type { Conn } from '~/db/client';
import { firmNames, raidItemHistory, raidItemRows, raidItemsLinkingTo, raidLinkChoices, raidLinkRows, raidLinkTarget } from '~/db/queries/raid';
import type { ProjectRole, RaidLinkTarget } from '~/db/schema';
import { auditActionLabel } from '../audit-catalogue';
import { notFound } from '../errors';
import { type Actor, mayOnProject } from '../policy/roles';
import { firmScopeOf } from '../vendors/access';
import { loadRaidItemFor, type RaidScope, requireRaidAccess, seesRaidItem } from './access';
import { raidParties } from './content';
import { exposureBand, exposureOf } from './exposure';
import { raidImportColumns, raidTypeLabels } from './labels';
import { raidLinkTargetLabels } from './links';
import { isRaidOverdue, raidDeadlineOf, raidOverdueRule } from './overdue';

/** What the RAID pages and the export show, for this person: a vendor representative sees only the items shared with their firm. */

type Row = ReturnType<typeof raidItemRows>[number];

/** One item as the grid, the item page and the export read it: the computed figures next to the stored ones. */
function itemView(row: Row, today: string) {
  const { item } = row;
  const exposure = exposureOf(item);
  const deadline = raidDeadlineOf(item);
  return {
    ...item,
    typeLabel: raidTypeLabels[item.type],
    owner: row.owner ?? '',
    ownerEmail: row.ownerEmail ?? '',
    sharedWith: row.firm ?? '',
    createdByName: row.createdByName ?? '',
    closedByName: row.closedByName ?? '',
    exposure,
    exposureBand: exposure === null ? null : exposureBand(exposure),
    deadline: deadline?.date ?? null,
    deadlineLabel: deadline?.label ?? null,
    overdue: isRaidOverdue(item, today),
  };
}
export type RaidItemView = ReturnType<typeof itemView>;

/** The items this person may read, as views: every item, or those shared with their firm. */
function visibleItems(conn: Conn, projectId: number, scope: RaidScope, today: string) {
  return raidItemRows(conn, projectId, scope).map((r) => itemView(r, today));
}

/**
 * The log of a project. A vendor representative with no item shared with their firm finds no RAID log
 * at all (404, like a page that does not exist for them).
 */
export function raidLogPage(conn: Conn, actor: Actor, projectId: number, today: string) {
  const { project, roles, scope } = requireRaidAccess(conn, actor, projectId, 'raid.view');
  const items = visibleItems(conn, projectId, scope, today);
  if (scope !== null && items.length === 0) throw notFound('No such project, or it is not shared with you.');
  const write = mayOnProject(actor, roles, 'raid.write');
  return {
    project: { id: project.id, name: project.name },
    items,
    write,
    overdueRule: raidOverdueRule,
    overdueCount: items.filter((i) => i.overdue).length,
    vendorView: scope !== null,
    choices: write ? formChoices(conn, projectId) : null,
  };
}

/** Who a writer may name as owner and which firms an item may be shared with. */
function formChoices(conn: Conn, projectId: number) {
  const parties = raidParties(conn, projectId);
  const firms = firmNames(conn, [...parties.firmIds]);
  return {
    owners: [...parties.owners.values()].map((m) => ({ id: m.id, name: m.name })).sort((a, b) => a.name.localeCompare(b.name)),
    firms: [...firms].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The rows of the CSV export, as the person may read them. */
export function raidExport(conn: Conn, actor: Actor, projectId: number, today: string) {
  return raidLogPage(conn, actor, projectId, today).items;
}

export const raidExportColumns = [
  'key',
  'type',
  'title',
  'status',
  'overdue',
  'exposure',
  // what an import reads after its type and title, in its order
  ...raidImportColumns.slice(2),
  'created_by',
  'created_at',
  'closed_by',
  'closed_at',
] as const;

export const raidExportRow = (i: RaidItemView) => [
  i.key,
  i.type,
  i.title,
  i.status,
  i.overdue ? 'yes' : 'no',
  i.exposure,
  i.description,
  i.ownerEmail,
  i.sharedWith,
  i.probability,
  i.impact,
  i.mitigation,
  i.nextReviewDate,
  i.validateBy,
  i.severity,
  i.dueDate,
  i.resolution,
  i.decidedBy,
  i.decidedOn,
  i.basis,
  i.createdByName,
  i.createdAt,
  i.closedByName,
  i.closedAt,
];

/** One item in words, its links both ways, its history from the audit trail, and what this person may do. */
export function raidItemPage(conn: Conn, actor: Actor, ref: { projectId: number; itemId: number }, today: string) {
  const { project, roles, scope, item } = loadRaidItemFor(conn, actor, ref, 'raid.view');
  const view = itemView(raidItemRows(conn, project.id, null, item.id)[0]!, today);
  const write = mayOnProject(actor, roles, 'raid.write');
  const links = raidLinkRows(conn, item.id).flatMap((l) => {
    const outgoing = l.itemId === item.id;
    const type: RaidLinkTarget = outgoing ? l.targetType : 'raid';
    const otherId = outgoing ? l.targetId : l.itemId;
    const other = raidLinkTarget(conn, type, otherId);
    if (!other) return [];
    // A vendor representative sees only the links to what they may read: items shared with their firm, their firm's deliverables.
    if (scope !== null) {
      if (type === 'raid' && !seesRaidItem(scope, other)) return [];
      if (type === 'deliverable' && other.firmId !== scope) return [];
      if (type === 'requirement' || type === 'defect') return [];
    }
    return [
      {
        id: l.id,
        type,
        typeLabel: raidLinkTargetLabels[type],
        targetId: otherId,
        key: other.key,
        title: other.title,
        direction: outgoing ? ('to' as const) : ('from' as const),
      },
    ];
  });
  // A vendor representative reads what happened to the item, not the keys of what it was linked to on the client side.
  const redact = (action: string) => scope !== null && (action === 'raid.linked' || action === 'raid.unlinked');
  const history = raidItemHistory(conn, project.id, item.key).map((a) => ({
    id: a.id,
    at: a.at,
    actor: a.actorName,
    action: auditActionLabel(a.action),
    detail: redact(a.action) ? '' : a.detail,
  }));
  return {
    project: { id: project.id, name: project.name },
    item: view,
    links,
    history,
    write,
    choices: write ? { ...formChoices(conn, project.id), links: raidLinkChoices(conn, project.id) } : null,
  };
}

/**
 * The other end of a link: the RAID items that link to a requirement, deliverable or defect, as this
 * person may read them (none without `raid.view`; a vendor representative only those shared with their firm).
 */
export function raidItemsLinkedTo(conn: Conn, actor: Actor, roles: ProjectRole[], type: 'requirement' | 'deliverable' | 'defect', targetId: number) {
  if (!mayOnProject(actor, roles, 'raid.view')) return [];
  const scope = firmScopeOf(actor, roles);
  return raidItemsLinkingTo(conn, type, targetId)
    .filter((i) => seesRaidItem(scope, i))
    .map((i) => ({ id: i.id, key: i.key, title: i.title, typeLabel: raidTypeLabels[i.type], status: i.status }));
}
