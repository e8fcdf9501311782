import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { notificationOwner } from '~/db/queries/notifications';
import { notifications } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { notFound, refused } from '../errors';
import { id } from '../input';

export const markNotificationReadInput = z.object({ notificationId: id() });

/**
 * A person marks one of their notifications read. Someone else's is not found (whoever asks, admins
 * included): a person only ever changes their own notifications.
 */
export const markNotificationRead = defineCommand({
  input: markNotificationReadInput,
  handle: ({ tx, actor, at }, data) => {
    const owner = notificationOwner(tx, data.notificationId);
    if (!owner || owner.userId !== actor.id) throw notFound('No such notification of yours.');
    if (owner.readAt) return 0;
    tx.update(notifications).set({ readAt: at.toISOString() }).where(eq(notifications.id, data.notificationId)).run();
    emitAudit(tx, {
      at,
      actor,
      action: 'notification.read',
      subjectType: 'notification',
      subjectId: data.notificationId,
      detail: `${actor.name} marked a notification read.`,
    });
    return 1;
  },
});

/** A person marks every unread notification of theirs read; with none unread there is nothing to do (refused). */
export const markAllNotificationsRead = defineCommand({
  input: z.object({}),
  handle: ({ tx, actor, at }) => {
    const marked = tx
      .update(notifications)
      .set({ readAt: at.toISOString() })
      .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)))
      .run().changes;
    if (marked === 0) throw refused('You have nothing unread.');
    emitAudit(tx, {
      at,
      actor,
      action: 'notification.all_read',
      subjectType: 'notification',
      subjectId: `user:${actor.id}`,
      detail: `${actor.name} marked ${marked} notification${marked === 1 ? '' : 's'} read.`,
    });
    return marked;
  },
});
