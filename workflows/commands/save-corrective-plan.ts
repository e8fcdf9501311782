import { z } from 'zod';
import { takeBaseline } from '../changes/schedule';
import { defineCommand } from '../command';
import { id, optionalVersion, text } from '../input';
import type { RoleChange } from '../machines/recovery';
import { itemLinks } from '../notifications/links';
import { notify } from '../notifications/notify';
import { applyRecoveryEvent, loadRecoveryFor } from '../recovery/access';

/** "Who: what they now do", one change in roles and responsibilities per line. */
const roleChanges = z
  .string()
  .max(8000, 'Keep it under 8,000 characters.')
  .transform((v, ctx): RoleChange[] => {
    const out: RoleChange[] = [];
    for (const [i, raw] of v.split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (!line) continue;
      const colon = line.indexOf(':');
      if (colon < 1 || !line.slice(colon + 1).trim()) {
        ctx.addIssue({ code: 'custom', message: `Line ${i + 1}: write “Who: what they now do”.` });
        return z.NEVER;
      }
      out.push({
        who: line.slice(0, colon).trim().slice(0, 200),
        responsibility: line
          .slice(colon + 1)
          .trim()
          .slice(0, 500),
      });
    }
    return out;
  })
  .pipe(
    z
      .array(z.object({ who: z.string(), responsibility: z.string() }))
      .min(1, 'Name who does what after the recovery, one per line.')
      .max(50),
  );

export const saveCorrectivePlanInput = z.object({
  projectId: id(),
  expectedVersion: optionalVersion(),
  summary: text({ max: 4000, min: 10, message: 'Summarise the corrective actions (at least 10 characters).' }),
  roleChanges,
});

/**
 * The PM saves the corrective plan: the phases and milestones as they now stand (re-planned on the same
 * page with the schedule's own commands) are frozen as a new schedule baseline, and the plan records
 * that baseline with the corrective actions and the changes in roles and responsibilities. Saving again
 * makes a new revision and a new baseline; the sponsor is told a plan awaits their acceptance.
 */
export const saveCorrectivePlan = defineCommand({
  input: saveCorrectivePlanInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadRecoveryFor(tx, actor, data.projectId, 'recovery.write');
    const revision = (loaded.context.plan?.revision ?? 0) + 1;
    // The machine refuses a plan outside "presented" before the baseline would be written: check first.
    const baseline = loaded.state === 'presented' ? takeBaseline(tx, actor, at, data.projectId, `Corrective plan, revision ${revision}`) : null;
    const applied = applyRecoveryEvent(tx, loaded, {
      event: {
        type: 'SAVE_PLAN',
        actor: loaded.party,
        at: at.toISOString(),
        summary: data.summary,
        roleChanges: data.roleChanges,
        baselineId: baseline?.id ?? null,
        baselineNumber: baseline?.number ?? null,
      },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'recovery.plan_saved',
      detail: `Corrective plan revision ${revision} saved as schedule baseline ${baseline?.number ?? '?'}.`,
    });
    notify(tx, {
      userIds: [loaded.context.sponsorId],
      projectId: data.projectId,
      kind: 'signature.requested',
      title: `Accept the corrective plan of ${loaded.project.name}`,
      body: `${actor.name} saved revision ${revision} of the corrective plan; as the sponsor you accept it with your signature.`,
      link: itemLinks.recoveryPlan(data.projectId),
      at,
    });
    return applied;
  },
});
