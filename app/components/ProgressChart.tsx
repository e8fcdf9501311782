type Point = { day: string; planned: number; executed: number; passed: number; future: boolean };

/** Planned, executed and passed cases over the days of a cycle, as an accessible SVG line chart. */
export function ProgressChart({ points, total }: { points: Point[]; total: number }) {
  if (points.length < 2 || total === 0) return <p className="empty">No cases to chart yet.</p>;
  const w = 640;
  const h = 200;
  const pad = 30;
  const x = (i: number) => pad + (i / (points.length - 1)) * (w - 2 * pad);
  const y = (v: number) => h - pad - (v / total) * (h - 2 * pad);
  const line = (f: (p: Point) => number, onlyPast: boolean) =>
    points
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => !onlyPast || !p.future)
      .map(({ p, i }) => `${x(i).toFixed(1)},${y(f(p)).toFixed(1)}`)
      .join(' ');
  const last = points.filter((p) => !p.future).at(-1) ?? points[0]!;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`Cycle progress: ${last.executed} of ${total} executed, ${last.passed} passed by ${last.day}`}>
        <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="#9aa6b5" />
        <line x1={pad} y1={pad} x2={pad} y2={h - pad} stroke="#9aa6b5" />
        <text x={pad - 6} y={y(total) + 4} textAnchor="end" fontSize="11">
          {total}
        </text>
        <text x={pad - 6} y={h - pad + 4} textAnchor="end" fontSize="11">
          0
        </text>
        <text x={pad} y={h - 8} fontSize="11">
          {points[0]!.day}
        </text>
        <text x={w - pad} y={h - 8} fontSize="11" textAnchor="end">
          {points.at(-1)!.day}
        </text>
        <polyline points={line((p) => p.planned, false)} fill="none" stroke="#7e9cc4" strokeDasharray="5 4" strokeWidth="2" />
        <polyline points={line((p) => p.executed, true)} fill="none" stroke="#1f5fbf" strokeWidth="2.5" />
        <polyline points={line((p) => p.passed, true)} fill="none" stroke="#1e7a3c" strokeWidth="2.5" />
      </svg>
      <figcaption>
        <span className="legend planned">planned</span> <span className="legend executed">executed</span> <span className="legend passed">passed</span>
      </figcaption>
    </figure>
  );
}
