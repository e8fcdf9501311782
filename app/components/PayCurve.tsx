import { useId } from 'react';

export type CurvePoint = { participantId: string; attainment: string | null; payoutPct: string | null };
export type DesignedPoint = { attainment: string; payoutPct: string | null };

/**
 * The pay curve of a modeling run: one dot per participant, attainment (x, 0 to 200 %) against payout
 * as a percentage of target incentive (y), the base in grey and the scenario in colour. Points beyond
 * the axes sit on the edge. The table beside it (a DataTable on the page) carries the same points.
 */
export function PayCurve({
  base,
  scenario,
  shown,
  of,
  designed,
}: {
  base: CurvePoint[];
  scenario: CurvePoint[];
  shown: number;
  of: number;
  /** the plan's designed curves (workflows/modeling/designed-curve.ts), drawn as lines over the dots */
  designed?: { base: DesignedPoint[] | null; scenario: DesignedPoint[] | null };
}) {
  const id = useId();
  const w = 640;
  const h = 320;
  const pad = { l: 48, r: 12, t: 12, b: 36 };
  const xMax = 2;
  const yMax = Math.max(
    200,
    Math.ceil(
      Math.max(
        0,
        ...[...base, ...scenario, ...(designed?.base ?? []), ...(scenario.length > 0 ? (designed?.scenario ?? []) : [])].map((p) =>
          p.payoutPct === null ? 0 : Math.min(Number(p.payoutPct), 400),
        ),
      ) / 50,
    ) * 50,
  );
  const x = (a: number) => pad.l + (Math.min(Math.max(a, 0), xMax) / xMax) * (w - pad.l - pad.r);
  const y = (p: number) => h - pad.b - (Math.min(Math.max(p, 0), yMax) / yMax) * (h - pad.t - pad.b);
  const dots = (points: CurvePoint[], className: string) =>
    points
      .filter((p) => p.attainment !== null && p.payoutPct !== null)
      .map((p) => <circle key={`${className}-${p.participantId}`} className={className} cx={x(Number(p.attainment))} cy={y(Number(p.payoutPct))} r={2.5} />);
  const line = (points: DesignedPoint[] | null | undefined) =>
    (points ?? [])
      .filter((p) => p.payoutPct !== null)
      .map((p) => `${x(Number(p.attainment)).toFixed(1)},${y(Number(p.payoutPct)).toFixed(1)}`)
      .join(' ');
  const xTicks = [0, 0.5, 1, 1.5, 2];
  const yTicks = Array.from({ length: yMax / 50 + 1 }, (_, i) => i * 50).filter((t) => t % (yMax > 300 ? 100 : 50) === 0);
  return (
    <figure className="chart pay-curve">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>Pay curve: payout as % of target incentive against attainment</title>
        <desc id={`${id}-desc`}>
          {shown === of ? `${of} participants` : `${shown} of ${of} participants`}, base in grey, scenario in colour. The table below lists the same points.
        </desc>
        {xTicks.map((t) => (
          <g key={`x${t}`}>
            <line x1={x(t)} x2={x(t)} y1={pad.t} y2={h - pad.b} stroke="currentColor" strokeOpacity={0.15} />
            <text x={x(t)} y={h - pad.b + 16} textAnchor="middle" fontSize="11">
              {t * 100} %
            </text>
          </g>
        ))}
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} stroke="currentColor" strokeOpacity={0.15} />
            <text x={pad.l - 6} y={y(t) + 4} textAnchor="end" fontSize="11">
              {t} %
            </text>
          </g>
        ))}
        <text x={(w + pad.l) / 2} y={h - 4} textAnchor="middle" fontSize="11">
          Attainment
        </text>
        <g fill="#999" fillOpacity={0.6}>
          {dots(base, 'base')}
        </g>
        <g fill="#1f6feb" fillOpacity={0.7}>
          {dots(scenario, 'scenario')}
        </g>
        {designed?.base && <polyline className="designed-base" points={line(designed.base)} fill="none" stroke="#555" strokeWidth="2" strokeDasharray="6 4" />}
        {designed?.scenario && scenario.length > 0 && (
          <polyline className="designed-scenario" points={line(designed.scenario)} fill="none" stroke="#0b3d91" strokeWidth="2.5" />
        )}
      </svg>
      <figcaption>
        {scenario.length > 0 ? (
          <>
            <span style={{ color: '#999' }}>●</span> base (the version unchanged) · <span style={{ color: '#1f6feb' }}>●</span> scenario
          </>
        ) : (
          <>
            <span style={{ color: '#999' }}>●</span> one participant
          </>
        )}
        {designed?.base && ` · dashed line: the ${scenario.length > 0 ? 'base' : 'plan'} as designed`}
        {designed?.scenario && scenario.length > 0 && ' · solid line: the scenario as designed'}
        {shown < of && ` · one participant in ${Math.ceil(of / shown)} drawn; the figures use all ${of.toLocaleString('en-US')}`}
      </figcaption>
    </figure>
  );
}
