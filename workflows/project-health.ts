/**
 * A project's status computed from its data, with the rule that produced it: the PM and the PMO see
 * what is late and why, not an opinion.
 */
export type Health = { status: 'on track' | 'at risk' | 'late' | 'complete'; reasons: string[] };

type PhaseLike = { name: string; state: string; plannedEnd: string; actualStart: string | null };
type MilestoneLike = { name: string; dueDate: string; doneOn: string | null };

export function projectHealth(phases: PhaseLike[], milestones: MilestoneLike[], today: string): Health {
  const current = phases.find((p) => p.state !== 'approved' && p.state !== 'notStarted');
  if (!current) return { status: 'complete', reasons: ['Every phase gate is approved.'] };
  const reasons: string[] = [];
  let status: Health['status'] = 'on track';
  if (current.plannedEnd < today) {
    status = 'late';
    reasons.push(`${current.name} was planned to finish by ${current.plannedEnd} and its gate is not yet approved.`);
  }
  const overdue = milestones.filter((m) => !m.doneOn && m.dueDate < today);
  if (overdue.length > 0) {
    if (status === 'on track') status = 'at risk';
    reasons.push(`${overdue.length} milestone${overdue.length > 1 ? 's' : ''} overdue: ${overdue.map((m) => `${m.name} (due ${m.dueDate})`).join(', ')}.`);
  }
  if (current.state === 'sentBack') {
    if (status === 'on track') status = 'at risk';
    reasons.push(`The ${current.name} gate was sent back.`);
  }
  if (reasons.length === 0) reasons.push(`${current.name} is within its planned dates and no milestone is overdue.`);
  return { status, reasons };
}

export const currentPhase = <P extends PhaseLike>(phases: P[]): P | undefined =>
  phases.find((p) => p.state !== 'approved' && p.state !== 'notStarted') ?? phases.at(-1);
