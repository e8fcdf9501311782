import type { TrendWeek } from '~/workflows/status/portfolio';

/** The status each week's published report froze, oldest first: one square per week, grey where none was published. */
export function StatusTrend({ weeks }: { weeks: TrendWeek[] }) {
  const published = weeks.filter((w) => w.colour);
  const label =
    published.length === 0
      ? 'No report published in these weeks.'
      : `Published status by week: ${published.map((w) => `${w.from} ${w.colour}${w.override ? ` (PM: ${w.override})` : ''}`).join(', ')}.`;
  return (
    <span className="trend" role="img" aria-label={label}>
      {weeks.map((w) => (
        <span
          key={w.from}
          className={`trend-week trend-${w.colour ?? 'none'}`}
          title={w.colour ? `${w.period} (week of ${w.from}): computed ${w.colour}${w.override ? `, PM ${w.override}` : ''}` : `Week of ${w.from}: no report`}
        />
      ))}
    </span>
  );
}
