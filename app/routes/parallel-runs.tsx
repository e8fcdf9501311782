import { Form, href, Link, redirect } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { ProblemList } from '~/app/components/ProblemList';
import { RequirementBadge } from '~/app/components/StatusBadge';
import { readFormWithin } from '~/app/http/body.server';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectParallelRuns, projectPlans } from '~/db/queries/testing';
import { inWorker, warmJobs } from '~/workflows/jobs/pool';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import { datasetLimits, maxDatasetFormBytes } from '~/workflows/testing/payout-case';
import type { Route } from './+types/parallel-runs';

export const meta: Route.MetaFunction = () => [{ title: 'Parallel runs · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  // A new run is computed in a worker thread: start it for someone who may make one.
  if (mayOnProject(actor, roles, 'test.write')) warmJobs();
  return {
    project: { id: project.id, name: project.name },
    runs: projectParallelRuns(db, projectId),
    plans: projectPlans(db, projectId).map((p) => ({ id: p.plan.id, key: p.plan.planKey })),
    mayWrite: mayOnProject(actor, roles, 'test.write'),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  // Never read more than four files within their limits (and the fields around them).
  const read = await readFormWithin(request, { maxBytes: maxDatasetFormBytes, tooLarge: `The files are larger than the limit: ${datasetLimits} per file.` });
  if (!read.ok) return read.refusal;
  const text = async (k: string) => {
    const v = read.form.get(k);
    return v instanceof File ? await v.text() : String(v ?? '');
  };
  try {
    // In the worker thread: the engine run and the variance lines do not hold up other requests.
    const run = await inWorker({
      name: 'createParallelRun',
      actor,
      input: {
        projectId,
        name: await text('name'),
        planId: await text('planId'),
        period: (await text('period')).trim(),
        participantsCsv: await text('participantsCsv'),
        quotasCsv: await text('quotasCsv'),
        transactionsCsv: await text('transactionsCsv'),
        legacyCsv: await text('legacyCsv'),
        threshold: await text('threshold'),
      },
    });
    return redirect(href('/projects/:projectId/parallel-runs/:runId', { projectId: String(projectId), runId: String(run.id) }));
  } catch (error) {
    return failure(error);
  }
}

export default function ParallelRuns({ loaderData, actionData }: Route.ComponentProps) {
  const { project, runs, plans, mayWrite } = loaderData;
  const problems = actionData && 'problems' in actionData ? actionData.problems : [];
  const errors = fieldErrorsOf(actionData);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId: String(project.id) })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/testing', { projectId: String(project.id) })}>Testing</Link> /
      </p>
      <h1>Parallel runs</h1>
      {runs.length === 0 ? (
        <p className="empty">No parallel runs yet.</p>
      ) : (
        <ul>
          {runs.map((r) => (
            <li key={r.id}>
              <Link to={href('/projects/:projectId/parallel-runs/:runId', { projectId: String(project.id), runId: String(r.id) })}>{r.name}</Link> · {r.period}{' '}
              · variance {r.totals.variance} <RequirementBadge state={r.state} />
            </li>
          ))}
        </ul>
      )}
      {mayWrite && (
        <Form method="post" encType="multipart/form-data" className="card form" noValidate>
          <h2>Reconcile a period against the legacy system</h2>
          <p className="hint">Each file: {datasetLimits}.</p>
          <ActionMessage result={actionData} />
          <ProblemList problems={problems} />
          <Field label="Name" name="name" error={errors.name} />
          <div className="field">
            <label htmlFor="planId">Plan</label>
            <select id="planId" name="planId">
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.key}
                </option>
              ))}
            </select>
          </div>
          <Field label="Period" name="period" placeholder="2026-Q3" />
          {(['participantsCsv', 'quotasCsv', 'transactionsCsv', 'legacyCsv'] as const).map((name) => (
            <div className="field" key={name}>
              <label htmlFor={name}>
                {
                  {
                    participantsCsv: 'Participants file',
                    quotasCsv: 'Quotas file',
                    transactionsCsv: 'Transactions file',
                    legacyCsv: 'Legacy payouts file (participant_id,component_id,amount)',
                  }[name]
                }
              </label>
              <input id={name} name={name} type="file" accept=".csv,text/csv" />
              {errors[name] && <p className="field-error">{errors[name]}</p>}
            </div>
          ))}
          <Field
            label="Variance threshold"
            name="threshold"
            defaultValue="1.00"
            error={errors.threshold}
            hint="Variances at or below this are shown as within threshold."
          />
          <button type="submit" className="primary">
            Import and compare
          </button>
        </Form>
      )}
    </>
  );
}
