import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Conn } from '../client';
import {
  contracts,
  deliverableComments,
  deliverableSubmissions,
  deliverables,
  phases,
  requirements,
  testCases,
  testCycles,
  users,
  vendorFirms,
  workflowInstances,
} from '../schema';

/** Read models of the vendor pages; no business rules (workflows/vendors/* holds them). */

/** A firm filter: null is every firm, a number one firm, 'none' nothing (a vendor without a firm). */
type FirmScope = number | null | 'none';
const firmWhere = (scope: FirmScope) => (scope === null ? undefined : eq(contracts.firmId, scope === 'none' ? -1 : scope));

export function contractList(conn: Conn, projectId: number, scope: FirmScope) {
  return conn
    .select({
      id: contracts.id,
      reference: contracts.reference,
      title: contracts.title,
      value: contracts.value,
      currency: contracts.currency,
      startDate: contracts.startDate,
      endDate: contracts.endDate,
      firmId: contracts.firmId,
      firm: vendorFirms.name,
    })
    .from(contracts)
    .innerJoin(vendorFirms, eq(vendorFirms.id, contracts.firmId))
    .where(and(eq(contracts.projectId, projectId), firmWhere(scope)))
    .orderBy(asc(vendorFirms.name), asc(contracts.reference))
    .all();
}

const owner = alias(users, 'owner');
const reviewer = alias(users, 'reviewer');

/** Deliverables of a project (of one contract when given), with their state, people and contract. */
export function deliverableList(conn: Conn, projectId: number, scope: FirmScope, contractId?: number) {
  return conn
    .select({
      id: deliverables.id,
      key: deliverables.key,
      title: deliverables.title,
      phaseKey: deliverables.phaseKey,
      dueDate: deliverables.dueDate,
      state: workflowInstances.stateValue,
      contractId: contracts.id,
      contract: contracts.reference,
      firm: vendorFirms.name,
      owner: owner.name,
      reviewer: reviewer.name,
    })
    .from(deliverables)
    .innerJoin(contracts, eq(contracts.id, deliverables.contractId))
    .innerJoin(vendorFirms, eq(vendorFirms.id, contracts.firmId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, deliverables.instanceId))
    .innerJoin(owner, eq(owner.id, deliverables.ownerId))
    .innerJoin(reviewer, eq(reviewer.id, deliverables.reviewerId))
    .where(and(eq(deliverables.projectId, projectId), firmWhere(scope), contractId ? eq(contracts.id, contractId) : undefined))
    .orderBy(asc(deliverables.key))
    .all();
}

/** A deliverable's discussion, oldest first, with each author's name. */
export function deliverableCommentList(conn: Conn, deliverableId: number) {
  return conn
    .select({ id: deliverableComments.id, body: deliverableComments.body, at: deliverableComments.at, author: users.name })
    .from(deliverableComments)
    .innerJoin(users, eq(users.id, deliverableComments.authorId))
    .where(eq(deliverableComments.deliverableId, deliverableId))
    .orderBy(asc(deliverableComments.id))
    .all();
}

export function submissionList(conn: Conn, deliverableId: number) {
  const decider = alias(users, 'decider');
  return conn
    .select({ s: deliverableSubmissions, by: users.name, decidedByName: decider.name })
    .from(deliverableSubmissions)
    .innerJoin(users, eq(users.id, deliverableSubmissions.submittedBy))
    .leftJoin(decider, eq(decider.id, deliverableSubmissions.decidedBy))
    .where(eq(deliverableSubmissions.deliverableId, deliverableId))
    .orderBy(asc(deliverableSubmissions.number))
    .all();
}

export const vendorFirmList = (conn: Conn) => conn.select().from(vendorFirms).orderBy(asc(vendorFirms.name)).all();

export function userNames(conn: Conn, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  return new Map(
    conn
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, ids))
      .all()
      .map((u) => [u.id, u.name]),
  );
}

/** What a new deliverable's criteria may link to: the project's requirements, payout cases and cycles, and its phases. */
export function criterionChoices(conn: Conn, projectId: number) {
  return {
    requirements: conn
      .select({ id: requirements.id, key: requirements.key })
      .from(requirements)
      .where(eq(requirements.projectId, projectId))
      .orderBy(asc(requirements.key))
      .all(),
    cases: conn
      .select({ id: testCases.id, key: testCases.key, title: testCases.title })
      .from(testCases)
      .where(and(eq(testCases.projectId, projectId), eq(testCases.kind, 'payout')))
      .orderBy(asc(testCases.key))
      .all(),
    cycles: conn
      .select({ id: testCycles.id, name: testCycles.name })
      .from(testCycles)
      .where(eq(testCycles.projectId, projectId))
      .orderBy(asc(testCycles.id))
      .all(),
    phases: conn.select({ key: phases.key, name: phases.name }).from(phases).where(eq(phases.projectId, projectId)).orderBy(asc(phases.position)).all(),
  };
}
