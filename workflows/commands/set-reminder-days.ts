import { z } from 'zod';
import { notificationSettings } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { forbidden } from '../errors';
import { reminderDaysLimits, reminderDaysOf } from '../notifications/settings';

const message = `A whole number of days from ${reminderDaysLimits.min} to ${reminderDaysLimits.max}.`;

export const setReminderDaysInput = z.object({
  reminderDays: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number(message).int(message).min(reminderDaysLimits.min, message).max(reminderDaysLimits.max, message),
  ),
});

/**
 * An admin sets after how many days a signature or review waiting on someone is reminded (the sweep
 * reminds again every as many days). Audited with before and after.
 */
export const setReminderDays = defineCommand({
  input: setReminderDaysInput,
  authorize: (actor) => {
    if (!actor.isAdmin) throw forbidden('Only an administrator sets the reminders.');
  },
  handle: ({ tx, actor, at }, data) => {
    const before = reminderDaysOf(tx);
    const row = { reminderDays: data.reminderDays, updatedBy: actor.id || null, updatedAt: at.toISOString() };
    tx.insert(notificationSettings)
      .values({ id: 1, ...row })
      .onConflictDoUpdate({ target: notificationSettings.id, set: row })
      .run();
    emitAudit(tx, {
      at,
      actor,
      action: 'notification.reminder_days_set',
      subjectType: 'settings',
      subjectId: 'reminders',
      before: { reminderDays: before },
      after: { reminderDays: data.reminderDays },
      detail: `Signatures and reviews waiting ${data.reminderDays} day${data.reminderDays === 1 ? '' : 's'} or more are reminded (before: ${before}).`,
    });
    return data.reminderDays;
  },
});
