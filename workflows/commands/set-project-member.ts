import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { projectMembers, projectRoles, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid, notFound } from '../errors';
import { requireProjectPermission } from '../project-access';
import { type CommandContext, immediate } from './context';
import { fieldErrorsOf } from './create-user';

export const memberInput = z.object({
  projectId: z.coerce.number().int().positive(),
  userId: z.coerce.number().int().positive('Choose a person.'),
  role: z.enum(projectRoles, 'Choose a role.'),
});
export type MemberInput = z.input<typeof memberInput>;

/** Gives a person a role on a project (a person may hold several roles). PM or admin only. */
export function addProjectMember(ctx: CommandContext, input: MemberInput) {
  const parsed = memberInput.safeParse(input);
  if (!parsed.success) throw invalid('Check the highlighted fields.', fieldErrorsOf(parsed.error));
  const data = parsed.data;
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    requireProjectPermission(tx, ctx.actor, data.projectId, 'project.manageMembers');
    const user = tx.select().from(users).where(eq(users.id, data.userId)).get();
    if (!user) throw invalid('Check the highlighted fields.', { userId: 'Choose a person from the list.' });
    // Vendor representatives are external: they get the vendor role and nothing more.
    if ((user.vendorFirmId !== null) !== (data.role === 'vendor'))
      throw invalid('Check the highlighted fields.', {
        role: user.vendorFirmId !== null ? 'A vendor representative can only have the vendor role.' : 'Only people from a vendor firm can have the vendor role.',
      });
    const existing = tx
      .select()
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, data.projectId), eq(projectMembers.userId, data.userId), eq(projectMembers.role, data.role)))
      .get();
    if (existing) throw invalid('Check the highlighted fields.', { role: `${user.name} already has this role here.` });
    const row = tx.insert(projectMembers).values({ ...data, addedAt: at.toISOString() }).returning().get();
    emitAudit(tx, {
      at,
      actor: ctx.actor,
      projectId: data.projectId,
      action: 'member.added',
      subjectType: 'member',
      subjectId: row.id,
      after: { person: user.name, role: data.role },
    });
    return row;
  }, immediate);
}

/** Takes a role away. The last project manager cannot be removed: a project always has someone in charge. */
export function removeProjectMember(ctx: CommandContext, input: { projectId: number; memberId: number }) {
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    requireProjectPermission(tx, ctx.actor, input.projectId, 'project.manageMembers');
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
    emitAudit(tx, {
      at,
      actor: ctx.actor,
      projectId: input.projectId,
      action: 'member.removed',
      subjectType: 'member',
      subjectId: row.member.id,
      before: { person: row.name, role: row.member.role },
    });
  }, immediate);
}
