import { data, Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { type Column, DataTable } from '~/app/components/DataTable';
import { PayCurve } from '~/app/components/PayCurve';
import { idParam } from '~/app/http/route.server';
import { chosenScenarios, scenarioQuery } from '~/app/modeling/compare.server';
import { DomainError } from '~/workflows/errors';
import { money } from '~/workflows/format/money';
import { inWorker } from '~/workflows/jobs/pool';
import type { ParticipantDelta } from '~/workflows/modeling/deltas';
import type { Route } from './+types/modeling-compare';

export const meta: Route.MetaFunction = () => [{ title: 'Compare scenarios · Plan modeling · SPM Portal' }];

/**
 * Up to four scenarios and the base side by side (`?scenario=1&scenario=2`): each run in full by the
 * engine in the worker thread, with each column's pay curve and, per scenario, who gains and who loses
 * against the base. A scenario id that is not a number, or not of this project, is not found.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const scenarioIds = chosenScenarios(request);
  try {
    const page = await inWorker({ name: 'comparePage', actor, input: { projectId, scenarioIds } });
    return {
      ...page,
      csv: `${href('/projects/:projectId/modeling/compare.csv', { projectId: String(projectId) })}${scenarioQuery(page.scenarioIds)}`,
    };
  } catch (error) {
    if (error instanceof DomainError) throw data(error.message, { status: error.status });
    throw error;
  }
}

const shown = (v: string | null) => money(v);
const difference = (v: string | null, base: string | null) => {
  if (v === null || base === null) return '';
  const d = Number(v) - Number(base);
  return d === 0 ? '' : ` (${d > 0 ? '+' : '−'}${shown(String(Math.abs(d)))})`;
};
const signed = (v: string) => {
  const d = Number(v);
  return `${d > 0 ? '+' : d < 0 ? '−' : ''}${shown(String(Math.abs(d)))}`;
};
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const deltaColumns: Column<ParticipantDelta>[] = [
  { id: 'participantId', header: 'Participant', value: (r) => r.participantId },
  { id: 'role', header: 'Role', value: (r) => r.role },
  { id: 'base', header: 'Base', value: (r) => Number(r.base), cell: (r) => shown(r.base), numeric: true },
  { id: 'scenario', header: 'Scenario', value: (r) => Number(r.scenario), cell: (r) => shown(r.scenario), numeric: true },
  { id: 'delta', header: 'Change', value: (r) => Number(r.delta), cell: (r) => signed(r.delta), numeric: true },
];

export default function ModelingCompare({ loaderData: d }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/modeling', { projectId })}>Plan modeling</Link> /
      </p>
      <h1>Compare scenarios</h1>
      <p className="hint">
        Each column is a full engine run; the base is the first scenario’s plan version unchanged on its dataset. Differences from the base are in brackets
        (shown rounded; the figures are exact).
      </p>
      <table>
        <caption>The base and the scenarios side by side</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {d.columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: two columns may share a name; the order is the identity
              <th scope="col" key={i}>
                {c.name}
                <br />
                <span className="muted">{c.on}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {d.figures.map((f) => (
            <tr key={f.label}>
              <th scope="row">{f.label}</th>
              {f.values.map((v, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: one cell per column, in column order
                <td className="num" key={i}>
                  {shown(v)}
                  {i > 0 && difference(v, f.values[0] ?? null)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {d.columns
        .filter((c) => c.problems.length > 0)
        .map((c) => (
          <div className="card warning" key={c.name}>
            <h2>The engine refused “{c.name}”</h2>
            <ul>
              {c.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ))}
      <h2>Pay curves</h2>
      <ul className="cards pay-curves">
        {d.columns.map((c, i) =>
          c.curve ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: two columns may share a name; the order is the identity
            <li key={i}>
              <h3>{c.name}</h3>
              {i === 0 ? (
                <PayCurve base={c.curve.points} scenario={[]} shown={c.curve.points.length} of={c.curve.of} />
              ) : (
                <PayCurve base={d.columns[0]?.curve?.points ?? []} scenario={c.curve.points} shown={c.curve.points.length} of={c.curve.of} />
              )}
            </li>
          ) : null,
        )}
      </ul>
      <p>
        <a href={d.csv} download>
          Download per-participant deltas (CSV)
        </a>{' '}
        <span className="muted">(every participant’s payout under the base and each scenario, and the change)</span>
      </p>
      {d.columns.map((c, i) =>
        c.deltas ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: two columns may share a name; the order is the identity
          <section key={i}>
            <h2>Who gains and who loses under {c.name}</h2>
            {c.deltas.winners === 0 && c.deltas.losers === 0 ? (
              <p>Nobody is paid differently under {c.name}: every participant is paid what the base pays.</p>
            ) : (
              <>
                <p>
                  {plural(c.deltas.winners, 'participant gains', 'participants gain')}, {plural(c.deltas.losers, 'participant loses', 'participants lose')},{' '}
                  {plural(c.deltas.unchanged, 'is', 'are')} paid the same; in all {signed(c.deltas.sum)} against the base. The tables show at most ten each way;
                  the CSV has every participant.
                </p>
                <DataTable
                  caption={`Largest gains under ${c.name}`}
                  rows={c.deltas.topWinners}
                  columns={deltaColumns}
                  rowKey={(r) => r.participantId}
                  empty="Nobody is paid more."
                />
                <DataTable
                  caption={`Largest falls under ${c.name}`}
                  rows={c.deltas.topLosers}
                  columns={deltaColumns}
                  rowKey={(r) => r.participantId}
                  empty="Nobody is paid less."
                />
              </>
            )}
          </section>
        ) : null,
      )}
      <Form method="get" action={href('/projects/:projectId/modeling', { projectId })}>
        <button type="submit">Back to the scenarios</button>
      </Form>
    </>
  );
}
