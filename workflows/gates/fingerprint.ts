import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { phases, workflowInstances } from '~/db/schema';
import { type GateContext, phaseGate } from '../machines/phase-gate';
import { contextOf } from '../runtime';

/**
 * The fingerprint of the gate review an approver reads: which round it is, who asked, whom they named,
 * and the checklist as the project manager answered it. A new request after a send-back (a new round,
 * other notes or approvers) has another fingerprint, so a signature given on one round cannot land on
 * the next. Computed criteria are not in it: they are evaluated again when the signature comes.
 */
export function gateFingerprint(c: GateContext): string {
  const shown = {
    phase: c.phaseName,
    project: c.projectName,
    round: c.round,
    requestedBy: c.requestedBy,
    approvers: c.approvers,
    checklist: c.checklist.map((i) => [i.key, i.label, i.checked, i.note, i.evidence ?? null]),
  };
  return createHash('sha256').update(JSON.stringify(shown)).digest('hex');
}

/**
 * What the approve form of a gate carries now (its instance version and review fingerprint), for a
 * caller that has no page: seeds and tests sign what a person would have been shown.
 */
export function gateSignatureBasis(conn: Conn, phaseId: number) {
  const row = conn
    .select({ instance: workflowInstances })
    .from(phases)
    .innerJoin(workflowInstances, eq(workflowInstances.id, phases.instanceId))
    .where(eq(phases.id, phaseId))
    .get();
  if (!row) throw new Error(`No phase ${phaseId}`);
  return { expectedVersion: row.instance.version, fingerprint: gateFingerprint(contextOf(phaseGate, row.instance)) };
}
