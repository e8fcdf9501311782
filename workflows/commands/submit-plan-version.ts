import { z } from 'zod';
import { defineCommand } from '../command';
import { shownFingerprint } from '../input';
import { itemLinks } from '../notifications/links';
import { notify } from '../notifications/notify';
import { applyPlanEvent, loadPlanVersionFor, planVersionRef, versionName } from '../plans/load';
import { unmetCriteria, validationOf } from '../plans/validation';

export const submitPlanVersionInput = z.object({ ...planVersionRef, fingerprint: shownFingerprint() });

/**
 * Sends a validated version to the first group of the plan's approval route. Refused, naming what is
 * missing (the payout cases that have not passed on this version, open defects, document problems),
 * unless every validation criterion is met now; the route is the plan's as it is at this moment.
 */
export const submitPlanVersion = defineCommand({
  input: submitPlanVersionInput,
  handle: ({ tx, actor, at }, input) => {
    const loaded = loadPlanVersionFor(tx, actor, input, 'plan.write');
    const validation = validationOf(tx, loaded.version);
    const route = loaded.plan.approvalRoute ?? [];
    const applied = applyPlanEvent(tx, loaded, {
      event: {
        type: 'SUBMIT',
        actor: { id: actor.id, roles: loaded.roles },
        at: at.toISOString(),
        route,
        fingerprint: input.fingerprint,
        unmet: unmetCriteria(validation.criteria),
        cases: validation.passed,
      },
      actor,
      at,
      action: 'plan.submitted',
      detail: `${versionName(loaded)} submitted for approval (${validation.passed.length} payout case${validation.passed.length === 1 ? '' : 's'} passed on it).`,
    });
    // The first group's turn has come; a later group is reminded by the sweep when its turn has waited.
    notify(tx, {
      userIds: (route[0]?.approvers ?? []).map((a) => a.userId),
      projectId: loaded.plan.projectId,
      kind: 'signature.requested',
      title: `Approve ${versionName(loaded)}`,
      body: `${actor.name} submitted ${versionName(loaded)} (${loaded.plan.name}) for approval; your group's signature is asked.`,
      link: itemLinks.planVersion(loaded.plan.projectId, loaded.plan.id, loaded.version.number),
      at,
    });
    return applied;
  },
});
