import { Form, href, Link, redirect } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { ProblemList } from '~/app/components/ProblemList';
import { RequirementBadge } from '~/app/components/StatusBadge';
import { failure, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectParallelRuns, projectPlans } from '~/db/queries/testing';
import { createParallelRun } from '~/workflows/commands/create-parallel-run';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/parallel-runs';

export const meta: Route.MetaFunction = () => [{ title: 'Parallel runs · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
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
  const form = await request.formData();
  const text = async (k: string) => {
    const v = form.get(k);
    return v instanceof File ? await v.text() : String(v ?? '');
  };
  try {
    const run = createParallelRun(
      { db: getDb(), actor },
      {
        projectId,
        name: await text('name'),
        planId: Number(await text('planId')),
        period: (await text('period')).trim(),
        participantsCsv: await text('participantsCsv'),
        quotasCsv: await text('quotasCsv'),
        transactionsCsv: await text('transactionsCsv'),
        legacyCsv: await text('legacyCsv'),
        threshold: await text('threshold'),
      },
    );
    return redirect(href('/projects/:projectId/parallel-runs/:runId', { projectId: String(projectId), runId: String(run.id) }));
  } catch (error) {
    return failure(error);
  }
}

export default function ParallelRuns({ loaderData, actionData }: Route.ComponentProps) {
  const { project, runs, plans, mayWrite } = loaderData;
  const problems = actionData && 'problems' in actionData ? actionData.problems : [];
  const errors = actionData && 'fieldErrors' in actionData ? actionData.fieldErrors : {};
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
