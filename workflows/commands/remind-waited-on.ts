import { z } from 'zod';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { forbidden, refused } from '../errors';
import { myWork } from '../my-work';
import { reminderSubjects, reminderWindowHours, waitingKinds } from '../my-work/waiting';
import { notify } from '../notifications/notify';

export const remindWaitedOnInput = z.object({
  kind: z.enum(waitingKinds),
  /** The row's id as My work shows it: a phase, requirement or change request id, `planId.number` for a plan version. */
  id: z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'Choose an item from My work.'),
});

const shown = (instant: string) => `${instant.slice(0, 16).replace('T', ' ')} UTC`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The person who requested a review, submitted a version or raised a change reminds the people it still
 * waits on: one notification (and its e-mail) each, audited in the same transaction. Only the one who
 * waits may (My work's "waiting on others" is the rule: someone else's item, or one no longer waiting,
 * is refused), and at most once every `reminderWindowHours` per item (the audit trail says when the
 * last one went).
 */
export const remindWaitedOn = defineCommand({
  input: remindWaitedOnInput,
  handle: ({ tx, actor, at, day }, { kind, id }) => {
    const row = myWork(tx, actor, day).waitingOnOthers.find((w) => w.kind === kind && w.id === id);
    if (!row)
      throw forbidden(
        'You are not waiting on anyone for this item: only the person who requested the review, submitted the version or raised the change may remind, while it waits.',
      );
    if (row.remindedAt && row.remindAgainAt) {
      if (at.toISOString() < row.remindAgainAt)
        throw refused(
          `You already reminded them on ${shown(row.remindedAt)}: a reminder goes at most once every ${reminderWindowHours} hours, so the next one may go after ${shown(row.remindAgainAt)}.`,
        );
    }
    const names = row.waitingOn.map((p) => p.name);
    const waited = row.sinceDay ? ` since ${row.sinceDay} (${plural(row.days ?? 0, 'day')})` : '';
    notify(tx, {
      userIds: row.waitingOn.map((p) => p.id),
      projectId: row.projectId,
      kind: 'reminder',
      title: `Reminder from ${actor.name}: ${row.what} (${row.project}) waits on you`,
      body: `${actor.name} reminds you that ${row.what} has waited on your signature${waited}.`,
      link: row.link,
      at,
    });
    const after = { remindedAt: at.toISOString(), notified: names };
    emitAudit(tx, {
      at,
      actor,
      projectId: row.projectId,
      action: 'reminder.sent',
      subjectType: reminderSubjects[kind],
      subjectId: id,
      before: { remindedAt: row.remindedAt },
      after,
      detail: `${actor.name} reminded ${names.join(', ')} about ${row.what}, waiting${waited}.`,
    });
    return after;
  },
});
