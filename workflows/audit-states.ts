import type { AuditSubject } from './audit-catalogue';
import { executionStateLabels } from './machines/case-execution';
import { changeStateLabels } from './machines/change-request';
import { defectStateLabels } from './machines/defect';
import { deliverableStateLabels } from './machines/deliverable';
import { e3StateLabels } from './machines/e3-cycle';
import { gateStateLabels } from './machines/phase-gate';
import { planVersionStateLabels } from './machines/plan-approval';
import { selectionStateLabels } from './machines/platform-selection';
import { signoffStateLabels } from './machines/requirement-signoff';

/** The words for each machine state an audit row records, by the kind of subject the row is about. */
const stateLabels: Partial<Record<AuditSubject, Record<string, string>>> = {
  requirement: signoffStateLabels,
  parallel_run: signoffStateLabels,
  phase: gateStateLabels,
  plan: planVersionStateLabels,
  test_case: executionStateLabels,
  defect: defectStateLabels,
  deliverable: deliverableStateLabels,
  change_request: changeStateLabels,
  selection: selectionStateLabels,
  raid_item: { open: 'Open', closed: 'Closed' },
  status_report: { draft: 'Draft', published: 'Published' },
  commitment: { open: 'Open', met: 'Met', missed: 'Missed' },
  e3_cycle: e3StateLabels,
};

/** A stored state in words: the machine's own label, else the code spelled out ("inReview" -> "In review"). */
export function auditStateLabel(subjectType: string, state: string): string {
  const known = (stateLabels as Record<string, Record<string, string> | undefined>)[subjectType];
  if (known && Object.hasOwn(known, state)) return known[state]!;
  const words = state
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Active → In review", "→ Open" (created), "" when the row records no state. */
export function auditTransition(subjectType: string, from: string | null, to: string | null): string {
  if (!from && !to) return '';
  const said = (s: string | null) => (s ? auditStateLabel(subjectType, s) : '');
  return from === to ? said(to) : `${said(from)} → ${said(to)}`.trim();
}
