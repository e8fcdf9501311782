import { useId } from 'react';
import type { KpiUnit as Unit } from '~/workflows/e3/kpis';

type Point = { period: string; value: string | null; shown: string };

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
/** an axis end in the KPI's unit, as the table beside shows it (compact for money: the table has the exact figures) */
function axisLabel(v: number, unit: Unit): string {
  switch (unit) {
    case 'money':
      return compact.format(v);
    case 'percent':
      return `${plain.format(v)}%`;
    case 'ratio':
      return `${plain.format(v)}×`;
    case 'days':
      return `${plain.format(v)} d`;
    default:
      return plain.format(v);
  }
}

/**
 * One KPI over the uploaded periods as a small accessible SVG line chart, with the signed baseline
 * (dashed) and the target (dotted) when the cycle tracks it. A period without a value breaks the line.
 * The numbers are in the KPI table beside it too. Props only: the page computes the values.
 */
export function KpiChart({
  label,
  unit,
  points,
  baseline,
  target,
}: {
  label: string;
  unit: Unit;
  points: Point[];
  baseline: string | null;
  target: string | null;
}) {
  const id = useId();
  const values = points.map((p) => (p.value === null ? null : Number(p.value)));
  const known = [...values.filter((v): v is number => v !== null), ...[baseline, target].filter((v): v is string => v !== null).map(Number)];
  if (known.length === 0) return <p className="empty">No values to chart for {label}.</p>;
  const w = 360;
  const h = 150;
  const left = 64;
  const right = 30;
  const top = 12;
  const bottom = 26;
  let min = Math.min(...known);
  let max = Math.max(...known);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const x = (i: number) => (points.length === 1 ? (left + w - right) / 2 : left + (i / (points.length - 1)) * (w - left - right));
  const y = (v: number) => h - bottom - ((v - min) / (max - min)) * (h - top - bottom);
  const runs: { i: number; v: number }[][] = [[]];
  values.forEach((v, i) => {
    if (v === null) runs.push([]);
    else runs.at(-1)!.push({ i, v });
  });
  const first = points[0]!;
  const last = points.at(-1)!;
  // The baseline and the target are named in the description and the caption, not on their lines.
  const reference = (v: string | null, dash: string) =>
    v === null ? null : <line x1={left} x2={w - right} y1={y(Number(v))} y2={y(Number(v))} stroke="#5b6675" strokeDasharray={dash} />;
  return (
    <figure className="chart kpi-chart">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{`${label}, ${first.period} to ${last.period}`}</title>
        <desc id={`${id}-desc`}>
          {`${label}: ${points.map((p) => `${p.period} ${p.shown}`).join('; ')}.${baseline !== null ? ` Baseline ${baseline}.` : ''}${target !== null ? ` Target ${target}.` : ''}`}
        </desc>
        {[min, max].map((v) => (
          <text key={v} x={left - 6} y={y(v) + 4} textAnchor="end" fontSize="11">
            {axisLabel(v, unit)}
          </text>
        ))}
        <line x1={left} y1={h - bottom} x2={w - right} y2={h - bottom} stroke="#9aa6b5" />
        {reference(baseline, '6 4')}
        {reference(target, '2 3')}
        {[0, points.length - 1].map((i) => (
          <text key={i} x={x(i)} y={h - 8} fontSize="11" textAnchor="middle">
            {points[i]!.period}
          </text>
        ))}
        {runs
          .filter((r) => r.length > 0)
          .map((run) => (
            <g key={run[0]!.i}>
              {run.length > 1 && (
                <polyline points={run.map((p) => `${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')} fill="none" stroke="#1f5fbf" strokeWidth="2.5" />
              )}
              {run.map((p) => (
                <circle key={p.i} cx={x(p.i).toFixed(1)} cy={y(p.v).toFixed(1)} r="3" fill="#1f5fbf" />
              ))}
            </g>
          ))}
      </svg>
      <figcaption>
        {label}
        {baseline !== null && ' · dashed: baseline'}
        {target !== null && ' · dotted: target'}
      </figcaption>
    </figure>
  );
}
