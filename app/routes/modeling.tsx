import { data, Form, href, Link, redirect, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { DatasetFiles } from '~/app/components/DatasetFiles';
import { type Column, DataTable } from '~/app/components/DataTable';
import { Field } from '~/app/components/Field';
import { ProblemList } from '~/app/components/ProblemList';
import { ScenarioForm } from '~/app/components/ScenarioForm';
import { readFormWithin } from '~/app/http/body.server';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { createScenario } from '~/workflows/commands/create-scenario';
import { DomainError } from '~/workflows/errors';
import { inWorker, warmJobs } from '~/workflows/jobs/pool';
import { maxModelingFormBytes, modelingLimitsText } from '~/workflows/modeling/datasets';
import { modelingPage } from '~/workflows/modeling/view';
import type { Route } from './+types/modeling';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Plan modeling · ${data?.project.name ?? ''} · SPM Portal` }];

/**
 * Plan modeling (issue 13): a project's datasets (uploaded or generated) and its scenarios. Datasets
 * are checked and stored in the worker thread (a million transaction rows do not hold up other pages).
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const page = orThrowResponse(() => modelingPage(getDb(), actor, idParam(params.projectId)));
  if (page.write) warmJobs();
  return page;
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const read = await readFormWithin(request, { maxBytes: maxModelingFormBytes, tooLarge: `The files are larger than the limits: ${modelingLimitsText}.` });
  if (!read.ok) return read.refusal;
  const fields: Record<string, string> = {};
  for (const [key, value] of read.form.entries()) fields[key] = typeof value === 'string' ? value : await value.text();
  const input = { ...fields, projectId };
  try {
    switch (fields.intent) {
      case 'upload': {
        const d = await inWorker({ name: 'uploadDataset', actor, input });
        return { ok: `Dataset “${d.name}” uploaded.`, intent: 'upload' };
      }
      case 'generate': {
        const d = await inWorker({ name: 'generateDataset', actor, input });
        return { ok: `Dataset “${d.name}” generated.`, intent: 'generate' };
      }
      case 'createScenario': {
        const s = createScenario({ db: getDb(), actor }, input);
        return redirect(href('/projects/:projectId/modeling/scenarios/:scenarioId', { projectId: String(projectId), scenarioId: String(s.id) }));
      }
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    // The refusal names the form it answers, so its errors show in that form only.
    if (error instanceof DomainError)
      return data(
        { error: error.message, fieldErrors: error.fieldErrors, problems: error.problems, form: String(fields.intent ?? '') },
        { status: error.status },
      );
    return failure(error);
  }
}

type DatasetRow = Route.ComponentProps['loaderData']['datasets'][number];
const datasetColumns = (projectId: string): Column<DatasetRow>[] => [
  {
    id: 'name',
    header: 'Dataset',
    value: (d) => d.name,
    link: (d) => href('/projects/:projectId/modeling/datasets/:datasetId', { projectId, datasetId: String(d.id) }),
  },
  { id: 'plan', header: 'Plan', value: (d) => d.plan, filter: 'select' },
  { id: 'period', header: 'Period', value: (d) => d.period },
  { id: 'participants', header: 'Participants', value: (d) => d.participants, numeric: true },
  { id: 'transactions', header: 'Transactions', value: (d) => d.transactions, numeric: true },
  { id: 'source', header: 'Source', value: (d) => (d.source === 'generated' ? `generated (seed ${d.seed ?? '?'})` : 'uploaded'), filter: 'select' },
  { id: 'hash', header: 'Fingerprint', value: (d) => d.datasetHash.slice(0, 12) },
  { id: 'createdBy', header: 'By', value: (d) => d.createdBy },
  { id: 'createdAt', header: 'On', nowrap: true, value: (d) => d.createdAt.slice(0, 10) },
];

type ScenarioRow = Route.ComponentProps['loaderData']['scenarios'][number];
const scenarioColumns = (projectId: string): Column<ScenarioRow>[] => [
  {
    id: 'name',
    header: 'Scenario',
    value: (r) => r.name,
    link: (r) => href('/projects/:projectId/modeling/scenarios/:scenarioId', { projectId, scenarioId: String(r.id) }),
  },
  { id: 'plan', header: 'Plan version', value: (r) => `${r.plan} v${r.version}`, filter: 'select' },
  { id: 'dataset', header: 'Dataset', value: (r) => r.dataset, filter: 'select' },
  { id: 'changes', header: 'Changes', value: (r) => r.changeCount, numeric: true },
  { id: 'createdBy', header: 'By', value: (r) => r.createdBy },
  { id: 'createdAt', header: 'On', nowrap: true, value: (r) => r.createdAt.slice(0, 10) },
];

export default function Modeling({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const refusedForm = actionData && 'form' in actionData ? actionData.form : null;
  const allErrors = fieldErrorsOf(actionData);
  const problems = actionData && 'problems' in actionData ? actionData.problems : [];
  /** The errors of one form: those of the refusal that answered it. */
  const errorsOf = (form: string): Record<string, string> => (refusedForm === form ? allErrors : {});
  const scenarioErrors = errorsOf('createScenario');
  const uploadErrors = errorsOf('upload');
  const generateErrors = errorsOf('generate');
  const busy = useNavigation().state !== 'idle';
  const planSelect = (error?: string) => (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label>
        Plan
        <select name="planId" aria-invalid={error ? true : undefined}>
          {d.plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.key} {p.name}
            </option>
          ))}
        </select>
      </label>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /
      </p>
      <h1>Plan modeling</h1>
      <p className="hint">What a plan change costs and whom it moves: scenarios run the calculation engine on a whole dataset, exactly, with no sampling.</p>
      <ActionMessage result={actionData} />

      <section aria-labelledby="datasets">
        <h2 id="datasets">Datasets</h2>
        <DataTable
          caption={`Modeling datasets of ${d.project.name}`}
          rows={d.datasets}
          columns={datasetColumns(projectId)}
          rowKey={(r) => String(r.id)}
          empty="No dataset yet."
        />
      </section>

      <section aria-labelledby="scenarios">
        <h2 id="scenarios">Scenarios</h2>
        <DataTable
          caption={`Scenarios of ${d.project.name}`}
          rows={d.scenarios}
          columns={scenarioColumns(projectId)}
          rowKey={(r) => String(r.id)}
          empty="No scenario yet."
        />
        {d.scenarios.length > 0 && (
          <Form method="get" action={href('/projects/:projectId/modeling/compare', { projectId })} className="card form" aria-label="Compare scenarios">
            <fieldset>
              <legend>Compare up to four scenarios with the base of the first</legend>
              {d.scenarios.map((s) => (
                <label key={s.id} className="checkbox">
                  <input type="checkbox" name="scenario" value={s.id} /> {s.name}
                </label>
              ))}
            </fieldset>
            <button type="submit">Compare</button>
          </Form>
        )}
      </section>

      {d.write && d.datasets.length > 0 && (
        <details className="card" open={refusedForm === 'createScenario'}>
          <summary>Create a scenario</summary>
          <ScenarioForm versions={d.versions} datasets={d.datasets} errors={scenarioErrors} busy={busy} />
        </details>
      )}

      {d.write && (
        <>
          <details className="card" open={refusedForm === 'upload'}>
            <summary>Upload a dataset</summary>
            <Form method="post" encType="multipart/form-data" className="form" noValidate aria-label="Upload a dataset">
              <input type="hidden" name="intent" value="upload" />
              <p className="hint">
                The engine’s CSV files (docs/plan-format.md), checked against the plan’s version in effect; every bad line is listed and nothing is kept from a
                refused upload. Limits: {d.limits}.
              </p>
              <ProblemList problems={refusedForm === 'upload' ? problems : []} />
              <Field label="Name" name="name" error={uploadErrors.name} />
              {planSelect(uploadErrors.planId)}
              <Field label="Period" name="period" placeholder="2026-Q1" error={uploadErrors.period} />
              <DatasetFiles errors={uploadErrors} />
              <button type="submit" className="primary" disabled={busy}>
                Upload the dataset
              </button>
            </Form>
          </details>
          <details className="card" open={refusedForm === 'generate'}>
            <summary>Generate a dataset</summary>
            <Form method="post" encType="multipart/form-data" className="form" noValidate aria-label="Generate a dataset">
              <input type="hidden" name="intent" value="generate" />
              <p className="hint">
                Participants of one role on the plan, attainment drawn from a normal distribution (mean and spread as fractions: 1 = 100 %), revenue = quota ×
                attainment split into transactions. The same inputs and seed give the same dataset.
              </p>
              <Field label="Name" name="name" error={generateErrors.name} />
              {planSelect(generateErrors.planId)}
              <Field label="Period" name="period" placeholder="2026-Q1" error={generateErrors.period} />
              <Field label="Seed" name="seed" inputMode="numeric" defaultValue="42" error={generateErrors.seed} />
              <Field label="Role" name="role" defaultValue="banker" error={generateErrors.role} />
              <Field label="Participants" name="participants" inputMode="numeric" defaultValue="300" error={generateErrors.participants} />
              <Field
                label="Transactions per participant"
                name="transactionsPerParticipant"
                inputMode="numeric"
                defaultValue="20"
                error={generateErrors.transactionsPerParticipant}
              />
              <Field label="Target incentive" name="targetIncentive" inputMode="decimal" defaultValue="20000" error={generateErrors.targetIncentive} />
              <Field label="Quota (revenue measure, per period)" name="quota" inputMode="decimal" defaultValue="1000000" error={generateErrors.quota} />
              <Field label="Mean attainment" name="mean" inputMode="decimal" defaultValue="1" error={generateErrors.mean} />
              <Field label="Spread" name="spread" inputMode="decimal" defaultValue="0.25" error={generateErrors.spread} />
              <button type="submit" className="primary" disabled={busy}>
                Generate the dataset
              </button>
            </Form>
          </details>
        </>
      )}
    </>
  );
}
