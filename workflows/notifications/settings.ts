import type { Conn } from '~/db/client';
import { notificationSettingsRow } from '~/db/queries/notifications';

/** Until an admin sets it: a signature or review waiting three days or more is reminded. */
export const defaultReminderDays = 3;
export const reminderDaysLimits = { min: 1, max: 60 } as const;

/** After how many days a signature or review waiting on a person is reminded (and again every as many days). */
export function reminderDaysOf(conn: Conn): number {
  return notificationSettingsRow(conn)?.reminderDays ?? defaultReminderDays;
}
