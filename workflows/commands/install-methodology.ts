import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { methodologies, methodologyPhases, projectKinds } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { forbidden, invalid } from '../errors';
import { evidenceKinds } from '../gates/evidence';

export const methodologyInput = z.object({
  key: z.string().regex(/^[A-Z0-9]+$/),
  name: z.string().min(1),
  projectKind: z.enum(projectKinds),
  description: z.string().min(1),
  cadenceWeeks: z.number().int().positive().nullable(),
  loopToPhaseKey: z.string().nullable(),
  phases: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-zA-Z]*$/),
        name: z.string().min(1),
        purpose: z.string().min(1),
        durationWeeks: z.number().int().positive(),
        gateCriteria: z.array(z.object({ key: z.string().min(1), label: z.string().min(1), evidence: z.enum(evidenceKinds).optional() })).min(1),
        milestones: z.array(z.object({ name: z.string().min(1), atWeek: z.number().int().min(0) })),
      }),
    )
    .min(1),
});
export type MethodologyInput = z.infer<typeof methodologyInput>;

/** Adds a methodology template (phases, gate criteria, milestones). Admin only; a key is installed once. */
export const installMethodology = defineCommand({
  input: methodologyInput,
  authorize: (actor) => {
    if (!actor.isAdmin) throw forbidden('Only an admin can install methodology templates.');
  },
  handle: ({ tx, actor, at }, parsed) => {
    if (parsed.loopToPhaseKey && !parsed.phases.some((p) => p.key === parsed.loopToPhaseKey))
      throw invalid(`The loop phase "${parsed.loopToPhaseKey}" is not one of the methodology's phases.`, {
        loopToPhaseKey: 'Choose one of the methodology’s phases.',
      });
    if (tx.select().from(methodologies).where(eq(methodologies.key, parsed.key)).get()) throw invalid(`Methodology ${parsed.key} is already installed.`);
    const { phases, ...fields } = parsed;
    const m = tx.insert(methodologies).values(fields).returning().get();
    phases.forEach((phase, position) => {
      tx.insert(methodologyPhases)
        .values({ ...phase, methodologyId: m.id, position })
        .run();
    });
    emitAudit(tx, {
      at,
      actor: actor,
      action: 'methodology.installed',
      subjectType: 'methodology',
      subjectId: m.id,
      after: parsed,
    });
    return m;
  },
});
