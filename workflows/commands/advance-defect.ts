import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '~/db/client';
import { defects, planVersions, testCases, workflowInstances } from '~/db/schema';
import { defineCommand, RefuseAfterCommit } from '../command';
import { refused } from '../errors';
import { id, text } from '../input';
import { type DefectEvent, defectWorkflow } from '../machines/defect';
import type { Actor } from '../policy/roles';
import { inProject, requireProjectPermission } from '../project-access';
import { applyEvent, contextOf } from '../runtime';
import { caseStandings } from '../testing/coverage';
import { recordRun } from '../testing/record-run';

export const defectActions = ['START', 'FIX', 'VERIFY', 'CLOSE', 'REOPEN'] as const;
export type DefectAction = (typeof defectActions)[number];
const labels = { START: 'started', FIX: 'fixed', VERIFY: 'verified', CLOSE: 'closed', REOPEN: 'reopened' } as const satisfies Record<DefectAction, string>;

export const advanceDefectInput = z.object({
  defectId: id(),
  /** The project of the URL the request came under: a subject of another project is not found there. */
  projectId: id(),
  action: z.enum(defectActions, 'Choose what to do with the defect.'),
  /** The fix note (FIX) or the reason (REOPEN). */
  text: text({ max: 4000 }).default(''),
});

/**
 * Moves a defect through its workflow; the machine decides who may (the fixer never verifies).
 * A fix names the plan version that carries it. Verifying a defect found by a test case runs that
 * case now: a payout case on the plan's current version. The defect is verified only if the run
 * passes; otherwise the run is kept and the verification refused with the lines that still differ.
 */
export const advanceDefect = defineCommand({
  input: advanceDefectInput,
  handle: ({ tx, actor, at }, input) => {
    const defect = inProject(tx.select().from(defects).where(eq(defects.id, input.defectId)).get(), input.projectId, 'No such defect in this project.');
    const { roles } = requireProjectPermission(tx, actor, defect.projectId, 'test.view');
    const me = { id: actor.id, roles };
    const label = labels[input.action];
    const apply = (event: DefectEvent) =>
      applyEvent(tx, defectWorkflow, {
        instanceId: defect.instanceId,
        event,
        actor,
        at,
        audit: {
          action: `defect.${label}`,
          subjectType: 'defect',
          subjectId: defect.key,
          detail: input.text ? `${defect.key} ${label}: ${input.text}` : `${defect.key} ${label}.`,
        },
      });
    switch (input.action) {
      case 'FIX':
        return apply({ type: 'FIX', actor: me, note: input.text, planVersionId: fixPlanVersion(tx, defect) });
      case 'REOPEN':
        return apply({ type: 'REOPEN', actor: me, reason: input.text });
      case 'VERIFY':
        return verify(tx, { defect, actor, at, me, apply });
      default:
        return apply({ type: input.action, actor: me });
    }
  },
});

/**
 * The plan version that carries the fix: the latest version of the plan the defect's case runs on (a
 * fix is made in a new version, a draft until it is approved and published; the defect is verified on
 * it once it is in effect).
 */
function fixPlanVersion(tx: Tx, defect: typeof defects.$inferSelect): number | null {
  if (!defect.caseId) return null;
  const row = tx
    .select({ version: planVersions.id })
    .from(testCases)
    .innerJoin(planVersions, eq(planVersions.planId, testCases.planId))
    .where(eq(testCases.id, defect.caseId))
    .orderBy(desc(planVersions.number))
    .limit(1)
    .get();
  return row?.version ?? null;
}

function verify(
  tx: Tx,
  opts: {
    defect: typeof defects.$inferSelect;
    actor: Actor;
    at: Date;
    me: DefectEvent['actor'];
    apply: (event: DefectEvent) => ReturnType<typeof applyEvent>;
  },
) {
  const { defect, me } = opts;
  if (!defect.caseId) return opts.apply({ type: 'VERIFY', actor: me, runId: null });
  // Who may verify is decided before anything runs: a refused person starts no run.
  const instance = tx.select().from(workflowInstances).where(eq(workflowInstances.id, defect.instanceId)).get()!;
  const refusal = defectWorkflow.mayNot(contextOf(defectWorkflow, instance), 'VERIFY', me);
  if (refusal || String(instance.stateValue) !== 'fixed') return opts.apply({ type: 'VERIFY', actor: me, runId: null });
  const testCase = tx.select().from(testCases).where(eq(testCases.id, defect.caseId)).get()!;
  if (testCase.kind === 'payout') {
    requireProjectPermission(tx, opts.actor, defect.projectId, 'test.run');
    const run = recordRun(tx, { testCase, actor: opts.actor, at: opts.at });
    if (run.result !== 'passed') {
      const failing = run.lines.filter((l) => !l.ok);
      const lines = failing.length
        ? failing.map((l) => `${l.participantId} ${l.componentId}: expected ${l.expected}, engine ${l.actual ?? 'no line'}`).join('; ')
        : run.summary;
      return new RefuseAfterCommit(
        refused(`${testCase.key} still ${run.result === 'blocked' ? 'cannot run' : 'fails'}, so ${defect.key} is not verified. ${lines}`),
      );
    }
    return opts.apply({ type: 'VERIFY', actor: me, runId: run.id });
  }
  // A functional case is run by a person: its latest recorded result must stand passed.
  const [standing] = caseStandings(tx, { projectId: defect.projectId, caseIds: [testCase.id] });
  if (standing?.standing.result !== 'passed')
    throw refused(`${testCase.key} does not stand passed (${standing?.standing.result ?? 'not run'}): record a passing run of it, then verify ${defect.key}.`);
  return opts.apply({ type: 'VERIFY', actor: me, runId: standing.standing.runId });
}
