import { eq } from 'drizzle-orm';
import { testCases, testCycles } from '~/db/schema';
import { emitAudit } from '../audit';
import { nowOf } from '../clock';
import { invalid, notFound } from '../errors';
import { caseExecution } from '../machines/case-execution';
import { requireProjectPermission } from '../project-access';
import { createInstance } from '../runtime';
import { type CommandContext, immediate } from './context';

/**
 * A functional case: steps, each with its expected result (one per line, "action => expected").
 * The tester records its result by hand.
 */
export function createFunctionalCase(ctx: CommandContext, input: { cycleId: number; title: string; steps: string; critical?: boolean }) {
  const title = input.title.trim();
  const steps = input.steps
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [action, expected] = l.split('=>').map((s) => s.trim());
      return { action: action ?? '', expected: expected ?? '' };
    });
  const errors: Record<string, string> = {};
  if (title.length < 3) errors.title = 'Give the case a title.';
  if (steps.length === 0) errors.steps = 'Write at least one step.';
  else if (steps.some((s) => !s.action || !s.expected)) errors.steps = 'Write each step as "action => expected result".';
  if (Object.keys(errors).length) throw invalid('Check the highlighted fields.', errors);
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const cycle = tx.select().from(testCycles).where(eq(testCycles.id, input.cycleId)).get();
    if (!cycle) throw notFound('No such test cycle.');
    requireProjectPermission(tx, ctx.actor, cycle.projectId, 'test.write');
    const number = tx.select({ id: testCases.id }).from(testCases).where(eq(testCases.projectId, cycle.projectId)).all().length + 1;
    const key = `TC-${String(number).padStart(3, '0')}`;
    const instance = createInstance(tx, caseExecution, { input: undefined, subjectType: 'test case', subjectId: null, projectId: cycle.projectId, at });
    const row = tx
      .insert(testCases)
      .values({ projectId: cycle.projectId, cycleId: cycle.id, key, title, kind: 'functional', critical: !!input.critical, steps, expected: [], instanceId: instance.id, createdBy: ctx.actor.id, createdAt: at.toISOString() })
      .returning()
      .get();
    emitAudit(tx, { at, actor: ctx.actor, projectId: cycle.projectId, action: 'test.case_created', subjectType: 'test case', subjectId: key, after: { title, kind: 'functional', steps } });
    return row;
  }, immediate);
}
