import type { ProjectRole } from '~/db/schema';
import { phaseGate } from '../machines/phase-gate';
import { type Actor, mayOnProject } from '../policy/roles';
import { availableEvents, type InstanceRef } from '../runtime';
import type { EvidenceResult } from './evidence';

export type GateActions = { requestReview: boolean; approve: boolean; reject: boolean };

/**
 * Which gate forms this person sees now: the events the gate's current state has transitions for,
 * that the machine's who-may check lets them send (their place in the review, the computed criteria)
 * and that the policy grants their role. What they will write in the form is not guessed at: the
 * machine checks it when the real event comes.
 */
export function gateActionsFor(
  instance: InstanceRef,
  actor: Actor,
  roles: ProjectRole[],
  unmetEvidence: string[],
  definition: typeof phaseGate = phaseGate,
): GateActions {
  const events = availableEvents(definition, instance, { actor: { id: actor.id, roles }, unmetEvidence });
  const decides = mayOnProject(actor, roles, 'gate.decide');
  return {
    requestReview: events.has('REQUEST_REVIEW') && mayOnProject(actor, roles, 'gate.requestReview'),
    approve: events.has('APPROVE') && decides,
    reject: events.has('REJECT') && decides,
  };
}

/** A computed criterion as one person may see it: `missing` is empty and `withheld` says why when their role does not show those items. */
export type ShownEvidence = Omit<EvidenceResult, 'shownWith'> & { missingCount: number; withheld: string | null };

/**
 * The gate's computed criteria as this person may see them. Whether each is met, its rule and how many
 * items keep it unmet are for everyone who sees the gate; the items themselves (requirement keys and
 * titles, test cases, defects, parallel runs) only for those whose role lets them read such items, as
 * the pages of those items do: a vendor representative sees that must-haves are missing, not which.
 */
export function evidenceShownTo(results: EvidenceResult[], actor: Actor, roles: ProjectRole[]): ShownEvidence[] {
  return results.map(({ shownWith, ...r }) =>
    mayOnProject(actor, roles, shownWith)
      ? { ...r, missingCount: r.missing.length, withheld: null }
      : {
          ...r,
          missing: [],
          missingCount: r.missing.length,
          withheld: r.met ? null : `Your role on this project does not show ${r.items}, so they are not listed here.`,
        },
  );
}
