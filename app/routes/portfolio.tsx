import { href } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { type Column, DataTable } from '~/app/components/DataTable';
import { GateBadge } from '~/app/components/StatusBadge';
import { StatusTrend } from '~/app/components/StatusTrend';
import { orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { type PortfolioRow, portfolio, trendWeeks } from '~/workflows/status/portfolio';

import type { Route } from './+types/portfolio';

export const meta: Route.MetaFunction = () => [{ title: 'Portfolio · SPM Portal' }];

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const day = today();
  // The number of weeks travels with the data: importing it into the page would bring the server's modules to the browser.
  return { rows: orThrowResponse(() => portfolio(getDb(), actor, day)), today: day, weeks: trendWeeks };
}

/** Reasons shown per row; the project page has every rule with its figure. */
const shownReasons = 3;
const overdueTotal = (r: PortfolioRow) => r.overdue.gates + r.overdue.milestones + r.overdue.deliverables + r.overdue.raid;

const columns: Column<PortfolioRow>[] = [
  { id: 'name', header: 'Project', value: (r) => r.name, link: (r) => href('/projects/:projectId', { projectId: String(r.id) }) },
  { id: 'client', header: 'Client', value: (r) => r.client, hiddenByDefault: true },
  { id: 'methodology', header: 'Methodology', value: (r) => r.methodology, filter: 'select' },
  { id: 'phase', header: 'Current phase', value: (r) => r.phase },
  {
    id: 'gate',
    header: 'Next gate',
    value: (r) => r.nextGate?.date ?? '',
    cell: (r) =>
      r.nextGate ? (
        <>
          {r.nextGate.name} <span className="nowrap">{r.nextGate.date}</span> <GateBadge state={r.nextGate.state} />
        </>
      ) : (
        'all approved'
      ),
  },
  {
    id: 'status',
    header: 'Status',
    value: (r) => r.colour,
    cell: (r) => (
      <>
        <span className={`badge rag-${r.colour}`}>{r.colour}</span>
        {r.override && (
          <span title={r.override.reason}>
            {' '}
            · PM: <span className={`badge rag-${r.override.colour}`}>{r.override.colour}</span>
          </span>
        )}
      </>
    ),
    filter: 'select',
  },
  {
    id: 'reasons',
    header: 'Why',
    value: (r) => r.reasons.join(' '),
    cell: (r) =>
      r.deciding.length === 0 ? (
        'Every rule is green.'
      ) : (
        <ul className="reasons">
          {r.deciding.slice(0, shownReasons).map((d) => (
            <li key={d.label} title={d.detail || undefined}>
              {d.label}: {d.shown}
            </li>
          ))}
          {r.reasons.length > Math.min(shownReasons, r.deciding.length) && (
            <li className="muted">and {r.reasons.length - Math.min(shownReasons, r.deciding.length)} more on the project page</li>
          )}
        </ul>
      ),
  },
  {
    id: 'overdue',
    header: 'Overdue',
    value: overdueTotal,
    numeric: true,
    cell: (r) => (
      <span
        title={`${r.overdue.gates} gate(s), ${r.overdue.milestones} milestone(s), ${r.overdue.deliverables} deliverable(s), ${r.overdue.raid} RAID item(s) overdue`}
      >
        {overdueTotal(r)}
      </span>
    ),
  },
  { id: 'changes', header: 'Open changes', value: (r) => r.openChanges, numeric: true },
  { id: 'trend', header: 'Weekly trend', value: (r) => r.trend.filter((w) => w.colour).length, cell: (r) => <StatusTrend weeks={r.trend} /> },
];

export default function Portfolio({ loaderData }: Route.ComponentProps) {
  const { rows } = loaderData;
  const count = (colour: string) => rows.filter((r) => r.colour === colour).length;
  return (
    <>
      <div className="page-head">
        <h1>Portfolio</h1>
      </div>
      <p className="muted">
        Each project’s status is computed from its live data by the status rules (the worst rule gives the colour; “Why” lists the rules that decided it). A
        project manager’s own colour shows beside it. The weekly trend is the status each published report froze, over the last {loaderData.weeks} weeks.
      </p>
      <p aria-live="polite">
        {rows.length} project{rows.length === 1 ? '' : 's'}: <span className="badge rag-red">{count('red')} red</span>{' '}
        <span className="badge rag-amber">{count('amber')} amber</span> <span className="badge rag-green">{count('green')} green</span>
      </p>
      <DataTable
        caption="Projects on the portfolio"
        rows={rows}
        columns={columns}
        rowKey={(r) => String(r.id)}
        empty="No projects you manage or oversee yet."
      />
    </>
  );
}
