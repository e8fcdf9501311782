import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { defects, testCases, testRuns } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { invalid, notFound } from '../errors';
import { id, severity } from '../input';
import { defectWorkflow } from '../machines/defect';
import { inProject, requireProjectPermission } from '../project-access';
import { createInstance } from '../runtime';
import { nextDefectKey } from '../testing/keys';

export const logDefectInput = z.object({
  runId: id(),
  /** The project of the URL the request came under: a subject of another project is not found there. */
  projectId: id(),
  /** The case of the URL: the run must be one of its runs. */
  caseId: id(),
  title: z.string().trim().min(5, 'Give the defect a title (at least 5 characters).').max(200),
  severity: severity(),
  steps: z.string().trim().min(1, 'Say how to reproduce it.').max(10_000),
});

/** A tester logs a defect against the failing run that showed it. */
export const logDefect = defineCommand({
  input: logDefectInput,
  handle: ({ tx, actor, at }, data) => {
    const c = inProject(tx.select().from(testCases).where(eq(testCases.id, data.caseId)).get(), data.projectId, 'No such test case in this project.');
    requireProjectPermission(tx, actor, c.projectId, 'defect.log');
    const run = tx.select().from(testRuns).where(eq(testRuns.id, data.runId)).get();
    if (run?.caseId !== c.id) throw notFound(`No such run of ${c.key}.`);
    if (run.result === 'passed') throw invalid('This run passed: log a defect against a failing or blocked run.');
    const key = nextDefectKey(tx, c.projectId);
    const instance = createInstance(tx, defectWorkflow, { input: undefined, subjectType: 'defect', subjectId: null, projectId: c.projectId, at });
    const defect = tx
      .insert(defects)
      .values({
        projectId: c.projectId,
        key,
        title: data.title,
        severity: data.severity,
        steps: data.steps,
        runId: run.id,
        caseId: c.id,
        instanceId: instance.id,
        createdBy: actor.id,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    emitAudit(tx, {
      at,
      actor: actor,
      projectId: c.projectId,
      action: 'defect.logged',
      subjectType: 'defect',
      subjectId: key,
      toState: 'open',
      after: { title: data.title, severity: data.severity, case: c.key, run: run.id },
    });
    return defect;
  },
});
