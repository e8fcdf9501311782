import { money } from '~/workflows/format/money';

type Bar = { name: string; total: string; byKind: Record<string, string> };
const colours = ['#1f5fbf', '#7e9cc4', '#1e7a3c', '#b36b00'];

/**
 * Five-year total cost of ownership per candidate as stacked horizontal SVG bars (licences,
 * implementation, internal staff, support). The amounts shown are the exact decimal strings; only the
 * bar lengths are scaled as numbers, which is drawing, not arithmetic on money.
 */
export function TcoChart({ bars, kinds }: { bars: Bar[]; kinds: { value: string; label: string }[] }) {
  const max = Math.max(0, ...bars.map((b) => Number(b.total)));
  if (bars.length === 0 || max === 0) return <p className="empty">No cost lines entered yet.</p>;
  // room for the longest name (about 7 px a character at 12 px), so "Product (Vendor)" is never cut
  const label = Math.min(340, Math.max(120, Math.ceil(Math.max(...bars.map((b) => b.name.length)) * 7) + 12));
  const w = label + 450;
  const row = 34;
  const h = bars.length * row + 10;
  const scale = (v: string) => (Number(v) / max) * (w - label - 110);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`Five-year cost: ${bars.map((b) => `${b.name} ${money(b.total)}`).join('; ')}`}>
        {bars.map((b, i) => {
          let x = label;
          return (
            <g key={b.name}>
              <text x={label - 6} y={i * row + 22} textAnchor="end" fontSize="12">
                {b.name}
              </text>
              {kinds.map((k, j) => {
                const width = scale(b.byKind[k.value] ?? '0');
                const rect = <rect key={k.value} x={x} y={i * row + 8} width={width} height={20} fill={colours[j % colours.length]} />;
                x += width;
                return rect;
              })}
              <text x={x + 6} y={i * row + 22} fontSize="12">
                {money(b.total)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {kinds.map((k, j) => (
          <span key={k.value} className="legend">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" fill={colours[j % colours.length]} />
            </svg>{' '}
            {k.label}{' '}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
