import { daysBetween } from '../changes/schedule';
import { itemLinks } from '../notifications/links';
import { isRaidOverdue, type OverdueFacts, raidDeadlineOf } from '../raid/overdue';
import { daysLate, isE3ReviewOverdue, isMilestoneOverdue, isPhaseOverdue } from '../status/overdue';
import { isOverdue as deliverableOverdue } from '../vendors/criteria';
import type { WaitingRow } from './waiting';

export type LateKind = 'milestone' | 'phase' | 'deliverable' | 'raid' | 'signoff' | 'e3review';

export type LateRow = {
  kind: LateKind;
  /** Unique in the list: the kind and the item's id. */
  key: string;
  projectId: number;
  project: string;
  /** What is late, in words ("Milestone Design signed off", "RISK-003 · Data feed late"). */
  what: string;
  /** The day it was due (for a sign-off: the day a reminder became due) and how many days late it is today. */
  due: string;
  daysLate: number;
  /** Who it is with (the owner, the firm, the people who have not signed), when known. */
  with: string;
  link: string;
};

export type LateSources = {
  today: string;
  projectName: Map<number, string>;
  /** The projects on which this person manages the schedule (and so is told what is late). */
  managed: Set<number>;
  /** The projects on which they manage vendors (overdue deliverables, already My work's `vendors.overdue`). */
  vendorManaged: Set<number>;
  milestones: { id: number; projectId: number; name: string; dueDate: string; doneOn: string | null }[];
  phases: { id: number; projectId: number; name: string; state: string; plannedEnd: string }[];
  raid: { item: OverdueFacts & { id: number; projectId: number; key: string; title: string }; owner: string | null }[];
  deliverables: { id: number; projectId: number; key: string; title: string; dueDate: string; firm: string; state: string }[];
  /** Reviews and sign-offs on their projects that wait on someone, requested by others (theirs are in "waiting on others"). */
  signoffs: WaitingRow[];
  /** After how many days a waiting signature is reminded: past it, the sign-off is late. */
  reminderDays: number;
  /** The latest E3 cycle of each project, with its state and next review's due day (status/overdue.ts). */
  e3Cycles?: { projectId: number; number: number; state: string; nextReviewDue: string | null }[];
};

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * What is late on the projects this person manages, by the same rules the project's status reads:
 * milestones past due (status/overdue.ts), phases past their planned end, vendor deliverables past
 * due and not accepted or waived (vendors/criteria.ts), open RAID items past their date
 * (raid/overdue.ts), and reviews or sign-offs that have waited `reminderDays` or more (the sweep's
 * reminder threshold). Latest first: the longest overdue on top.
 */
export function lateOnMyProjects(s: LateSources): LateRow[] {
  const project = (projectId: number) => s.projectName.get(projectId) ?? '';
  const rows: LateRow[] = [
    ...s.milestones
      .filter((m) => s.managed.has(m.projectId) && isMilestoneOverdue(m, s.today))
      .map((m) => ({
        kind: 'milestone' as const,
        key: `milestone:${m.id}`,
        projectId: m.projectId,
        project: project(m.projectId),
        what: `Milestone ${m.name}`,
        due: m.dueDate,
        daysLate: daysLate(m.dueDate, s.today),
        with: '',
        link: itemLinks.schedule(m.projectId),
      })),
    ...s.phases
      .filter((p) => s.managed.has(p.projectId) && isPhaseOverdue(p, s.today))
      .map((p) => ({
        kind: 'phase' as const,
        key: `phase:${p.id}`,
        projectId: p.projectId,
        project: project(p.projectId),
        what: `Phase ${p.name} (planned end)`,
        due: p.plannedEnd,
        daysLate: daysLate(p.plannedEnd, s.today),
        with: '',
        link: itemLinks.gate(p.projectId, p.id),
      })),
    ...s.deliverables
      .filter((d) => s.vendorManaged.has(d.projectId) && deliverableOverdue(d.state, d.dueDate, s.today))
      .map((d) => ({
        kind: 'deliverable' as const,
        key: `deliverable:${d.id}`,
        projectId: d.projectId,
        project: project(d.projectId),
        what: `Deliverable ${d.key} · ${d.title}`,
        due: d.dueDate,
        daysLate: daysLate(d.dueDate, s.today),
        with: d.firm,
        link: `/projects/${d.projectId}/deliverables/${d.id}`,
      })),
    ...s.raid
      .filter(({ item }) => s.managed.has(item.projectId) && isRaidOverdue(item, s.today))
      .map(({ item, owner }) => {
        const deadline = raidDeadlineOf(item)!;
        return {
          kind: 'raid' as const,
          key: `raid:${item.id}`,
          projectId: item.projectId,
          project: project(item.projectId),
          what: `${item.key} · ${item.title} (${deadline.label})`,
          due: deadline.date,
          daysLate: daysLate(deadline.date, s.today),
          with: owner ?? '',
          link: itemLinks.raidItem(item.projectId, item.id),
        };
      }),
    ...s.signoffs
      .filter((w) => s.managed.has(w.projectId) && w.sinceDay !== null && daysBetween(w.sinceDay, s.today) >= s.reminderDays)
      .map((w) => {
        const due = addDays(w.sinceDay!, s.reminderDays);
        return {
          kind: 'signoff' as const,
          key: `signoff:${w.kind}:${w.id}`,
          projectId: w.projectId,
          project: w.project,
          what: `Sign-off of ${w.what}, waiting since ${w.sinceDay}`,
          due,
          daysLate: daysLate(due, s.today),
          with: w.waitingOn.map((p) => p.name).join(', '),
          link: w.link,
        };
      }),
    ...(s.e3Cycles ?? [])
      .filter((c) => s.managed.has(c.projectId) && isE3ReviewOverdue(c, s.today))
      .map((c) => ({
        kind: 'e3review' as const,
        key: `e3review:${c.projectId}:${c.number}`,
        projectId: c.projectId,
        project: project(c.projectId),
        what: `E3 cadence review of cycle ${c.number}`,
        due: c.nextReviewDue!,
        daysLate: daysLate(c.nextReviewDue!, s.today),
        with: '',
        link: itemLinks.optimization(c.projectId),
      })),
  ];
  return rows.sort((a, b) => b.daysLate - a.daysLate || a.key.localeCompare(b.key));
}
