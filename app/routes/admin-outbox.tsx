import { Form, useNavigation } from 'react-router';
import { requireAdmin } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { outboxRows } from '~/db/queries/notifications';
import { setReminderDays } from '~/workflows/commands/set-reminder-days';
import { maxAttempts } from '~/workflows/notifications/outbox';
import { reminderDaysLimits, reminderDaysOf } from '~/workflows/notifications/settings';
import type { Route } from './+types/admin-outbox';

export const meta: Route.MetaFunction = () => [{ title: 'Outbox · SPM Portal' }];

export async function loader({ request }: Route.LoaderArgs) {
  await requireAdmin(request);
  const db = getDb();
  return {
    sending: Boolean(process.env.SMTP_URL),
    // Read here, not in the page: their modules bring the database and nodemailer, which have no place in the browser.
    maxAttempts,
    limits: reminderDaysLimits,
    reminderDays: reminderDaysOf(db),
    rows: outboxRows(db).map((r) => ({
      ...r,
      status: r.sentAt ? 'Sent' : r.lastError ? (r.attempts >= maxAttempts ? 'Failed' : 'Error, will retry') : 'Waiting',
    })),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireAdmin(request);
  const fields = formObject(await request.formData());
  try {
    const days = setReminderDays({ db: getDb(), actor }, fields);
    return { ok: `Saved: signatures and reviews waiting ${days} day${days === 1 ? '' : 's'} or more are reminded.` };
  } catch (error) {
    return failure(error);
  }
}

type Row = Route.ComponentProps['loaderData']['rows'][number];
const at = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');
const columns: Column<Row>[] = [
  { id: 'to', header: 'To', value: (r) => r.toAddress },
  { id: 'subject', header: 'Subject', value: (r) => r.subject },
  { id: 'created', header: 'Created', value: (r) => r.createdAt, cell: (r) => at(r.createdAt) },
  { id: 'status', header: 'Status', value: (r) => r.status, filter: 'select' },
  { id: 'sent', header: 'Sent', value: (r) => r.sentAt ?? '', cell: (r) => at(r.sentAt) },
  { id: 'error', header: 'Last error', value: (r) => r.lastError ?? '' },
  { id: 'attempts', header: 'Attempts', value: (r) => r.attempts, numeric: true },
];

export default function AdminOutbox({ loaderData: d, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state !== 'idle';
  const errors = fieldErrorsOf(actionData);
  return (
    <>
      <h1>Outbox</h1>
      <p className="hint">
        {d.sending
          ? `Every notification is also sent as an e-mail over SMTP (SMTP_URL); a message that fails is tried again, up to ${d.maxAttempts} times.`
          : 'SMTP_URL is not set, so no e-mail is sent: the messages are kept here.'}
      </p>
      <ActionMessage result={actionData} />
      <Form method="post" className="card form" noValidate aria-label="Reminders">
        <h2>Reminders</h2>
        <label htmlFor="reminderDays">Remind a signature or review waiting this many days (and again every as many days)</label>
        <input
          id="reminderDays"
          name="reminderDays"
          inputMode="numeric"
          size={4}
          defaultValue={d.reminderDays}
          aria-invalid={errors.reminderDays ? true : undefined}
          aria-describedby={errors.reminderDays ? 'reminderDays-error' : undefined}
        />
        {errors.reminderDays && (
          <p className="field-error" id="reminderDays-error">
            {errors.reminderDays}
          </p>
        )}
        <p className="hint">
          From {d.limits.min} to {d.limits.max} days.
        </p>
        <button type="submit" disabled={busy}>
          Save reminders
        </button>
      </Form>
      <DataTable caption="E-mail outbox, newest first" rows={d.rows} columns={columns} rowKey={(r) => String(r.id)} empty="No messages yet." />
    </>
  );
}
