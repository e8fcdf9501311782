import type { AuditSubject } from '../audit-catalogue';
import { daysBetween } from '../changes/schedule';
import type { ChangeContext } from '../machines/change-request';
import type { GateContext } from '../machines/phase-gate';
import { type PlanApprovalContext, waitingOn } from '../machines/plan-approval';
import type { SignoffContext } from '../machines/requirement-signoff';
import { itemLinks } from '../notifications/links';

/** What a person can be waiting on others for: the review they requested, the version they submitted, the change they raised. */
export const waitingKinds = ['gate', 'requirement', 'plan', 'change'] as const;
export type WaitingKind = (typeof waitingKinds)[number];

/** The audit subject a reminder about each kind is recorded under (its id is the row's `id`). */
export const reminderSubjects: Record<WaitingKind, AuditSubject> = { gate: 'phase', requirement: 'requirement', plan: 'plan', change: 'change_request' };

export type WaitingRow = {
  kind: WaitingKind;
  /** The phase, requirement or change request id; `planId.number` for a plan version. */
  id: string;
  projectId: number;
  project: string;
  /** What waits, in words ("Scope gate review", "REQ-001 · Quota relief"). */
  what: string;
  link: string;
  /** The people it waits on, by name. */
  waitingOn: { id: number; name: string }[];
  /** Since when it waits on them (an ISO instant), its day and how many days that is; null if unknown. */
  since: string | null;
  sinceDay: string | null;
  days: number | null;
  /** Who requested, submitted or raised it: the one who waits. */
  requestedBy: number | null;
  /** When this person last reminded them (an ISO instant), or null. */
  remindedAt: string | null;
  /** The earliest instant this person may remind them again (null: now). */
  remindAgainAt: string | null;
};

/** A person reminds the same people about the same item at most once in this many hours. */
export const reminderWindowHours = 24;
const remindAgainAfter = (remindedAt: string | null) => (remindedAt ? new Date(Date.parse(remindedAt) + reminderWindowHours * 3_600_000).toISOString() : null);

/** When the current group of a plan version's route got its turn (an ISO instant), or null if unknown. */
export function turnSince(context: PlanApprovalContext): string | null {
  if (context.group === 0) return context.validation?.at ?? null;
  const before = context.signatures.filter((s) => s.group === context.group - 1).map((s) => s.at);
  return before.length ? before.sort().at(-1)! : null;
}

type Instance = { id: number };
export type WaitingSources = {
  today: string;
  projectName: Map<number, string>;
  /** Gate reviews in review on the person's projects, with their context. */
  gates: { id: number; projectId: number; name: string; state: string; instance: Instance; context: GateContext }[];
  requirements: { id: number; projectId: number; key: string; title: string; state: string; instance: Instance; context: SignoffContext }[];
  planVersions: { planId: number; projectId: number; planKey: string; number: number; state: string; instance: Instance; context: PlanApprovalContext }[];
  changes: { id: number; projectId: number; key: string; title: string; instance: Instance; context: ChangeContext }[];
  /** The latest review request, submission or assessment of each instance: when and by whom. */
  events: Map<number, { at: string; actorId: number | null }>;
  names: Map<number, string>;
  /**
   * Whether a person named to sign still holds a role that signs this kind on the project (one who left,
   * or now only views it, is not waited on: My work's own rule for what waits on them).
   */
  signs: (projectId: number, userId: number, kind: Exclude<WaitingKind, 'change'>) => boolean;
  /** When the person reading last reminded about each `subject:id`. */
  reminded: Map<string, string>;
};

/** The people whose ids are given, by name (an id no longer a user is left out). */
const people = (ids: number[], names: Map<number, string>) => ids.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! }));

/**
 * Every review and sign-off of the sources that waits on people, with who requested it: a gate review
 * (the approvers who have not signed, since the request, waited on by who requested it), a requirement
 * version in review (the signers who have not signed, since the submission, by its author), a plan
 * version in approval (the current group's approvers who have not signed, since the group's turn came,
 * by who submitted it), a change request assessed (its decider, since the assessment, by who raised
 * it). Oldest wait first. My work's "waiting on others" is the rows the person requested.
 */
export function waitingRows(s: WaitingSources): WaitingRow[] {
  const row = (r: Omit<WaitingRow, 'project' | 'sinceDay' | 'days' | 'remindedAt' | 'remindAgainAt'>): WaitingRow => {
    const sinceDay = r.since?.slice(0, 10) ?? null;
    const remindedAt = s.reminded.get(`${reminderSubjects[r.kind]}:${r.id}`) ?? null;
    return {
      ...r,
      project: s.projectName.get(r.projectId) ?? '',
      sinceDay,
      days: sinceDay ? daysBetween(sinceDay, s.today) : null,
      remindedAt,
      remindAgainAt: remindAgainAfter(remindedAt),
    };
  };
  const since = (instanceId: number) => s.events.get(instanceId)?.at ?? null;
  const rows = [
    ...s.gates
      .filter((g) => g.state === 'inReview')
      .map((g) =>
        row({
          kind: 'gate',
          id: String(g.id),
          projectId: g.projectId,
          what: `${g.name} gate review`,
          link: itemLinks.gate(g.projectId, g.id),
          waitingOn: people(
            g.context.approvers.filter((a) => !g.context.approvals.some((x) => x.userId === a) && s.signs(g.projectId, a, 'gate')),
            s.names,
          ),
          since: since(g.instance.id),
          requestedBy: g.context.requestedBy,
        }),
      ),
    ...s.requirements
      .filter((r) => r.state === 'inReview')
      .map((r) =>
        row({
          kind: 'requirement',
          id: String(r.id),
          projectId: r.projectId,
          what: `${r.key} · ${r.title}`,
          link: itemLinks.requirement(r.projectId, r.id),
          waitingOn: people(
            r.context.signers.filter((u) => !r.context.signatures.some((x) => x.userId === u) && s.signs(r.projectId, u, 'requirement')),
            s.names,
          ),
          since: since(r.instance.id),
          requestedBy: r.context.authorId,
        }),
      ),
    ...s.planVersions
      .filter((v) => v.state === 'inApproval')
      .map((v) =>
        row({
          kind: 'plan',
          id: `${v.planId}.${v.number}`,
          projectId: v.projectId,
          what: `${v.planKey} version ${v.number} (group ${v.context.group + 1})`,
          link: itemLinks.planVersion(v.projectId, v.planId, v.number),
          waitingOn: people(
            waitingOn(v.context)
              .map((a) => a.userId)
              .filter((u) => s.signs(v.projectId, u, 'plan')),
            s.names,
          ),
          since: turnSince(v.context),
          requestedBy: s.events.get(v.instance.id)?.actorId ?? null,
        }),
      ),
    ...s.changes.map((c) =>
      row({
        kind: 'change',
        id: String(c.id),
        projectId: c.projectId,
        what: `${c.key} · ${c.title}`,
        link: itemLinks.change(c.projectId, c.id),
        waitingOn: people([c.context.deciderId], s.names),
        since: since(c.instance.id),
        requestedBy: c.context.requesterId,
      }),
    ),
  ];
  return rows.filter((r) => r.waitingOn.length > 0).sort((a, b) => (a.since ?? '').localeCompare(b.since ?? ''));
}
