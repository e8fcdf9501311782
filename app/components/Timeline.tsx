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

/** A milestone on its phase's lane: its due date now and, when a baseline is taken, the date the baseline froze. */
export type TimelineMilestone = {
  id: number;
  phaseId: number;
  name: string;
  dueDate: string;
  baseline: string | null;
  /** its latest move: the date before, and why (a change request's key or the PM's reason) */
  moved?: { from: string; why: string } | null;
};

const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
/** The earlier and the later of a milestone's baseline and due dates (ISO days sort as text). */
const spanOf = (m: TimelineMilestone): [string, string] => [m.baseline ?? m.dueDate, m.dueDate].sort() as [string, string];
const slipDays = (m: TimelineMilestone) => (m.baseline ? Math.round((ms(m.dueDate) - ms(m.baseline)) / 86_400_000) : 0);

/**
 * Phases as bars on one time axis: planned (outline) above actual (filled), with today marked; each
 * milestone is a diamond on its phase's lane, and one that slipped against the baseline also shows
 * where the baseline had it (a hollow diamond) joined to where it is now.
 */
export function Timeline({
  phases,
  today,
  targetDate,
  milestones = [],
}: {
  phases: Phase[];
  today: string;
  targetDate: string;
  milestones?: TimelineMilestone[];
}) {
  if (phases.length === 0) return <p className="empty">No phases planned.</p>;
  const days = [
    ...phases.flatMap((p) => [p.plannedStart, p.plannedEnd, p.actualStart, p.actualEnd]),
    ...milestones.flatMap((m) => [m.dueDate, m.baseline, m.moved?.from]),
  ].filter((d): d is string => !!d);
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
                <td>
                  {p.actualStart ? `${p.actualStart} → ${p.actualEnd ?? 'ongoing'}` : 'not started'}
                  {milestones
                    .filter((m) => m.phaseId === p.id && slipDays(m) !== 0)
                    .map((m) => (
                      <span key={m.id} className="slip">
                        <br />
                        {m.name}: {slipDays(m) > 0 ? '+' : '−'}
                        {Math.abs(slipDays(m))} day(s) against the baseline
                      </span>
                    ))}
                  {milestones
                    .filter((m) => m.phaseId === p.id && m.moved)
                    .map((m) => (
                      <span key={`moved-${m.id}`} className="slip">
                        <br />
                        {m.name}: moved {m.moved?.from} → {m.dueDate}
                        {m.moved?.why ? ` (${m.moved.why})` : ''}
                      </span>
                    ))}
                </td>
                <td className="timeline-lane" aria-hidden="true">
                  <span className="bar planned" style={{ left: pct(p.plannedStart), width: width(p.plannedStart, p.plannedEnd) }} />
                  {p.actualStart && actualEnd && (
                    <span
                      className={`bar actual${!p.actualEnd && today > p.plannedEnd ? ' late' : ''}`}
                      style={{ left: pct(p.actualStart), width: width(p.actualStart, actualEnd) }}
                    />
                  )}
                  {milestones
                    .filter((m) => m.phaseId === p.id)
                    .map((m) => (
                      <span key={m.id}>
                        {slipDays(m) !== 0 && m.baseline && (
                          <>
                            <span className="milestone baseline" title={`${m.name}: baseline ${m.baseline}`} style={{ left: pct(m.baseline) }} />
                            <span className="slip-line" style={{ left: pct(spanOf(m)[0]), width: width(...spanOf(m)) }} />
                          </>
                        )}
                        {m.moved && !(slipDays(m) !== 0 && m.baseline) && (
                          <>
                            <span className="milestone baseline" title={`${m.name}: was due ${m.moved.from}`} style={{ left: pct(m.moved.from) }} />
                            <span
                              className="slip-line"
                              style={{
                                left: pct([m.moved.from, m.dueDate].sort()[0] as string),
                                width: width(...([m.moved.from, m.dueDate].sort() as [string, string])),
                              }}
                            />
                          </>
                        )}
                        <span className="milestone" title={`${m.name}: due ${m.dueDate}`} style={{ left: pct(m.dueDate) }} />
                      </span>
                    ))}
                  <span className="today" style={{ left: pct(today) }} />
                  <span className="target" style={{ left: pct(targetDate) }} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ul className="timeline-legend" aria-label="Timeline legend">
        <li>
          <span className="bar planned" aria-hidden="true" /> planned
        </li>
        <li>
          <span className="bar actual" aria-hidden="true" /> actual
        </li>
        <li>
          <span className="bar actual late" aria-hidden="true" /> running past its planned end
        </li>
        <li>
          <span className="milestone" aria-hidden="true" /> milestone due
        </li>
        <li>
          <span className="milestone baseline" aria-hidden="true" /> where the baseline (or, without one, the date before its last move) had it
        </li>
        <li>
          <span className="today" aria-hidden="true" /> today ({today})
        </li>
        <li>
          <span className="target" aria-hidden="true" /> target go-live ({targetDate})
        </li>
      </ul>
    </div>
  );
}
