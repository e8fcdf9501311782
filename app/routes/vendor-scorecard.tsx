import { data, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ScorecardTrend } from '~/app/components/ScorecardTrend';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { firmOnProject } from '~/db/queries/vendor-work';
import { today } from '~/workflows/clock';
import { requireVendorAccess, seesFirm } from '~/workflows/vendors/access';
import type { Figure, FigureId } from '~/workflows/vendors/scorecard';
import { scorecardOf } from '~/workflows/vendors/scorecard-data';
import type { Route } from './+types/vendor-scorecard';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.firm.name ?? 'Vendor'} scorecard · SPM Portal` }];

const order: FigureId[] = ['onTime', 'firstPass', 'daysLate', 'defectSla', 'escapedDefects', 'commitmentsMet'];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const firmId = idParam(params.firmId);
  const { project, firmScope } = orThrowResponse(() => requireVendorAccess(db, actor, projectId, 'vendor.view'));
  const firm = seesFirm(firmScope, firmId) ? firmOnProject(db, projectId, firmId) : null;
  // Another firm's scorecard is not found, as its other records are: its existence does not leak.
  if (!firm) throw data('No such vendor on this project, or it is not shared with you.', { status: 404 });
  const card = scorecardOf(db, projectId, firmId, today());
  return { project: { id: project.id, name: project.name }, firm, card };
}

const shown = (f: Pick<Figure, 'value' | 'unit'>) => (f.value === null ? 'not applicable' : f.unit === '%' ? `${f.value} %` : `${f.value} days`);

export default function VendorScorecard({ loaderData }: Route.ComponentProps) {
  const { project, firm, card } = loaderData;
  const projectId = String(project.id);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/vendors', { projectId })}>Vendors</Link> /
      </p>
      <h1>
        {firm.name}: scorecard{' '}
        <span className={`badge grade grade-${card.grade.letter ?? 'none'}`}>{card.grade.letter ? `Grade ${card.grade.letter}` : 'Not graded yet'}</span>
      </h1>
      <p className="hint">
        As of {card.asOf}. {card.grade.reason}
      </p>

      <section className="card" aria-labelledby="to-date">
        <h2 id="to-date">To date</h2>
        <table>
          <caption className="visually-hidden">Scorecard figures to date, each with its rule</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">Value</th>
              <th scope="col">Of</th>
              <th scope="col">Rule</th>
            </tr>
          </thead>
          <tbody>
            {order.map((id) => {
              const f = card.toDate[id];
              return (
                <tr key={id}>
                  <th scope="row">{f.label}</th>
                  <td className="numeric">{shown(f)}</td>
                  <td className="muted">
                    {f.unit === '%' ? `${f.numerator} of ${f.denominator}` : `${f.numerator} days over ${f.denominator}`}
                    {f.hits.length > 0 && f.hits.length <= 12 && <div>{f.hits.join(', ')}</div>}
                  </td>
                  <td>{f.rule}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="hint">{card.gradeRule}</p>
      </section>

      <section className="card" aria-labelledby="trend">
        <h2 id="trend">Trend</h2>
        <ScorecardTrend points={card.trend} />
      </section>

      <section className="card" aria-labelledby="by-month">
        <h2 id="by-month">By month</h2>
        {card.months.length === 0 ? (
          <p className="empty">No history yet.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Scorecard figures per month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                {order.map((id) => (
                  <th key={id} scope="col">
                    {card.toDate[id].label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {card.months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m.month}</th>
                  {order.map((id) => (
                    <td key={id} className="numeric">
                      {shown(m.figures[id])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
