import { useId } from 'react';

export type SweepChartPoint = { value: string; y: string | null };

/**
 * One figure of a sensitivity sweep against the varied value: a line through the steps computed so
 * far, drawn over the whole range so the line grows as the steps come in. The steps are also in the
 * table beside it.
 */
export function SweepChart({
  title,
  xLabel,
  yLabel,
  values,
  points,
}: {
  title: string;
  xLabel: string;
  yLabel: string;
  values: string[];
  points: SweepChartPoint[];
}) {
  const id = useId();
  const w = 420;
  const h = 220;
  const pad = { l: 52, r: 14, t: 12, b: 40 };
  const xs = values.map(Number);
  const ys = points.filter((p) => p.y !== null).map((p) => Number(p.y));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const lo = ys.length ? Math.min(...ys) : 0;
  const hi = ys.length ? Math.max(...ys) : 1;
  const [y0, y1] = lo === hi ? [lo - Math.abs(lo || 1) * 0.05, hi + Math.abs(hi || 1) * 0.05] : [lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05];
  const x = (v: number) => pad.l + ((v - x0) / (x1 - x0 || 1)) * (w - pad.l - pad.r);
  const y = (v: number) => h - pad.b - ((v - y0) / (y1 - y0 || 1)) * (h - pad.t - pad.b);
  const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  // axis ticks stay short (17.1M); the exact figures are in the table below the charts
  const tick = (v: number) => v.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 2 });
  const drawn = points.filter((p): p is { value: string; y: string } => p.y !== null);
  return (
    <figure className="chart sweep-chart">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>
          {drawn.length} of {values.length} steps computed
          {drawn.length > 0 && `, from ${fmt(Number(drawn[0]!.y))} at ${drawn[0]!.value} to ${fmt(Number(drawn.at(-1)!.y))} at ${drawn.at(-1)!.value}`}.
        </desc>
        {[y0, (y0 + y1) / 2, y1].map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} stroke="currentColor" strokeOpacity={0.15} />
            <text x={pad.l - 6} y={y(t) + 4} textAnchor="end" fontSize="11">
              {tick(t)}
            </text>
          </g>
        ))}
        {[x0, x1].map((t) => (
          <text key={t} x={x(t)} y={h - pad.b + 16} textAnchor="middle" fontSize="11">
            {fmt(t)}
          </text>
        ))}
        <text x={(w + pad.l) / 2} y={h - 6} textAnchor="middle" fontSize="11">
          {xLabel}
        </text>
        {drawn.length > 1 && (
          <polyline
            points={drawn.map((p) => `${x(Number(p.value)).toFixed(1)},${y(Number(p.y)).toFixed(1)}`).join(' ')}
            fill="none"
            stroke="#1f6feb"
            strokeWidth="2"
          />
        )}
        {drawn.map((p) => (
          <circle key={p.value} cx={x(Number(p.value)).toFixed(1)} cy={y(Number(p.y)).toFixed(1)} r="3.5" fill="#1f6feb" />
        ))}
      </svg>
      <figcaption>{yLabel}</figcaption>
    </figure>
  );
}
