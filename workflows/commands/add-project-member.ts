import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { projectMembers, projectRoles, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id } from '../input';
import { requireProjectPermission } from '../project-access';

export const memberInput = z.object({
  projectId: id(),
  userId: id('Choose a person.'),
  role: z.enum(projectRoles, 'Choose a role.'),
});
export type MemberInput = z.input<typeof memberInput>;

/** Gives a person a role on a project (a person may hold several roles). PM or admin only. */
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
    const row = tx
      .insert(projectMembers)
      .values({ ...data, addedAt: at.toISOString() })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'member.added',
      subjectType: 'member',
      subjectId: row.id,
      after: { person: user.name, role: data.role },
    });
    return row;
  },
});
