import { and, eq, inArray } from 'drizzle-orm';
import type { Conn } from '../client';
import { changeRequests, contracts, defects, deliverables, paymentMilestones, plans, raidItems, requirements, selections, testCases } from '../schema';

/** The kinds of audit subject whose rows name them by a key unique in their project (REQ-001, TC-004, NW-CB-2026 ...). */
const byKey = {
  requirement: requirements,
  test_case: testCases,
  defect: defects,
  change_request: changeRequests,
  raid_item: raidItems,
  selection: selections,
  deliverable: deliverables,
} as const;
export type KeyedSubject = keyof typeof byKey | 'plan' | 'contract';

/** One subject an audit row names: its project, its kind and the key the row carries. */
export type SubjectRef = { projectId: number; kind: KeyedSubject; key: string };

const refKey = (projectId: number, kind: string, key: string) => `${kind}|${projectId}|${key}`;

/**
 * The database ids of the subjects a page of audit rows names by key, found in one query per kind
 * (a page holds at most a few dozen rows). A subject that no longer exists is simply not found.
 */
export function subjectIdsByKey(conn: Conn, refs: SubjectRef[]): Map<string, number> {
  const found = new Map<string, number>();
  const groups = new Map<string, SubjectRef[]>();
  for (const r of refs) groups.set(`${r.kind}|${r.projectId}`, [...(groups.get(`${r.kind}|${r.projectId}`) ?? []), r]);
  for (const group of groups.values()) {
    const { kind, projectId } = group[0]!;
    const keys = [...new Set(group.map((r) => r.key))];
    const rows =
      kind === 'plan'
        ? conn
            .select({ id: plans.id, key: plans.planKey })
            .from(plans)
            .where(and(eq(plans.projectId, projectId), inArray(plans.planKey, keys)))
            .all()
        : kind === 'contract'
          ? conn
              .select({ id: contracts.id, key: contracts.reference })
              .from(contracts)
              .where(and(eq(contracts.projectId, projectId), inArray(contracts.reference, keys)))
              .all()
          : conn
              .select({ id: byKey[kind].id, key: byKey[kind].key })
              .from(byKey[kind])
              .where(and(eq(byKey[kind].projectId, projectId), inArray(byKey[kind].key, keys)))
              .all();
    for (const row of rows) found.set(refKey(projectId, kind, row.key), row.id);
  }
  return found;
}

export const subjectIdOf = (found: Map<string, number>, r: SubjectRef) => found.get(refKey(r.projectId, r.kind, r.key));

/** The contract each payment milestone belongs to (payment milestones are shown on their contract's page). */
export function contractsOfPaymentMilestones(conn: Conn, ids: number[]): Map<number, number> {
  if (ids.length === 0) return new Map();
  const rows = conn
    .select({ id: paymentMilestones.id, contractId: paymentMilestones.contractId })
    .from(paymentMilestones)
    .where(inArray(paymentMilestones.id, ids))
    .all();
  return new Map(rows.map((r) => [r.id, r.contractId]));
}
