import { Form, Link } from 'react-router';
import type { LateRow } from '~/workflows/my-work/late';
import type { WaitingRow } from '~/workflows/my-work/waiting';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const names = (row: WaitingRow) => row.waitingOn.map((p) => p.name).join(', ');

/** My work's "Late on your projects": what is past its date on the projects the person manages, longest overdue first. */
export function LateList({ rows }: { rows: LateRow[] }) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="late">
      <h2 id="late">Late on your projects</h2>
      <ul className="worklist">
        {rows.map((r) => (
          <li key={r.key}>
            <Link to={r.link}>{r.what}</Link> <span className="muted">· {r.project}</span>{' '}
            <span className="badge warning">
              {r.kind === 'signoff' ? 'reminder due' : 'due'} <time dateTime={r.due}>{r.due}</time>, {days(r.daysLate)} late
            </span>
            {r.with && <span className="muted"> · with {r.with}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * My work's "Waiting on others": what the person requested, submitted or raised, the people it waits
 * on by name, since when, and a button (a plain POST form, no script needed) that reminds them.
 */
export function WaitingOnOthers({ rows, busy, now }: { rows: WaitingRow[]; busy: boolean; now: string }) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="waiting-on-others">
      <h2 id="waiting-on-others">Waiting on others</h2>
      <ul className="worklist">
        {rows.map((r) => (
          <li key={`${r.kind}:${r.id}`}>
            <Link to={r.link}>{r.what}</Link> <span className="muted">· {r.project}</span>
            <div>
              Waiting on {names(r)}
              {r.sinceDay && (
                <>
                  {' '}
                  since <time dateTime={r.since ?? r.sinceDay}>{r.sinceDay}</time> ({days(r.days ?? 0)})
                </>
              )}
              {r.remindedAt && (
                <span className="muted">
                  {' '}
                  · Reminded <time dateTime={r.remindedAt}>{r.remindedAt.slice(0, 16).replace('T', ' ')} UTC</time>
                </span>
              )}
            </div>
            {r.remindAgainAt && r.remindAgainAt > now ? (
              <p className="muted">
                You can remind them again after <time dateTime={r.remindAgainAt}>{r.remindAgainAt.slice(0, 16).replace('T', ' ')} UTC</time>.
              </p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="remind" />
                <input type="hidden" name="kind" value={r.kind} />
                <input type="hidden" name="id" value={r.id} />
                <button type="submit" className="link-button" disabled={busy} aria-label={`Remind ${names(r)} about ${r.what} (${r.project})`}>
                  Remind
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
