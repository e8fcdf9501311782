import { eq } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import { contracts, deliverables, type ProjectRole, vendorFirms, workflowInstances } from '~/db/schema';
import type { AuditAction } from '../audit-catalogue';
import { notFound } from '../errors';
import { id } from '../input';
import { type DeliverableActor, type DeliverableEvent, deliverableWorkflow } from '../machines/deliverable';
import { type Actor, mayOnProject, type ProjectPermission } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { applyEvent, contextOf } from '../runtime';

/**
 * Who sees which firm's contracts, deliverables and commitments. A vendor representative sees only their
 * own firm's: anything of another firm is answered as not found, so its existence does not leak, even to
 * someone guessing ids. Everyone else on the project sees every firm.
 */
export function firmScopeOf(actor: Actor, roles: readonly ProjectRole[]): number | null | 'none' {
  const vendorSide = actor.vendorFirmId !== null || (roles.includes('vendor') && !actor.isAdmin);
  if (!vendorSide) return null;
  return actor.vendorFirmId ?? 'none';
}

/** May this person see this firm's records? */
export const seesFirm = (scope: number | null | 'none', firmId: number) => scope === null || scope === firmId;

/** The project check of every vendor page and command, with the firm this person is limited to (null: every firm). */
export function requireVendorAccess(conn: Conn, actor: Actor, projectId: number, permission: ProjectPermission) {
  const access = requireProjectPermission(conn, actor, projectId, permission);
  return { ...access, firmScope: firmScopeOf(actor, access.roles) };
}

export const contractRef = { projectId: id(), contractId: id() };
export const deliverableRef = { projectId: id(), deliverableId: id() };

const missingContract = 'No such contract in this project, or it is not shared with you.';
const missingDeliverable = 'No such deliverable in this project, or it is not shared with you.';

/** A contract under a project's URL, for someone allowed `permission` who may see its firm. */
export function loadContractFor(conn: Conn, actor: Actor, ref: { projectId: number; contractId: number }, permission: ProjectPermission) {
  const access = requireVendorAccess(conn, actor, ref.projectId, permission);
  const row = conn
    .select({ contract: contracts, firm: vendorFirms })
    .from(contracts)
    .innerJoin(vendorFirms, eq(vendorFirms.id, contracts.firmId))
    .where(eq(contracts.id, ref.contractId))
    .get();
  if (!row || row.contract.projectId !== ref.projectId || !seesFirm(access.firmScope, row.contract.firmId)) throw notFound(missingContract);
  return { ...access, contract: row.contract, firm: row.firm };
}

/** A deliverable with its contract and workflow, under a project's URL, for someone allowed `permission` who may see its firm. */
export function loadDeliverableFor(conn: Conn, actor: Actor, ref: { projectId: number; deliverableId: number }, permission: ProjectPermission) {
  const access = requireVendorAccess(conn, actor, ref.projectId, permission);
  const row = conn
    .select({ deliverable: deliverables, contract: contracts, instance: workflowInstances })
    .from(deliverables)
    .innerJoin(contracts, eq(contracts.id, deliverables.contractId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, deliverables.instanceId))
    .where(eq(deliverables.id, ref.deliverableId))
    .get();
  if (!row || row.deliverable.projectId !== ref.projectId || !seesFirm(access.firmScope, row.contract.firmId)) throw notFound(missingDeliverable);
  return {
    ...access,
    ...row,
    context: contextOf(deliverableWorkflow, row.instance),
    state: String(row.instance.stateValue),
    party: deliverableActorOf(actor, access.roles),
  };
}
export type LoadedDeliverable = ReturnType<typeof loadDeliverableFor>;

/** Who may comment on a deliverable: its firm's representatives, and the client side that manages or reviews vendor work. */
export const mayCommentOnDeliverable = (actor: Actor, roles: ProjectRole[]) =>
  mayOnProject(actor, roles, 'vendor.deliver') || mayOnProject(actor, roles, 'vendor.review') || mayOnProject(actor, roles, 'vendor.manage');

/** The person as the deliverable machine sees them: their roles on the project and their firm. */
export const deliverableActorOf = (actor: Actor, roles: ProjectRole[]): DeliverableActor => ({ id: actor.id, roles, firmId: actor.vendorFirmId });

/** Applies a deliverable event, audited against the deliverable's key. */
export function applyDeliverableEvent(
  tx: Tx,
  loaded: Pick<LoadedDeliverable, 'deliverable'>,
  opts: { event: DeliverableEvent; actor: Actor; at: Date; action: AuditAction; detail: string; after?: object; expectedVersion?: number },
) {
  return applyEvent(tx, deliverableWorkflow, {
    instanceId: loaded.deliverable.instanceId,
    event: opts.event,
    actor: opts.actor,
    at: opts.at,
    expectedVersion: opts.expectedVersion,
    audit: { action: opts.action, subjectType: 'deliverable', subjectId: loaded.deliverable.key, detail: opts.detail, after: opts.after },
  });
}
