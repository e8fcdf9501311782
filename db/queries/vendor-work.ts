import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Conn } from '../client';
import { contracts, defects, deliverables, paymentMilestones, users, vendorFirms, workflowInstances } from '../schema';
import { builtOncePer, inList, listValue } from './prepared';

const deliverablesOfProjectsQuery = builtOncePer((conn) =>
  conn
    .select({
      id: deliverables.id,
      projectId: deliverables.projectId,
      key: deliverables.key,
      title: deliverables.title,
      dueDate: deliverables.dueDate,
      reviewerId: deliverables.reviewerId,
      firmId: contracts.firmId,
      firm: vendorFirms.name,
      state: workflowInstances.stateValue,
    })
    .from(deliverables)
    .innerJoin(contracts, eq(contracts.id, deliverables.contractId))
    .innerJoin(vendorFirms, eq(vendorFirms.id, contracts.firmId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, deliverables.instanceId))
    .where(inList(deliverables.projectId, 'projectIds'))
    .orderBy(asc(deliverables.dueDate), asc(deliverables.key))
    .prepare(),
);

/** The deliverables of the projects given, with their firm and workflow state: what My work sorts out. */
export function deliverablesOfProjects(conn: Conn, projectIds: number[]) {
  if (projectIds.length === 0) return [];
  return deliverablesOfProjectsQuery(conn)
    .all({ projectIds: listValue(projectIds) })
    .map((d) => ({ ...d, state: String(d.state) }));
}

/** The contracts of the projects given that have a payment milestone not yet released. */
const contractsWithUnreleasedQuery = builtOncePer((conn) =>
  conn
    .selectDistinct({
      id: contracts.id,
      projectId: contracts.projectId,
      reference: contracts.reference,
      firmId: contracts.firmId,
      currency: contracts.currency,
    })
    .from(contracts)
    .innerJoin(paymentMilestones, eq(paymentMilestones.contractId, contracts.id))
    .where(and(inList(contracts.projectId, 'projectIds'), isNull(paymentMilestones.releasedAt)))
    .prepare(),
);

export function contractsWithUnreleasedMilestones(conn: Conn, projectIds: number[]) {
  if (projectIds.length === 0) return [];
  return contractsWithUnreleasedQuery(conn).all({ projectIds: listValue(projectIds) });
}

/** Defects of the projects given assigned to people of a vendor firm, with their state. */
export function defectsAssignedToFirm(conn: Conn, projectIds: number[], firmId: number) {
  if (projectIds.length === 0) return [];
  return conn
    .select({
      id: defects.id,
      projectId: defects.projectId,
      key: defects.key,
      title: defects.title,
      severity: defects.severity,
      state: workflowInstances.stateValue,
    })
    .from(defects)
    .innerJoin(users, eq(users.id, defects.assigneeId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .where(and(inArray(defects.projectId, projectIds), eq(users.vendorFirmId, firmId)))
    .orderBy(asc(defects.key))
    .all()
    .map((d) => ({ ...d, state: String(d.state) }));
}

/** A vendor firm that holds a contract on this project, or null (a firm with none has no scorecard here). */
export function firmOnProject(conn: Conn, projectId: number, firmId: number) {
  return (
    conn
      .select({ id: vendorFirms.id, name: vendorFirms.name })
      .from(vendorFirms)
      .innerJoin(contracts, eq(contracts.firmId, vendorFirms.id))
      .where(and(eq(contracts.projectId, projectId), eq(vendorFirms.id, firmId)))
      .get() ?? null
  );
}

/** A project's defects assigned to people of a vendor firm, with the firm: what the vendors page lists. */
export function vendorAssignedDefects(conn: Conn, projectId: number) {
  return conn
    .select({
      id: defects.id,
      key: defects.key,
      title: defects.title,
      severity: defects.severity,
      createdAt: defects.createdAt,
      assignee: users.name,
      firmId: vendorFirms.id,
      firm: vendorFirms.name,
      state: workflowInstances.stateValue,
    })
    .from(defects)
    .innerJoin(users, eq(users.id, defects.assigneeId))
    .innerJoin(vendorFirms, eq(vendorFirms.id, users.vendorFirmId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, defects.instanceId))
    .where(eq(defects.projectId, projectId))
    .orderBy(asc(defects.key))
    .all()
    .map((d) => ({ ...d, state: String(d.state) }));
}
