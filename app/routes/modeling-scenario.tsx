import { data, Form, href, Link, redirect } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { Field } from '~/app/components/Field';
import { PayCurve } from '~/app/components/PayCurve';
import { PlanInWords } from '~/app/components/PlanInWords';
import { ProblemList } from '~/app/components/ProblemList';
import { SweepPanel } from '~/app/components/SweepPanel';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { copyScenario } from '~/workflows/commands/copy-scenario';
import { promoteScenario } from '~/workflows/commands/promote-scenario';
import { DomainError } from '~/workflows/errors';
import { money } from '~/workflows/format/money';
import { inWorker } from '~/workflows/jobs/pool';
import { mayOnProject } from '~/workflows/policy/roles';
import type { Route } from './+types/modeling-scenario';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.scenario.name ?? 'Scenario'} · Plan modeling · SPM Portal` }];

/**
 * A scenario (issue 13): its changes in words beside the changed plan in words, and the results of
 * running the base (the version unchanged) and the scenario on the whole dataset, with the difference.
 * The two engine runs happen in the worker thread.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const scenarioId = idParam(params.scenarioId);
  let page: Awaited<ReturnType<typeof inWorker<{ name: 'scenarioPage'; actor: typeof actor; input: { projectId: number; scenarioId: number } }>>>;
  try {
    page = await inWorker({ name: 'scenarioPage', actor, input: { projectId, scenarioId } });
  } catch (error) {
    if (error instanceof DomainError) throw data(error.message, { status: error.status });
    throw error;
  }
  const { roles, ...rest } = page;
  return { ...rest, write: mayOnProject(actor, roles, 'model.write') };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const scenarioId = idParam(params.scenarioId);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  try {
    switch (fields.intent) {
      case 'copy': {
        const copy = copyScenario(ctx, { ...fields, projectId, scenarioId });
        return redirect(href('/projects/:projectId/modeling/scenarios/:scenarioId', { projectId: String(projectId), scenarioId: String(copy.id) }));
      }
      case 'promote': {
        const { plan, version } = promoteScenario(ctx, { projectId, scenarioId });
        return redirect(
          href('/projects/:projectId/plans/:planId/versions/:number', {
            projectId: String(projectId),
            planId: String(plan.id),
            number: String(version.number),
          }),
        );
      }
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

const signed = (v: string | null) => (v === null ? '—' : Number(v) > 0 ? `+${money(v)}` : Number(v) < 0 ? `−${money(v.slice(1))}` : money(v));

const pct = (fraction: string) => `${Number((Number(fraction) * 100).toFixed(2))} %`;

type Pair = { label: string; base: string | null; scenario: string | null; difference: string | null };
function PairTable({ caption, rows, first }: { caption: string; rows: Pair[]; first: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">Base</th>
          <th scope="col">Scenario</th>
          <th scope="col">Difference</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td className="num">{money(r.base)}</td>
            <td className="num">{money(r.scenario)}</td>
            <td className="num">{signed(r.difference)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Counted = { componentId: string; count: number; tier?: number };
function CountTable({ caption, base, scenario, tiers }: { caption: string; base: Counted[]; scenario: Counted[]; tiers?: boolean }) {
  const key = (c: Counted) => `${c.componentId}#${c.tier ?? ''}`;
  const keys = [...new Map([...base, ...scenario].map((c) => [key(c), c])).values()];
  const count = (list: Counted[], c: Counted) => list.find((x) => key(x) === key(c))?.count ?? 0;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Component</th>
          {tiers && <th scope="col">Tier</th>}
          <th scope="col">Base</th>
          <th scope="col">Scenario</th>
          <th scope="col">Difference</th>
        </tr>
      </thead>
      <tbody>
        {keys.length === 0 && (
          <tr>
            <td colSpan={tiers ? 5 : 4}>None.</td>
          </tr>
        )}
        {keys.map((c) => (
          <tr key={key(c)}>
            <th scope="row">{c.componentId}</th>
            {tiers && <td className="num">{c.tier === 0 ? 'below the first' : c.tier}</td>}
            <td className="num">{count(base, c)}</td>
            <td className="num">{count(scenario, c)}</td>
            <td className="num">{count(scenario, c) - count(base, c)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type PointRow = { participantId: string; attainment: string | null; base: string | null; scenario: string | null };
const pointColumns: Column<PointRow>[] = [
  { id: 'participantId', header: 'Participant', value: (r) => r.participantId },
  {
    id: 'attainment',
    header: 'Attainment',
    value: (r) => (r.attainment === null ? null : Number(r.attainment)),
    numeric: true,
    cell: (r) => (r.attainment === null ? '—' : `${(Number(r.attainment) * 100).toFixed(2)} %`),
  },
  { id: 'base', header: 'Base payout (% of target)', value: (r) => (r.base === null ? null : Number(r.base)), numeric: true },
  { id: 'scenario', header: 'Scenario payout (% of target)', value: (r) => (r.scenario === null ? null : Number(r.scenario)), numeric: true },
];

export default function ModelingScenario({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const run = d.run;
  const rules = run.kind === 'computed' ? run.scenario : null;
  const points: PointRow[] =
    run.kind === 'computed'
      ? run.scenario.payCurve.value.map((p) => ({
          participantId: p.participantId,
          attainment: p.attainment,
          base: run.base.payCurve.value.find((b) => b.participantId === p.participantId)?.payoutPct ?? null,
          scenario: p.payoutPct,
        }))
      : [];
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/modeling', { projectId })}>Plan modeling</Link> /
      </p>
      <h1>{d.scenario.name}</h1>
      <p className="muted">
        {d.plan.key} version {d.version.number} on the dataset “{d.dataset.name}” ({d.dataset.period}, {d.dataset.participants.toLocaleString('en-US')}{' '}
        participants, {d.dataset.transactions.toLocaleString('en-US')} transactions).
      </p>
      <ActionMessage result={actionData} />

      <div className="side-by-side">
        <section aria-labelledby="changes" className="card">
          <h2 id="changes">The changes</h2>
          {d.words.length === 0 ? (
            <p className="empty">No change: this scenario is the plan version as it is (the base).</p>
          ) : (
            <ol>
              {d.words.map((w, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a change's place in the list is its identity
                <li key={i}>{w}</li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="plan-words" className="card">
          <h2 id="plan-words">The plan with the changes, in words</h2>
          <PlanInWords summary={d.summary} headingLevel={3} />
        </section>
      </div>

      <section aria-labelledby="results">
        <h2 id="results">Results</h2>
        <p className="hint">The engine runs the whole dataset on the version unchanged (the base) and with the changes (the scenario); amounts are exact.</p>
        {run.kind === 'refused' && (
          <div className="card warning">
            <h3>The engine refused the {run.side === 'base' ? 'base' : 'scenario'}</h3>
            <ProblemList problems={run.problems} />
          </div>
        )}
        {run.kind === 'computed' && rules && (
          <>
            <PairTable caption={`Cost and pay (${run.scenario.currency}; percentages and ratios as stated)`} rows={run.differences.headline} first="Figure" />
            <PairTable caption="Incentive cost per component" rows={run.differences.byComponent} first="Component" />
            <PairTable caption="Incentive cost per role" rows={run.differences.byRole} first="Role" />
            <CountTable
              caption="Under the threshold (paid nothing by their rule)"
              base={run.base.underThreshold.value}
              scenario={run.scenario.underThreshold.value}
            />
            <CountTable caption="Lines per tier reached" base={run.base.tierCounts.value} scenario={run.scenario.tierCounts.value} tiers />
            <CountTable caption="At the cap" base={run.base.atCap.value} scenario={run.scenario.atCap.value} />
            <details className="card">
              <summary>How each figure is computed</summary>
              <dl>
                <dt>Total incentive cost</dt>
                <dd>{rules.totalCost.rule}</dd>
                <dt>Per component</dt>
                <dd>{rules.costByComponent.rule}</dd>
                <dt>Per role</dt>
                <dd>{rules.costByRole.rule}</dd>
                <dt>Credited revenue</dt>
                <dd>{rules.creditedRevenue.rule}</dd>
                <dt>Cost of sales</dt>
                <dd>{rules.costOfSales.rule}</dd>
                <dt>Average payout</dt>
                <dd>{rules.averagePayoutPct.rule}</dd>
                <dt>Median payout</dt>
                <dd>{rules.medianPayoutPct.rule}</dd>
                <dt>Differentiation</dt>
                <dd>{rules.differentiation.rule}</dd>
                <dt>Under the threshold</dt>
                <dd>{rules.underThreshold.rule}</dd>
                <dt>Tiers</dt>
                <dd>{rules.tierCounts.rule}</dd>
                <dt>At the cap</dt>
                <dd>{rules.atCap.rule}</dd>
                <dt>Attainment distribution</dt>
                <dd>{rules.attainmentHistogram.rule}</dd>
                <dt>Pay curve</dt>
                <dd>{rules.payCurve.rule}</dd>
              </dl>
            </details>
            <table>
              <caption>Attainment distribution (participants per attainment band)</caption>
              <thead>
                <tr>
                  <th scope="col">Attainment</th>
                  <th scope="col">Base</th>
                  <th scope="col">Scenario</th>
                </tr>
              </thead>
              <tbody>
                {run.scenario.attainmentHistogram.value.bins.map((b, i) => (
                  <tr key={b.from}>
                    <th scope="row">{b.to === null ? `${pct(b.from)} and above` : `${pct(b.from)} to under ${pct(b.to)}`}</th>
                    <td className="num">{run.base.attainmentHistogram.value.bins[i]?.count ?? 0}</td>
                    <td className="num">{b.count}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">No quota</th>
                  <td className="num">{run.base.attainmentHistogram.value.noQuota}</td>
                  <td className="num">{run.scenario.attainmentHistogram.value.noQuota}</td>
                </tr>
              </tbody>
            </table>
            <h3>The pay curve</h3>
            <PayCurve
              base={run.base.payCurve.value}
              scenario={run.scenario.payCurve.value}
              shown={run.scenario.payCurve.value.length}
              of={run.scenario.participants.value}
              designed={d.designed}
            />
            {d.designed.rule && <p className="hint">{d.designed.rule}</p>}
            <DataTable
              caption="The pay curve’s points"
              rows={points}
              columns={pointColumns}
              rowKey={(r) => r.participantId}
              empty="No participant."
              pageSize={10}
            />
          </>
        )}
      </section>

      <section aria-labelledby="sweep">
        <h2 id="sweep">Sensitivity</h2>
        <p className="hint">
          Step one variable of this scenario over a range and see total cost and cost of sales move (the scenario’s other changes stay as they are).
        </p>
        <SweepPanel projectId={projectId} scenarioId={String(d.scenario.id)} variables={d.sweepVariables} />
        <noscript>
          <p className="notice">A sweep runs step by step in the browser: it needs JavaScript.</p>
        </noscript>
      </section>

      {d.promoted && (
        <p className="notice">
          Promoted to{' '}
          <Link to={href('/projects/:projectId/plans/:planId/versions/:number', { projectId, planId: String(d.plan.id), number: String(d.promoted.number) })}>
            {d.plan.key} version {d.promoted.number}
          </Link>
          .
        </p>
      )}
      {d.write && (
        <section aria-labelledby="promote">
          <h2 id="promote">Promote to a draft</h2>
          <p className="hint">
            Starts the next version of {d.plan.key} as a draft with this scenario’s plan (its quota or target changes cannot be promoted: they are not part of a
            plan); the draft then goes through the plan’s approval.
          </p>
          <Form method="post" className="card form inline-form">
            <input type="hidden" name="intent" value="promote" />
            <button type="submit">Promote to a draft of {d.plan.key}</button>
          </Form>
        </section>
      )}
      {d.write && (
        <section aria-labelledby="copy">
          <h2 id="copy">Copy this scenario</h2>
          <Form method="post" className="card form inline-form" noValidate>
            <input type="hidden" name="intent" value="copy" />
            <Field label="Name of the copy" name="name" defaultValue={`Copy of ${d.scenario.name}`} error={errors.name} />
            <button type="submit">Copy</button>
          </Form>
        </section>
      )}
    </>
  );
}
