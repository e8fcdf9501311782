import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { methodologies, methodologyPhases, projectMembers, projects, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { forbidden, invalid } from '../errors';
import { instantiatePhases } from '../gates/phase-plan';
import { isPmSomewhere } from '../project-access';
import { mayCreateProject } from '../policy/roles';
import { type CommandContext, immediate } from './context';
import { fieldErrorsOf } from './create-user';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.');

export const createProjectInput = z
  .object({
    name: z.string().trim().min(3, 'Give the project a name of at least 3 characters.').max(120),
    client: z.string().trim().min(2, 'Name the client.').max(120),
    methodologyKey: z.string().min(1, 'Choose a methodology.'),
    startDate: isoDate,
    targetDate: isoDate,
    pmUserId: z.coerce.number().int().positive().optional(),
  })
  .refine((v) => v.targetDate > v.startDate, {
    path: ['targetDate'],
    message: 'The target date must be after the start date.',
  });
export type CreateProjectInput = z.input<typeof createProjectInput>;

/**
 * Creates a project from a methodology: its phases with planned dates, the first phase active, the
 * template's milestones, and the creator (or the named person) as project manager.
 */
export function createProject(ctx: CommandContext, input: CreateProjectInput) {
  const parsed = createProjectInput.safeParse(input);
  if (!parsed.success) throw invalid('Check the highlighted fields.', fieldErrorsOf(parsed.error));
  const data = parsed.data;
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    if (!mayCreateProject(ctx.actor, isPmSomewhere(tx, ctx.actor.id)))
      throw forbidden('Only an admin or a project manager can start a project.');
    const methodology = tx.select().from(methodologies).where(eq(methodologies.key, data.methodologyKey)).get();
    if (!methodology) throw invalid('Check the highlighted fields.', { methodologyKey: 'Choose one of the listed methodologies.' });
    if (tx.select({ id: projects.id }).from(projects).where(eq(projects.name, data.name)).get())
      throw invalid('Check the highlighted fields.', { name: 'A project with this name already exists.' });
    const pmId = data.pmUserId ?? ctx.actor.id;
    const pm = tx.select().from(users).where(eq(users.id, pmId)).get();
    if (!pm || pm.vendorFirmId !== null)
      throw invalid('Check the highlighted fields.', { pmUserId: 'Choose a person from your organisation as project manager.' });

    const project = tx
      .insert(projects)
      .values({
        name: data.name,
        client: data.client,
        kind: methodology.projectKind,
        methodologyId: methodology.id,
        startDate: data.startDate,
        targetGoLive: data.targetDate,
        createdBy: ctx.actor.id,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    tx.insert(projectMembers).values({ projectId: project.id, userId: pm.id, role: 'pm', addedAt: at.toISOString() }).run();

    const templates = tx
      .select()
      .from(methodologyPhases)
      .where(eq(methodologyPhases.methodologyId, methodology.id))
      .orderBy(asc(methodologyPhases.position))
      .all();
    const created = instantiatePhases(tx, {
      project,
      templates,
      cycle: 1,
      firstPosition: 0,
      from: data.startDate,
      to: data.targetDate,
      at,
      actor: ctx.actor,
    });

    emitAudit(tx, {
      at,
      actor: ctx.actor,
      projectId: project.id,
      action: 'project.created',
      subjectType: 'project',
      subjectId: project.id,
      after: {
        ...data,
        methodology: methodology.key,
        projectManager: pm.name,
        phases: created.map((p) => ({ name: p.name, plannedStart: p.plannedStart, plannedEnd: p.plannedEnd })),
      },
    });
    return project;
  }, immediate);
}
