import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { projectMembers, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid, notFound } from '../errors';
import { id } from '../input';
import { dropFunction, functionOf } from '../members/functions';
import { requireProjectPermission } from '../project-access';

/**
 * Takes a role away. The last project manager cannot be removed: a project always has someone in charge.
 * Their last role taken, the person's function on the project goes with it.
 */
export const removeProjectMember = defineCommand({
  input: z.object({ projectId: id(), memberId: id() }),
  handle: ({ tx, actor, at }, input) => {
    requireProjectPermission(tx, actor, input.projectId, 'project.manageMembers');
    const row = tx
      .select({ member: projectMembers, name: users.name })
      .from(projectMembers)
      .innerJoin(users, eq(users.id, projectMembers.userId))
      .where(and(eq(projectMembers.id, input.memberId), eq(projectMembers.projectId, input.projectId)))
      .get();
    if (!row) throw notFound('That membership no longer exists.');
    if (row.member.role === 'pm') {
      const pms = tx
        .select()
        .from(projectMembers)
        .where(and(eq(projectMembers.projectId, input.projectId), eq(projectMembers.role, 'pm')))
        .all();
      if (pms.length === 1) throw invalid('A project needs a project manager: add another before removing this one.');
    }
    tx.delete(projectMembers).where(eq(projectMembers.id, row.member.id)).run();
    const stillOn = tx
      .select({ id: projectMembers.id })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, input.projectId), eq(projectMembers.userId, row.member.userId)))
      .get();
    const fn = stillOn ? null : functionOf(tx, input.projectId, row.member.userId);
    if (fn) dropFunction(tx, input.projectId, row.member.userId);
    emitAudit(tx, {
      at,
      actor,
      projectId: input.projectId,
      action: 'member.removed',
      subjectType: 'member',
      subjectId: row.member.id,
      before: { person: row.name, role: row.member.role, ...(fn ? { function: fn } : {}) },
    });
  },
});
