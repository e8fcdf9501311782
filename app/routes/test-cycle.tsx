import { Fragment, useState } from 'react';
import { data, Form, href, Link, useRevalidator } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { Field } from '~/app/components/Field';
import { Folded } from '~/app/components/Folded';
import { ProblemList } from '~/app/components/ProblemList';
import { ProgressChart } from '~/app/components/ProgressChart';
import { readFormWithin } from '~/app/http/body.server';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectMemberList } from '~/db/queries/projects';
import { casesWithStatus, projectDefects, projectPlans, testCycle } from '~/db/queries/testing';
import { today } from '~/workflows/clock';
import { createFunctionalCase } from '~/workflows/commands/create-functional-case';
import { createPayoutCase } from '~/workflows/commands/create-payout-case';
import { defectStateLabels, severityLabel } from '~/workflows/machines/defect';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import { isUnresolved } from '~/workflows/projects/headline';
import { caseResults, caseStandings } from '~/workflows/testing/coverage';
import { cycleProgress } from '~/workflows/testing/dashboard';
import { datasetLimits, maxDatasetFormBytes } from '~/workflows/testing/payout-case';
import type { Route } from './+types/test-cycle';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.cycle.name ?? 'Cycle'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const cycle = testCycle(db, idParam(params.cycleId));
  if (!cycle || cycle.projectId !== projectId) throw data('No such test cycle in this project.', { status: 404 });
  const cases = casesWithStatus(db, { cycleId: cycle.id });
  const defects = projectDefects(db, projectId).filter((d) => cases.some((c) => c.id === d.caseId));
  // How each case stands now is coverage's one definition: a pass run on an older plan version or
  // before a linked requirement changed is "stale" here as on the gate and the traceability page.
  const standing = new Map(caseStandings(db, { projectId, caseIds: cases.map((c) => c.id) }).map((c) => [c.id, c.standing]));
  const resultOf = (caseId: number) => standing.get(caseId) ?? { result: 'not run' as const, why: null };
  const executed = cases.filter((c) => ['passed', 'failed', 'blocked'].includes(resultOf(c.id).result)).length;
  return {
    project: { id: project.id, name: project.name },
    cycle,
    cases: cases.map((c) => ({
      id: c.id,
      key: c.key,
      title: c.title,
      kind: c.kind,
      critical: c.critical,
      plan: c.plan ?? '',
      result: resultOf(c.id).result,
      why: resultOf(c.id).why,
      assignee: c.assignee ?? '',
      requirements: c.requirements.map((r) => r.key).join(' '),
      defects: defects.filter((d) => d.caseId === c.id && isUnresolved(d.state)).map((d) => ({ id: d.id, key: d.key, severity: severityLabel(d.severity) })),
      lastRun: c.latest ? c.latest.at.slice(0, 16).replace('T', ' ') : '',
    })),
    results: caseResults,
    progress: cycleProgress(cycle, cases, today()),
    stats: { total: cases.length, executed, passed: cases.filter((c) => resultOf(c.id).result === 'passed').length },
    defectsBySeverity: [1, 2, 3, 4].map((severity) => ({
      severity,
      byState: Object.entries(defectStateLabels).map(([state, label]) => ({
        label,
        n: defects.filter((d) => d.severity === severity && d.state === state).length,
      })),
    })),
    plans: projectPlans(db, projectId).map((p) => ({ id: p.plan.id, key: p.plan.planKey, name: p.plan.name })),
    testers: projectMemberList(db, projectId)
      .filter((m) => m.role === 'tester')
      .map((m) => ({ id: m.userId, name: m.name })),
    may: { run: mayOnProject(actor, roles, 'test.run'), write: mayOnProject(actor, roles, 'test.write') },
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const ids = { projectId: idParam(params.projectId), cycleId: idParam(params.cycleId) };
  // Never read more than a case's four files within their limits (and the fields around them).
  const read = await readFormWithin(request, { maxBytes: maxDatasetFormBytes, tooLarge: `The files are larger than the limit: ${datasetLimits} per file.` });
  if (!read.ok) return read.refusal;
  const fields = formObject(read.form);
  const ctx = { db: getDb(), actor };
  try {
    if (fields.intent === 'functional') {
      const created = createFunctionalCase(ctx, { ...fields, ...ids });
      return { ok: `${created.key} created.`, problems: [] };
    }
    const created = createPayoutCase(ctx, { ...fields, ...ids });
    return { ok: `${created.key} created.`, problems: [] };
  } catch (error) {
    return failure(error);
  }
}

type Row = Route.ComponentProps['loaderData']['cases'][number];

export default function Cycle({ loaderData, actionData }: Route.ComponentProps) {
  const { project, cycle, cases, results, progress, stats, defectsBySeverity, plans, testers, may } = loaderData;
  const projectId = String(project.id);
  const revalidator = useRevalidator();
  const [running, setRunning] = useState<{ done: number; total: number; failed: number; errors: string[] } | null>(null);
  const runnable = cases.filter((c) => c.kind === 'payout');
  const runAll = async () => {
    const state = { done: 0, total: runnable.length, failed: 0, errors: [] as string[] };
    setRunning({ ...state });
    // One request per case: the server stays free for everyone else between them.
    for (const c of runnable) {
      const res = await fetch(href('/projects/:projectId/testing/cases/:caseId/run', { projectId, caseId: String(c.id) }), { method: 'POST' });
      const body = (await res.json()) as { result?: string; error?: string };
      state.done++;
      if (body.result && body.result !== 'passed') state.failed++;
      if (body.error) state.errors.push(`${c.key}: ${body.error}`);
      setRunning({ ...state });
    }
    await revalidator.revalidate();
  };
  const columns: Column<Row>[] = [
    {
      id: 'key',
      nowrap: true,
      header: 'Case',
      value: (r) => r.key,
      link: (r) => href('/projects/:projectId/testing/cases/:caseId', { projectId, caseId: String(r.id) }),
    },
    { id: 'title', header: 'Title', value: (r) => r.title },
    { id: 'critical', header: 'Critical', value: (r) => (r.critical ? 'yes' : 'no'), filter: 'select' },
    { id: 'plan', header: 'Plan', value: (r) => r.plan, filter: 'select', nowrap: true },
    {
      id: 'result',
      header: 'Result',
      value: (r) => r.result,
      cell: (r) => (
        <span className={`result-${r.result.replace(' ', '-')}`} title={r.why ?? undefined}>
          {r.result}
          {r.why && <span className="visually-hidden">: {r.why}</span>}
        </span>
      ),
      filter: 'select',
      filterOptions: results,
    },
    { id: 'lastRun', header: 'Last run (UTC)', value: (r) => r.lastRun, nowrap: true },
    {
      id: 'requirements',
      header: 'Verifies',
      value: (r) => r.requirements,
      // several keys may wrap between them, never inside one
      cell: (r) =>
        r.requirements
          .split(' ')
          .filter(Boolean)
          .map((key, i) => (
            <Fragment key={key}>
              {i > 0 && ' '}
              <span className="nowrap">{key}</span>
            </Fragment>
          )),
    },
    { id: 'assignee', header: 'Assigned to', value: (r) => r.assignee, filter: 'select' },
    {
      id: 'defects',
      header: 'Open defects',
      value: (r) => r.defects.map((d) => d.key).join(' '),
      cell: (r) =>
        r.defects.map((d, i) => (
          <Fragment key={d.id}>
            {i > 0 && ' '}
            <span className="nowrap">
              <a href={href('/projects/:projectId/defects/:defectId', { projectId, defectId: String(d.id) })}>{d.key}</a>{' '}
              <span className="muted">({d.severity})</span>
            </span>
          </Fragment>
        )),
    },
  ];
  const errors = fieldErrorsOf(actionData);
  // a refused form opens again with what was wrong; otherwise creation stays folded under the list
  const hasErrors = Object.keys(errors).length > 0 || (!!actionData && 'problems' in actionData && actionData.problems.length > 0);
  const problems = actionData && 'problems' in actionData ? actionData.problems : [];
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/testing', { projectId })}>Testing</Link> /
      </p>
      <h1>
        {cycle.name} <span className="muted">({cycle.kind})</span>
      </h1>
      <p className="muted">
        {cycle.plannedStart} → {cycle.plannedEnd} · Entry: {cycle.entryCriteria} · Exit: {cycle.exitCriteria}
      </p>
      <p className="cycle-summary">
        {stats.executed} of {stats.total} executed · {stats.passed} passed · pass rate{' '}
        {stats.executed ? `${Math.round((stats.passed / stats.executed) * 100)}%` : '—'} · <a href="#dashboard">progress and defects</a>
      </p>
      {may.run && runnable.length > 0 && (
        <section className="run-all" aria-label="Run the cycle">
          <button type="button" className="primary" onClick={runAll} disabled={!!running && running.done < running.total}>
            Run all {runnable.length} payout cases
          </button>{' '}
          <span className="hint">Runs every payout case again through the engine; earlier runs are kept.</span>
          {running && (
            <div role="status" aria-live="polite">
              <progress max={running.total} value={running.done} aria-label="Cases run" /> {running.done} of {running.total} run
              {running.failed ? `, ${running.failed} not passed` : ''}
              {running.done === running.total && ' · done'}
              {running.errors.map((e) => (
                <p key={e} className="field-error">
                  {e}
                </p>
              ))}
            </div>
          )}
        </section>
      )}
      <ActionMessage result={actionData} />
      <DataTable caption="Cases in this cycle" rows={cases} columns={columns} rowKey={(r) => String(r.id)} empty="No cases in this cycle yet." />
      {may.write && (
        <Folded summary="New payout case…" refused={hasErrors}>
          <Form method="post" className="card form" noValidate>
            <h2>New payout case</h2>
            <p className="hint">Each CSV: {datasetLimits}.</p>
            <ProblemList problems={problems} />
            <Field label="Title" name="title" error={errors.title} />
            <div className="field">
              <label htmlFor="planId">Plan</label>
              <select id="planId" name="planId">
                {plans.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.key} · {p.name}
                  </option>
                ))}
              </select>
              {errors.planId && <p className="field-error">{errors.planId}</p>}
            </div>
            <Field label="Period" name="period" placeholder="2026-Q1" />
            {(['participantsCsv', 'quotasCsv', 'transactionsCsv', 'expectedCsv'] as const).map((name) => (
              <div className="field" key={name}>
                <label htmlFor={name}>
                  {
                    {
                      participantsCsv: 'Participants CSV',
                      quotasCsv: 'Quotas CSV',
                      transactionsCsv: 'Transactions CSV',
                      expectedCsv: 'Expected payouts CSV (participant_id,component_id,amount)',
                    }[name]
                  }
                </label>
                <textarea id={name} name={name} rows={4} className="mono" />
                {errors[name] && <p className="field-error">{errors[name]}</p>}
              </div>
            ))}
            <Field label="Verifies (requirement keys)" name="verifies" placeholder="REQ-001 REQ-004" error={errors.verifies} />
            <Field label="Tolerance per line" name="tolerance" defaultValue="0" error={errors.tolerance} hint="0 means the amounts must agree to the cent." />
            <div className="field">
              <label htmlFor="assigneeId">Assign to</label>
              <select id="assigneeId" name="assigneeId">
                <option value="">Nobody</option>
                {testers.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
            <label className="checkbox">
              <input type="checkbox" name="critical" /> Critical (the Launch gate needs it to pass)
            </label>
            <button type="submit" className="primary">
              Create case
            </button>
          </Form>
        </Folded>
      )}
      {may.write && (
        <Folded summary="New functional case…" refused={hasErrors}>
          <Form method="post" className="card form" noValidate>
            <h2>New functional case</h2>
            <input type="hidden" name="intent" value="functional" />
            <Field label="Title" name="title" error={errors.title} />
            <div className={`field${errors.steps ? ' has-error' : ''}`}>
              <label htmlFor="steps">Steps (one per line: action =&gt; expected result)</label>
              <textarea id="steps" name="steps" rows={4} placeholder="Open the payee statement => each component shows its calculation" />
              {errors.steps && <p className="field-error">{errors.steps}</p>}
            </div>
            <label className="checkbox">
              <input type="checkbox" name="critical" /> Critical
            </label>
            <button type="submit">Create functional case</button>
          </Form>
        </Folded>
      )}
      <section className="card" aria-labelledby="dashboard">
        <h2 id="dashboard">Dashboard</h2>
        <p>
          {stats.executed} of {stats.total} executed · {stats.passed} passed · pass rate{' '}
          {stats.executed ? `${Math.round((stats.passed / stats.executed) * 100)}%` : '—'}
        </p>
        <ProgressChart points={progress} total={stats.total} />
        <table className="matrix">
          <caption>Defects by severity and state</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              {defectsBySeverity[0]!.byState.map((s) => (
                <th key={s.label} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {defectsBySeverity.map((row) => (
              <tr key={row.severity}>
                <th scope="row">{row.severity}</th>
                {row.byState.map((s) => (
                  <td key={s.label}>{s.n}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
