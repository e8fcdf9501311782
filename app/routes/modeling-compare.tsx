import { data, Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { idParam } from '~/app/http/route.server';
import { DomainError } from '~/workflows/errors';
import { inWorker } from '~/workflows/jobs/pool';
import { compareMax } from '~/workflows/modeling/scenarios';
import type { Route } from './+types/modeling-compare';

export const meta: Route.MetaFunction = () => [{ title: 'Compare scenarios · Plan modeling · SPM Portal' }];

/**
 * Up to four scenarios and the base side by side (`?scenario=1&scenario=2`): each run in full by the
 * engine in the worker thread. A scenario id that is not a number, or not of this project, is not found.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const chosen = new URL(request.url).searchParams.getAll('scenario');
  if (chosen.length === 0) throw data('Choose at least one scenario to compare.', { status: 400 });
  if (chosen.length > compareMax) throw data(`Choose at most ${compareMax} scenarios to compare.`, { status: 400 });
  const scenarioIds = chosen.map((v) => idParam(v));
  try {
    return await inWorker({ name: 'comparePage', actor, input: { projectId, scenarioIds } });
  } catch (error) {
    if (error instanceof DomainError) throw data(error.message, { status: error.status });
    throw error;
  }
}

const shown = (v: string | null) => (v === null ? '—' : Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const difference = (v: string | null, base: string | null) => {
  if (v === null || base === null) return '';
  const d = Number(v) - Number(base);
  return d === 0 ? '' : ` (${d > 0 ? '+' : '−'}${shown(String(Math.abs(d)))})`;
};

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
      <Form method="get" action={href('/projects/:projectId/modeling', { projectId })}>
        <button type="submit">Back to the scenarios</button>
      </Form>
    </>
  );
}
