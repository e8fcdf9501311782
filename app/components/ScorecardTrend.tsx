import { useId } from 'react';
import type { TrendPoint } from '~/workflows/vendors/scorecard';

type Series = { key: 'onTime' | 'firstPass' | 'defectSla'; label: string; color: string; dash?: string };

/** The charted figures; each has its own colour and line pattern, so the legend reads without colour too. */
const SERIES: Series[] = [
  { key: 'onTime', label: 'On-time delivery', color: '#1f5fbf' },
  { key: 'firstPass', label: 'First-pass acceptance', color: '#1e7a3c', dash: '7 4' },
  { key: 'defectSla', label: 'Defect service level', color: '#a34700', dash: '2 3' },
];

const shown = (v: string | null) => (v === null ? 'not applicable' : `${v} %`);

/**
 * A vendor's scorecard to date at the end of each month, as an accessible SVG line chart: on-time
 * delivery, first-pass acceptance and defect service-level compliance (0-100 %). A month where a
 * figure is not applicable leaves a gap in its line. The values are also in a table for screen
 * readers and for anyone who wants the numbers. Props only: the page computes the trend.
 */
export function ScorecardTrend({ points }: { points: TrendPoint[] }) {
  const id = useId();
  if (points.length === 0) return <p className="empty">No months to chart yet.</p>;
  const w = 640;
  const h = 220;
  const left = 44;
  // Room for the last month's label, centred on the last point.
  const right = 32;
  const top = 16;
  const bottom = 30;
  const x = (i: number) => (points.length === 1 ? (left + w - right) / 2 : left + (i / (points.length - 1)) * (w - left - right));
  const y = (v: number) => h - bottom - (v / 100) * (h - top - bottom);
  /** Runs of consecutive applicable values: a not-applicable month breaks the line. */
  const runs = (s: Series) => {
    const out: { i: number; v: number }[][] = [[]];
    points.forEach((p, i) => {
      const v = p[s.key];
      if (v === null) out.push([]);
      else out.at(-1)!.push({ i, v: Number(v) });
    });
    return out.filter((r) => r.length > 0);
  };
  const last = points.at(-1)!;
  const summary = SERIES.map((s) => `${s.label.toLowerCase()} ${shown(last[s.key])}`).join(', ');
  const range = points.length === 1 ? points[0]!.month : `${points[0]!.month} to ${last.month}`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{`Scorecard trend, ${range}`}</title>
        <desc id={`${id}-desc`}>
          Figures to date at the end of each month. On {last.asOf}: {summary}; grade {last.grade ?? 'not graded yet'}.
        </desc>
        {[0, 50, 100].map((v) => (
          <g key={v}>
            <line x1={left} y1={y(v)} x2={w - right} y2={y(v)} stroke={v === 0 ? '#9aa6b5' : '#e3e8ee'} />
            <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize="11">
              {v} %
            </text>
          </g>
        ))}
        {points.map((p, i) => (
          <text key={p.month} x={x(i)} y={h - 10} fontSize="11" textAnchor="middle">
            {p.month}
          </text>
        ))}
        {SERIES.map((s) =>
          runs(s).map((run) => (
            <g key={`${s.key}-${run[0]!.i}`}>
              {run.length > 1 && (
                <polyline
                  points={run.map((p) => `${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}
                  fill="none"
                  stroke={s.color}
                  strokeWidth="2.5"
                  strokeDasharray={s.dash}
                />
              )}
              {run.map((p) => (
                <circle key={p.i} cx={x(p.i).toFixed(1)} cy={y(p.v).toFixed(1)} r="3.5" fill={s.color} />
              ))}
            </g>
          )),
        )}
      </svg>
      <figcaption>
        {SERIES.map((s) => (
          <span key={s.key} className="scorecard-legend" style={{ marginRight: '1em', whiteSpace: 'nowrap' }}>
            <svg width="28" height="10" aria-hidden="true" style={{ verticalAlign: 'middle', marginRight: '0.3em' }}>
              <line x1="1" y1="5" x2="27" y2="5" stroke={s.color} strokeWidth="2.5" strokeDasharray={s.dash} />
            </svg>
            {s.label}
          </span>
        ))}
      </figcaption>
      <details>
        <summary>Values by month</summary>
        <table>
          <caption className="visually-hidden">Scorecard figures to date at the end of each month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">As of</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
              <th scope="col">Grade</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.month}>
                <th scope="row">{p.month}</th>
                <td>{p.asOf}</td>
                {SERIES.map((s) => (
                  <td key={s.key}>{shown(p[s.key])}</td>
                ))}
                <td>{p.grade ?? 'not graded'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
