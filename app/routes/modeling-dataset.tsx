import { data, href, Link, redirect, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { PayCurve } from '~/app/components/PayCurve';
import { PlanInWords } from '~/app/components/PlanInWords';
import { ProblemList } from '~/app/components/ProblemList';
import { ScenarioForm } from '~/app/components/ScenarioForm';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { createScenario } from '~/workflows/commands/create-scenario';
import { DomainError } from '~/workflows/errors';
import { money } from '~/workflows/format/money';
import { inWorker } from '~/workflows/jobs/pool';
import type { Route } from './+types/modeling-dataset';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.dataset.name ?? 'Dataset'} · Plan modeling · SPM Portal` }];

/**
 * A modeling dataset (issue 13): what it holds, the plan's version in effect run on all of it, its
 * scenarios, and a new scenario's form beside the plan in words. The run happens in the job thread,
 * which keeps the parsed dataset for the scenarios that follow.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const datasetId = idParam(params.datasetId);
  try {
    return await inWorker({ name: 'datasetPage', actor, input: { projectId, datasetId } });
  } catch (error) {
    if (error instanceof DomainError) throw data(error.message, { status: error.status });
    throw error;
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const fields = formObject(await request.formData());
  if (fields.intent !== 'createScenario') return { error: 'Choose an action.' };
  try {
    const s = createScenario({ db: getDb(), actor }, { ...fields, projectId, datasetId: params.datasetId });
    return redirect(href('/projects/:projectId/modeling/scenarios/:scenarioId', { projectId: String(projectId), scenarioId: String(s.id) }));
  } catch (error) {
    return failure(error);
  }
}

type ScenarioRow = Route.ComponentProps['loaderData']['scenarios'][number];
const scenarioColumns = (projectId: string): Column<ScenarioRow>[] => [
  {
    id: 'name',
    header: 'Scenario',
    value: (r) => r.name,
    link: (r) => href('/projects/:projectId/modeling/scenarios/:scenarioId', { projectId, scenarioId: String(r.id) }),
  },
  { id: 'plan', header: 'Plan version', value: (r) => `${r.plan} v${r.version}` },
  { id: 'createdBy', header: 'By', value: (r) => r.createdBy },
  { id: 'createdAt', header: 'On', nowrap: true, value: (r) => r.createdAt.slice(0, 10) },
];

export default function ModelingDataset({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const p = d.dataset.parameters as { seed?: number; attainment?: { kind: string; mean?: number; spread?: number } } | null;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/modeling', { projectId })}>Plan modeling</Link> /
      </p>
      <h1>{d.dataset.name}</h1>
      <p className="muted">
        {d.dataset.participants.toLocaleString('en-US')} participants and {d.dataset.transactions.toLocaleString('en-US')} transactions of {d.dataset.period}{' '}
        for {d.plan.key}; {d.dataset.source === 'generated' ? 'generated' : 'uploaded'} by {d.dataset.createdBy} on {d.dataset.createdAt.slice(0, 10)}
        {p?.attainment?.kind === 'normal' &&
          ` (seed ${p.seed}, attainment normal around ${(p.attainment.mean ?? 0) * 100} % with a spread of ${(p.attainment.spread ?? 0) * 100} points)`}
        . Fingerprint <code title={d.dataset.datasetHash}>{d.dataset.datasetHash.slice(0, 12)}</code>.
      </p>
      <ActionMessage result={actionData} />

      <section aria-labelledby="as-is">
        <h2 id="as-is">
          {d.plan.key} version {d.plan.version} on this dataset
        </h2>
        {!d.run.ok && (
          <div className="card warning">
            <p>The engine refused the plan on this dataset:</p>
            <ProblemList problems={d.run.problems} />
          </div>
        )}
        {d.run.ok && (
          <>
            <dl className="record-facts">
              <dt>Total incentive cost</dt>
              <dd>
                {money(d.run.results.totalCost.value)} {d.run.results.currency}
              </dd>
              <dt>Cost of sales</dt>
              <dd>{d.run.results.costOfSales.value ?? '—'} %</dd>
              <dt>Median payout</dt>
              <dd>{d.run.results.medianPayoutPct.value ?? '—'} % of target</dd>
              <dt>Top decile over median</dt>
              <dd>{d.run.results.differentiation.value.topDecileOverMedian ?? '—'}</dd>
            </dl>
            <PayCurve
              base={d.run.results.payCurve.value}
              scenario={[]}
              shown={d.run.results.payCurve.value.length}
              of={d.run.results.participants.value}
              designed={{ base: d.designed?.points ?? null, scenario: null }}
            />
            {d.designed && <p className="hint">{d.designed.rule}</p>}
          </>
        )}
      </section>

      <section aria-labelledby="scenarios">
        <h2 id="scenarios">Scenarios on this dataset</h2>
        <DataTable
          caption={`Scenarios on ${d.dataset.name}`}
          rows={d.scenarios}
          columns={scenarioColumns(projectId)}
          rowKey={(r) => String(r.id)}
          empty="No scenario on this dataset yet."
        />
      </section>

      {d.write && (
        <section aria-labelledby="new-scenario">
          <h2 id="new-scenario">New scenario</h2>
          <div className="side-by-side">
            <div className="card">
              <ScenarioForm
                versions={d.versions}
                datasets={[{ id: d.dataset.id, name: d.dataset.name, plan: d.dataset.plan, period: d.dataset.period }]}
                errors={errors}
                busy={busy}
              />
            </div>
            <section aria-labelledby="plan-words" className="card">
              <h2 id="plan-words">
                {d.plan.key} version {d.plan.version} in words
              </h2>
              <PlanInWords summary={d.summary} headingLevel={3} />
            </section>
          </div>
        </section>
      )}
    </>
  );
}
