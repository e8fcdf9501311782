import { asc, eq } from 'drizzle-orm';
import type { Tx } from '~/db/client';
import { methodologyPhases, milestones, phases, type projects } from '~/db/schema';
import { addDays } from '../clock';
import { phaseGate } from '../machines/phase-gate';
import type { Actor } from '../policy/roles';
import { applyEvent, createInstance } from '../runtime';

type Template = typeof methodologyPhases.$inferSelect;
type Project = typeof projects.$inferSelect;

/** A methodology's phase templates in their order. */
export function phaseTemplatesOf(tx: Tx, methodologyId: number): Template[] {
  return tx.select().from(methodologyPhases).where(eq(methodologyPhases.methodologyId, methodologyId)).orderBy(asc(methodologyPhases.position)).all();
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/**
 * Lays phases out from `from` to `to` in proportion to the template's durations, each with its gate
 * workflow and milestones, and starts the first one. Used for a new project and for each E3 cycle.
 */
export function instantiatePhases(
  tx: Tx,
  opts: { project: Project; templates: Template[]; cycle: number; firstPosition: number; from: string; to: string; at: Date; actor: Actor },
) {
  const span = Math.max(daysBetween(opts.from, opts.to), opts.templates.length);
  const totalWeeks = opts.templates.reduce((sum, t) => sum + t.durationWeeks, 0);
  let elapsedWeeks = 0;
  const created = opts.templates.map((template, i) => {
    const startOffset = Math.round((span * elapsedWeeks) / totalWeeks);
    elapsedWeeks += template.durationWeeks;
    const endOffset = Math.round((span * elapsedWeeks) / totalWeeks);
    const plannedStart = addDays(opts.from, startOffset);
    const plannedEnd = addDays(opts.from, Math.max(endOffset - 1, startOffset));
    const name = opts.cycle > 1 ? `${template.name} (cycle ${opts.cycle})` : template.name;
    const instance = createInstance(tx, phaseGate, {
      input: { phaseName: name, projectName: opts.project.name, criteria: template.gateCriteria },
      subjectType: 'phase',
      subjectId: null,
      projectId: opts.project.id,
      at: opts.at,
    });
    const phase = tx
      .insert(phases)
      .values({
        projectId: opts.project.id,
        templateId: template.id,
        key: template.key,
        name,
        position: opts.firstPosition + i,
        cycle: opts.cycle,
        plannedStart,
        plannedEnd,
        instanceId: instance.id,
      })
      .returning()
      .get();
    const phaseDays = daysBetween(plannedStart, plannedEnd);
    for (const m of template.milestones) {
      const offset = Math.min(Math.round((phaseDays * m.atWeek) / template.durationWeeks), phaseDays);
      tx.insert(milestones)
        .values({ projectId: opts.project.id, phaseId: phase.id, name: m.name, dueDate: addDays(plannedStart, offset) })
        .run();
    }
    return phase;
  });
  const first = created[0];
  if (first) startPhase(tx, { phase: first, actor: opts.actor, at: opts.at, day: opts.from });
  return created;
}

/** Makes a phase active (its gate machine's START) and records its actual start. */
export function startPhase(tx: Tx, opts: { phase: typeof phases.$inferSelect; actor: Actor; at: Date; day: string }) {
  applyEvent(tx, phaseGate, {
    instanceId: opts.phase.instanceId,
    event: { type: 'START', actor: { id: opts.actor.id, roles: [] }, at: opts.at.toISOString() },
    actor: opts.actor,
    at: opts.at,
    audit: { action: 'phase.started', subjectType: 'phase', subjectId: opts.phase.id, detail: `${opts.phase.name} started.` },
  });
  tx.update(phases).set({ actualStart: opts.day }).where(eq(phases.id, opts.phase.id)).run();
}
