import { and, asc, eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { requirementVersions, requirements, workflowInstances } from '~/db/schema';
import type { ChecklistItem } from './machines/phase-gate';

/** Criteria the portal computes from live data. Each names its rule so the page can show it. */
export const evidenceKinds = ['requirements.mustSignedOff'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

export type EvidenceResult = { key: string; label: string; rule: string; met: boolean; missing: string[] };

function mustSignedOff(conn: Conn, projectId: number) {
  const rows = conn
    .select({ key: requirements.key, title: requirementVersions.title, state: workflowInstances.stateValue })
    .from(requirements)
    .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
    .where(and(eq(requirements.projectId, projectId), eq(requirementVersions.priority, 'must')))
    .orderBy(asc(requirements.key))
    .all()
    .filter((r) => r.state !== 'retired');
  return {
    rule: 'Every current, not retired, must-have requirement of the project is signed off.',
    missing: rows.filter((r) => r.state !== 'signedOff').map((r) => `${r.key} ${r.title} (${String(r.state)})`),
  };
}

const evaluators: Record<EvidenceKind, (conn: Conn, projectId: number) => { rule: string; missing: string[] }> = {
  'requirements.mustSignedOff': mustSignedOff,
};

/** Evaluates the computed criteria of a gate checklist now. */
export function evaluateEvidence(conn: Conn, projectId: number, checklist: ChecklistItem[]): EvidenceResult[] {
  return checklist
    .filter((item) => item.evidence)
    .map((item) => {
      const evaluate = evaluators[item.evidence as EvidenceKind];
      const { rule, missing } = evaluate ? evaluate(conn, projectId) : { rule: 'Unknown rule', missing: [`unknown evidence ${item.evidence}`] };
      return { key: item.key, label: item.label, rule, met: missing.length === 0, missing };
    });
}

/** What the gate events carry: one line per unmet computed criterion. */
export const unmetOf = (results: EvidenceResult[]) =>
  results.filter((r) => !r.met).map((r) => `${r.label} (missing: ${r.missing.slice(0, 5).join(', ')}${r.missing.length > 5 ? `, and ${r.missing.length - 5} more` : ''})`);
