import type { Conn } from '../db/client';
import { contractsOfPaymentMilestones, type KeyedSubject, type SubjectRef, subjectIdOf, subjectIdsByKey } from '../db/queries/audit-subjects';
import { auditActionLabel, auditSubjectLabel } from './audit-catalogue';
import { auditTransition } from './audit-states';
import { itemLinks } from './notifications/links';

/** An audit row as the audit pages store it (db/queries/audit auditPage). */
type Entry = {
  id: number;
  at: Date | string;
  actorName: string;
  projectId: number | null;
  projectName?: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  fromState: string | null;
  toState: string | null;
  detail: string;
};

const keyed: Record<string, KeyedSubject> = {
  requirement: 'requirement',
  test_case: 'test_case',
  defect: 'defect',
  change_request: 'change_request',
  raid_item: 'raid_item',
  selection: 'selection',
  deliverable: 'deliverable',
  plan: 'plan',
  contract: 'contract',
};

/** "REQ-001 v2" -> key REQ-001 and version 2; "NW-CB-2026" -> the key alone. */
function keyAndVersion(subjectId: string): { key: string; version: number | null } {
  const m = /^(.*) v(\d+)$/.exec(subjectId);
  return m ? { key: m[1]!, version: Number(m[2]) } : { key: subjectId, version: null };
}

const whole = (v: string) => (/^\d+$/.test(v) ? Number(v) : null);

/**
 * A page of audit rows as people read them: the action's label (not its code), the states before and
 * after in the machine's words, what the row is about, and the path of that item (null when the item
 * has no page, or no longer exists). People pages are linked only for an administrator.
 */
export function auditRowsForPeople(conn: Conn, entries: Entry[], opts: { admin: boolean }) {
  const refs: SubjectRef[] = entries.flatMap((e) => {
    const kind = keyed[e.subjectType];
    return kind && e.projectId !== null ? [{ projectId: e.projectId, kind, key: keyAndVersion(e.subjectId).key }] : [];
  });
  const found = subjectIdsByKey(conn, refs);
  const contractOf = contractsOfPaymentMilestones(
    conn,
    entries.flatMap((e) => (e.subjectType === 'payment_milestone' && whole(e.subjectId) !== null ? [Number(e.subjectId)] : [])),
  );

  const linkOf = (e: Entry): string | null => {
    const p = e.projectId;
    const n = whole(e.subjectId);
    if (e.subjectType === 'user') return opts.admin && n !== null ? itemLinks.person(n) : null;
    if (p === null) return null;
    const kind = keyed[e.subjectType];
    if (kind) {
      const { key, version } = keyAndVersion(e.subjectId);
      const id = subjectIdOf(found, { projectId: p, kind, key });
      if (id === undefined) return null;
      switch (kind) {
        case 'requirement':
          return itemLinks.requirement(p, id);
        case 'test_case':
          return itemLinks.testCase(p, id);
        case 'defect':
          return itemLinks.defect(p, id);
        case 'change_request':
          return itemLinks.change(p, id);
        case 'raid_item':
          return itemLinks.raidItem(p, id);
        case 'selection':
          return itemLinks.selection(p, id);
        case 'deliverable':
          return itemLinks.deliverable(p, id);
        case 'contract':
          return itemLinks.contract(p, id);
        case 'plan':
          return version === null ? itemLinks.plan(p, id) : itemLinks.planVersion(p, id, version);
      }
    }
    switch (e.subjectType) {
      case 'project':
        return itemLinks.project(p);
      case 'member':
        return itemLinks.members(p);
      case 'milestone':
      case 'schedule_baseline':
        return itemLinks.schedule(p);
      case 'commitment':
        return itemLinks.vendors(p);
      case 'recovery':
        return itemLinks.recovery(p);
      case 'e3_cycle':
        return itemLinks.optimization(p);
      case 'programme_period':
        return itemLinks.programmeData(p);
      case 'payment_milestone': {
        const contract = n === null ? undefined : contractOf.get(n);
        return contract === undefined ? null : itemLinks.contract(p, contract);
      }
    }
    if (n === null) return null;
    switch (e.subjectType) {
      case 'phase':
        return itemLinks.gate(p, n);
      case 'test_cycle':
        return itemLinks.testCycle(p, n);
      case 'parallel_run':
        return itemLinks.parallelRun(p, n);
      case 'baseline':
        return itemLinks.requirementBaseline(p, n);
      case 'modeling_dataset':
        return itemLinks.dataset(p, n);
      case 'scenario':
        return itemLinks.scenario(p, n);
      case 'status_report':
        return itemLinks.statusReport(p, n);
      default:
        return null;
    }
  };

  return entries.map((e) => ({
    id: e.id,
    at: typeof e.at === 'string' ? e.at : e.at.toISOString(),
    actor: e.actorName,
    project: e.projectName ?? null,
    projectId: e.projectId,
    action: auditActionLabel(e.action),
    subject: `${auditSubjectLabel(e.subjectType)} ${e.subjectId}`,
    link: linkOf(e),
    transition: auditTransition(e.subjectType, e.fromState, e.toState),
    detail: e.detail,
  }));
}
