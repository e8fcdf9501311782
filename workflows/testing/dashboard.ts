/**
 * A cycle's progress by day: planned (a straight line from none on the first day to every case on the
 * last), executed (cases run at least once by that day) and passed (cases whose latest run by that day
 * passed). Pure: the page draws it.
 */
export function cycleProgress(cycle: { plannedStart: string; plannedEnd: string }, cases: { runs: { at: string; result: string }[] }[], today: string) {
  const day = (iso: string) => iso.slice(0, 10);
  const firstRun = cases.flatMap((c) => c.runs.map((r) => day(r.at))).sort()[0];
  const start = [cycle.plannedStart, firstRun ?? cycle.plannedStart].sort()[0]!;
  const end = [cycle.plannedEnd, today].sort().at(-1)!;
  const days: string[] = [];
  for (let d = new Date(`${start}T00:00:00Z`); day(d.toISOString()) <= end; d.setUTCDate(d.getUTCDate() + 1)) days.push(day(d.toISOString()));
  const span = Math.max(Date.parse(cycle.plannedEnd) - Date.parse(cycle.plannedStart), 1);
  return days.map((d) => {
    const planned = Math.min(Math.max(((Date.parse(d) - Date.parse(cycle.plannedStart)) / span) * cases.length, 0), cases.length);
    let executed = 0;
    let passed = 0;
    for (const c of cases) {
      const upTo = c.runs.filter((r) => day(r.at) <= d);
      if (upTo.length > 0) executed++;
      if (upTo.at(-1)?.result === 'passed') passed++;
    }
    return { day: d, planned: Math.round(planned * 10) / 10, executed, passed, future: d > today };
  });
}
