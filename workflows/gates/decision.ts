import { and, asc, eq, gt } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { methodologies, phases, projects, signatures } from '~/db/schema';
import type { AuditAction } from '../audit-catalogue';
import { isoDay } from '../clock';
import { notFound } from '../errors';
import { type GateEvent, phaseGate } from '../machines/phase-gate';
import { itemLinks } from '../notifications/links';
import { settleNotices } from '../notifications/notify';
import type { Actor } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { type Applied, applyEvent } from '../runtime';
import { instantiatePhases, phaseTemplatesOf, startPhase } from './phase-plan';

/** The phase, its project, and the acting person's roles there; refuses anyone without the permission. */
export function loadPhaseFor(tx: Tx, actor: Actor, phaseId: number, permission: 'gate.decide' | 'gate.requestReview') {
  const phase = tx.select().from(phases).where(eq(phases.id, phaseId)).get();
  if (!phase) throw notFound('No such phase.');
  const { project, roles } = requireProjectPermission(tx, actor, phase.projectId, permission);
  return { phase, project, roles };
}

/** Applies a gate event; when the gate is approved, closes the phase and activates what comes next. */
export function applyGateEvent(
  tx: Tx,
  opts: {
    phase: typeof phases.$inferSelect;
    event: GateEvent;
    actor: Actor;
    at: Date;
    expectedVersion?: number;
    action: AuditAction;
    detail: string;
    /** For an approval: the fingerprint of the review the approver read, kept with the signature. */
    fingerprint?: string;
  },
): Applied {
  // Whoever acts on the gate has answered what their notices about it asked.
  settleNotices(tx, opts.actor.id, itemLinks.gate(opts.phase.projectId, opts.phase.id), opts.at);
  const applied = applyEvent(tx, phaseGate, {
    instanceId: opts.phase.instanceId,
    event: opts.event,
    actor: opts.actor,
    at: opts.at,
    expectedVersion: opts.expectedVersion,
    audit: { action: opts.action, subjectType: 'phase', subjectId: opts.phase.id, detail: opts.detail },
  });
  if (opts.event.type === 'APPROVE') {
    tx.insert(signatures)
      .values({
        instanceId: opts.phase.instanceId,
        eventId: applied.eventId,
        userId: opts.actor.id,
        meaning: opts.event.meaning,
        fingerprint: opts.fingerprint ?? null,
        at: opts.at.toISOString(),
      })
      .run();
  }
  if (applied.done) closePhase(tx, opts.phase, opts.actor, opts.at);
  return applied;
}

function closePhase(tx: Tx, phase: typeof phases.$inferSelect, actor: Actor, at: Date) {
  const today = isoDay(at);
  tx.update(phases).set({ actualEnd: today }).where(eq(phases.id, phase.id)).run();
  const next = tx
    .select()
    .from(phases)
    .where(and(eq(phases.projectId, phase.projectId), gt(phases.position, phase.position)))
    .orderBy(asc(phases.position))
    .limit(1)
    .get();
  if (next) return startPhase(tx, { phase: next, actor, at, day: today });

  // The last phase closed. A cyclic methodology (E3) loops back for the next cadence.
  const project = tx.select().from(projects).where(eq(projects.id, phase.projectId)).get()!;
  const methodology = tx.select().from(methodologies).where(eq(methodologies.id, project.methodologyId)).get()!;
  if (!methodology.loopToPhaseKey || !methodology.cadenceWeeks) return;
  const templates = phaseTemplatesOf(tx, methodology.id);
  const loopFrom = templates.findIndex((t) => t.key === methodology.loopToPhaseKey);
  const to = new Date(at.getTime() + methodology.cadenceWeeks * 7 * 86_400_000);
  instantiatePhases(tx, {
    project,
    templates: templates.slice(loopFrom),
    cycle: phase.cycle + 1,
    firstPosition: phase.position + 1,
    from: today,
    to: isoDay(to),
    at,
    actor,
  });
}
