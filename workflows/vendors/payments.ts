import { asc, eq, inArray } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { deliverables, paymentMilestoneDeliverables, paymentMilestones, workflowInstances } from '~/db/schema';
import { type DeliverableState, deliverableStateLabels } from '../machines/deliverable';

/**
 * When a payment milestone may be paid: every deliverable it depends on is accepted (or waived by the
 * PM). One definition, read by the vendors pages, the release command and My work.
 */
export type MilestoneStanding = typeof paymentMilestones.$inferSelect & {
  deliverables: { id: number; key: string; title: string; state: string }[];
  /** The deliverables it still waits on, in words ("DLV-003 (in review)"). */
  waitingOn: string[];
  releasable: boolean;
};

const done = (state: string) => state === 'accepted' || state === 'waived';

export function milestoneStandings(conn: Conn, contractIds: number[]): MilestoneStanding[] {
  if (contractIds.length === 0) return [];
  const rows = conn
    .select()
    .from(paymentMilestones)
    .where(inArray(paymentMilestones.contractId, contractIds))
    .orderBy(asc(paymentMilestones.dueDate), asc(paymentMilestones.id))
    .all();
  const links = rows.length
    ? conn
        .select({
          milestoneId: paymentMilestoneDeliverables.milestoneId,
          id: deliverables.id,
          key: deliverables.key,
          title: deliverables.title,
          state: workflowInstances.stateValue,
        })
        .from(paymentMilestoneDeliverables)
        .innerJoin(deliverables, eq(deliverables.id, paymentMilestoneDeliverables.deliverableId))
        .innerJoin(workflowInstances, eq(workflowInstances.id, deliverables.instanceId))
        .where(
          inArray(
            paymentMilestoneDeliverables.milestoneId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(deliverables.key))
        .all()
    : [];
  return rows.map((m) => {
    const mine = links.filter((l) => l.milestoneId === m.id).map((l) => ({ id: l.id, key: l.key, title: l.title, state: String(l.state) }));
    const waitingOn = mine
      .filter((d) => !done(d.state))
      .map((d) => `${d.key} (${(deliverableStateLabels[d.state as DeliverableState] ?? d.state).toLowerCase()})`);
    return { ...m, deliverables: mine, waitingOn, releasable: !m.releasedAt && waitingOn.length === 0 };
  });
}
