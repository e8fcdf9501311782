import { GateBadge } from './StatusBadge';

type Phase = {
  id: number;
  name: string;
  state: string;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
};

const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Phases as bars on one time axis: planned (outline) above actual (filled), with today marked. */
export function Timeline({ phases, today, targetDate }: { phases: Phase[]; today: string; targetDate: string }) {
  if (phases.length === 0) return <p className="empty">No phases planned.</p>;
  const days = phases.flatMap((p) => [p.plannedStart, p.plannedEnd, p.actualStart, p.actualEnd]).filter((d): d is string => !!d);
  const start = Math.min(...days.map(ms), ms(today));
  const end = Math.max(...days.map(ms), ms(today), ms(targetDate)) + 86_400_000;
  const pct = (day: string) => `${(((ms(day) - start) / (end - start)) * 100).toFixed(2)}%`;
  const width = (from: string, to: string) => `${(((ms(to) - ms(from) + 86_400_000) / (end - start)) * 100).toFixed(2)}%`;
  return (
    <div className="timeline">
      <table>
        <caption className="visually-hidden">Phases, planned against actual dates</caption>
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col">Planned</th>
            <th scope="col">Actual</th>
            <th scope="col" className="timeline-axis-head">
              Timeline (today {today}, target {targetDate})
            </th>
          </tr>
        </thead>
        <tbody>
          {phases.map((p) => {
            const actualEnd = p.actualEnd ?? (p.actualStart ? today : null);
            return (
              <tr key={p.id}>
                <th scope="row">
                  {p.name} <GateBadge state={p.state} />
                </th>
                <td>
                  {p.plannedStart} → {p.plannedEnd}
                </td>
                <td>{p.actualStart ? `${p.actualStart} → ${p.actualEnd ?? 'ongoing'}` : 'not started'}</td>
                <td className="timeline-lane" aria-hidden="true">
                  <span className="bar planned" style={{ left: pct(p.plannedStart), width: width(p.plannedStart, p.plannedEnd) }} />
                  {p.actualStart && actualEnd && (
                    <span
                      className={`bar actual${!p.actualEnd && today > p.plannedEnd ? ' late' : ''}`}
                      style={{ left: pct(p.actualStart), width: width(p.actualStart, actualEnd) }}
                    />
                  )}
                  <span className="today" style={{ left: pct(today) }} />
                  <span className="target" style={{ left: pct(targetDate) }} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
