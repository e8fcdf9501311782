import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { stakeholderFunctions, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { notFound } from '../errors';
import { id } from '../input';
import { functionOf, setFunction } from '../members/functions';
import { requireProjectPermission } from '../project-access';

export const changeMemberFunctionInput = z.object({
  projectId: id(),
  userId: id('Choose a person.'),
  function: z.enum(stakeholderFunctions, 'Choose a function from the list.'),
});

/**
 * Changes what a person does on a project, and so the meanings they may sign with from now on (their
 * signatures already made keep theirs). Whoever manages members may; audited before and after. The
 * same function again changes nothing and writes nothing.
 */
export const changeMemberFunction = defineCommand({
  input: changeMemberFunctionInput,
  handle: ({ tx, actor, at }, data) => {
    requireProjectPermission(tx, actor, data.projectId, 'project.manageMembers');
    const before = functionOf(tx, data.projectId, data.userId);
    const person = tx.select({ name: users.name }).from(users).where(eq(users.id, data.userId)).get();
    if (!before || !person) throw notFound('That person is not on this project.');
    if (before === data.function) return { changed: false, person: person.name };
    setFunction(tx, data.projectId, data.userId, data.function);
    emitAudit(tx, {
      at,
      actor,
      projectId: data.projectId,
      action: 'member.function_changed',
      subjectType: 'user',
      subjectId: data.userId,
      before: { person: person.name, function: before },
      after: { person: person.name, function: data.function },
    });
    return { changed: true, person: person.name };
  },
});
