import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { methodologies, projectMembers, projects, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { forbidden, invalid } from '../errors';
import { instantiatePhases, phaseTemplatesOf } from '../gates/phase-plan';
import { id, isoDate, text } from '../input';
import { setFunction } from '../members/functions';
import { mayCreateProject } from '../policy/roles';
import { isPmSomewhere } from '../project-access';

export const createProjectInput = z
  .object({
    name: text({ max: 120, min: 3, message: 'Give the project a name of at least 3 characters.' }),
    client: text({ max: 120, min: 2, message: 'Name the client.' }),
    methodologyKey: z.string().min(1, 'Choose a methodology.').max(40),
    startDate: isoDate(),
    targetDate: isoDate(),
    pmUserId: z.preprocess((v) => (v === '' ? undefined : v), id('Choose a person from the list.').optional()),
  })
  .refine((v) => v.targetDate > v.startDate, {
    path: ['targetDate'],
    message: 'The target date must be after the start date.',
  });
export type CreateProjectInput = z.input<typeof createProjectInput>;

/**
 * Creates a project from a methodology: its phases with planned dates, the first phase active, the
 * template's milestones, and the creator (or the named person) as project manager, whose function
 * there is project delivery.
 */
export const createProject = defineCommand({
  input: createProjectInput,
  handle: ({ tx, actor, at }, data) => {
    if (!mayCreateProject(actor, isPmSomewhere(tx, actor.id))) throw forbidden('Only an admin or a project manager can start a project.');
    const methodology = tx.select().from(methodologies).where(eq(methodologies.key, data.methodologyKey)).get();
    if (!methodology) throw invalid('Check the highlighted fields.', { methodologyKey: 'Choose one of the listed methodologies.' });
    if (tx.select({ id: projects.id }).from(projects).where(eq(projects.name, data.name)).get())
      throw invalid('Check the highlighted fields.', { name: 'A project with this name already exists.' });
    const pmId = data.pmUserId ?? actor.id;
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
        createdBy: actor.id,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    tx.insert(projectMembers).values({ projectId: project.id, userId: pm.id, role: 'pm', addedAt: at.toISOString() }).run();
    // The project manager delivers the project; their function can be changed on the members page.
    setFunction(tx, project.id, pm.id, 'project_delivery');

    const created = instantiatePhases(tx, {
      project,
      templates: phaseTemplatesOf(tx, methodology.id),
      cycle: 1,
      firstPosition: 0,
      from: data.startDate,
      to: data.targetDate,
      at,
      actor: actor,
    });

    emitAudit(tx, {
      at,
      actor: actor,
      projectId: project.id,
      action: 'project.created',
      subjectType: 'project',
      subjectId: project.id,
      after: {
        ...data,
        methodology: methodology.key,
        projectManager: pm.name,
        projectManagerFunction: 'project_delivery',
        phases: created.map((p) => ({ name: p.name, plannedStart: p.plannedStart, plannedEnd: p.plannedEnd })),
      },
    });
    return project;
  },
});
