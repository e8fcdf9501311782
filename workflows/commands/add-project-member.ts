import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { projectMembers, projectRoles, stakeholderFunctions, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id } from '../input';
import { functionOf, setFunction } from '../members/functions';
import { functionInSentence } from '../policy/functions';
import { requireProjectPermission } from '../project-access';

export const memberInput = z.object({
  projectId: id(),
  userId: id('Choose a person.'),
  role: z.enum(projectRoles, 'Choose a role.'),
  /** Their function on the project: required for someone new to it; someone already on it keeps theirs. */
  function: z.preprocess((v) => (v === '' ? undefined : v), z.enum(stakeholderFunctions, 'Choose a function from the list.').optional()),
});
export type MemberInput = z.input<typeof memberInput>;

/**
 * Gives a person a role on a project (a person may hold several roles). PM or admin only. A person new
 * to the project is given their function there (which decides the meanings they may sign with); a
 * further role keeps the function they have: it changes only through changeMemberFunction.
 */
export const addProjectMember = defineCommand({
  input: memberInput,
  handle: ({ tx, actor, at }, data) => {
    requireProjectPermission(tx, actor, data.projectId, 'project.manageMembers');
    const user = tx.select().from(users).where(eq(users.id, data.userId)).get();
    if (!user) throw invalid('Check the highlighted fields.', { userId: 'Choose a person from the list.' });
    // Vendor representatives are external: they get the vendor role and nothing more.
    if ((user.vendorFirmId !== null) !== (data.role === 'vendor'))
      throw invalid('Check the highlighted fields.', {
        role:
          user.vendorFirmId !== null ? 'A vendor representative can only have the vendor role.' : 'Only people from a vendor firm can have the vendor role.',
      });
    const existing = tx
      .select()
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, data.projectId), eq(projectMembers.userId, data.userId), eq(projectMembers.role, data.role)))
      .get();
    if (existing) throw invalid('Check the highlighted fields.', { role: `${user.name} already has this role here.` });
    const current = functionOf(tx, data.projectId, data.userId);
    const fn = current ?? data.function;
    if (!fn) throw invalid('Check the highlighted fields.', { function: `Choose what ${user.name} does on this project.` });
    if (current && data.function && data.function !== current)
      throw invalid('Check the highlighted fields.', {
        function: `${user.name} is ${functionInSentence(current)} on this project: change the function in the list of members.`,
      });
    const row = tx
      .insert(projectMembers)
      .values({ projectId: data.projectId, userId: data.userId, role: data.role, addedAt: at.toISOString() })
      .returning()
      .get();
    if (!current) setFunction(tx, data.projectId, data.userId, fn);
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'member.added',
      subjectType: 'member',
      subjectId: row.id,
      after: { person: user.name, role: data.role, function: fn },
    });
    return row;
  },
});
