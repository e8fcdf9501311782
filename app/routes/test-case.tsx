import { data, Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { ExplainTrace, type Trace } from '~/app/components/ExplainTrace';
import { Field } from '~/app/components/Field';
import { ParticipantName } from '~/app/components/ParticipantName';
import { ProblemList } from '~/app/components/ProblemList';
import { readFormWithin } from '~/app/http/body.server';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { caseDetail } from '~/db/queries/testing';
import { editPayoutCase } from '~/workflows/commands/edit-payout-case';
import { logDefect } from '~/workflows/commands/log-defect';
import { runTestCase } from '~/workflows/commands/run-test-case';
import { money } from '~/workflows/format/money';
import { type ExecutionState, executionStateLabels } from '~/workflows/machines/case-execution';
import { type DefectState, defectStateLabels, severityLabel } from '~/workflows/machines/defect';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import { participantNames } from '~/workflows/testing/participant-names';
import { datasetLimits, maxDatasetFormBytes } from '~/workflows/testing/payout-case';
import type { Route } from './+types/test-case';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.testCase.key ?? 'Case'} · SPM Portal` }];

type Explain = Trace | undefined;

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const detail = caseDetail(db, idParam(params.caseId));
  if (!detail || detail.testCase.projectId !== projectId) throw data('No such test case in this project.', { status: 404 });
  const shownIds = [...detail.testCase.expected.map((e) => e.participantId), ...detail.runs.flatMap((r) => r.run.lines.map((l) => l.participantId))];
  return {
    names: participantNames(detail.testCase.participantsCsv, shownIds),
    project: { id: project.id, name: project.name },
    ...detail,
    runs: detail.runs.map((r) => ({
      ...r.run,
      by: r.by,
      planVersion: r.planVersion,
      lines: r.run.lines.map((l) => ({ ...l, explain: l.explain as Explain })),
    })),
    may: { run: mayOnProject(actor, roles, 'test.run'), log: mayOnProject(actor, roles, 'defect.log'), edit: mayOnProject(actor, roles, 'test.write') },
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const ids = { projectId: idParam(params.projectId), caseId: idParam(params.caseId) };
  // Never read more than a case's four files within their limits (and the fields around them).
  const read = await readFormWithin(request, { maxBytes: maxDatasetFormBytes, tooLarge: `The files are larger than the limit: ${datasetLimits} per file.` });
  if (!read.ok) return read.refusal;
  const fields = formObject(read.form);
  const ctx = { db: getDb(), actor };
  try {
    if (fields.intent === 'run') {
      const run = runTestCase(ctx, { ...fields, ...ids });
      return { ok: `Run recorded: ${run.result}. ${run.summary}` };
    }
    if (fields.intent === 'edit') {
      const edited = editPayoutCase(ctx, { ...fields, ...ids });
      return { ok: `Saved as version ${edited.version}; run it again to get a current result.` };
    }
    if (fields.intent === 'logDefect') {
      const defect = logDefect(ctx, { ...fields, ...ids });
      return { ok: `${defect.key} logged.` };
    }
    throw data('Unknown action.', { status: 400 });
  } catch (error) {
    return failure(error);
  }
}

export default function TestCase({ loaderData, actionData }: Route.ComponentProps) {
  const { project, testCase: c, runs, defects, may, names } = loaderData;
  const latest = runs[0];
  const errors = fieldErrorsOf(actionData);
  const projectId = String(project.id);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId/testing', { projectId })}>Testing</Link> /{' '}
        <Link to={href('/projects/:projectId/testing/cycles/:cycleId', { projectId, cycleId: String(c.cycleId) })}>{c.cycleName ?? 'Test cycle'}</Link> /{' '}
        <span aria-current="page">
          {c.key} {c.title}
        </span>
      </p>
      <h1>
        {c.key} {c.title} <span className={`badge result-${c.state}`}>{executionStateLabels[c.state as ExecutionState] ?? c.state}</span>
      </h1>
      <p className="muted">
        {c.kind} case · version {c.version} · {c.critical ? 'critical' : 'not critical'} · plan {c.plan ?? '—'} · period {c.period ?? '—'} · tolerance{' '}
        {c.tolerance}
        {c.requirements.length > 0 && (
          <>
            {' '}
            · verifies{' '}
            {c.requirements.map((r) => (
              <Link key={r.id} to={href('/projects/:projectId/requirements/:requirementId', { projectId: String(project.id), requirementId: String(r.id) })}>
                {r.key}{' '}
              </Link>
            ))}
          </>
        )}
      </p>
      <ActionMessage result={actionData} />
      <ProblemList problems={(actionData && 'problems' in actionData ? actionData.problems : undefined) ?? []} />
      {latest?.staleSince && (
        <p className="card warning">
          The latest result is stale since {latest.staleSince.slice(0, 10)}: {latest.staleReason} It counts as not run until the case is run again.
        </p>
      )}
      {may.run && (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="run" />
          {c.kind === 'functional' && <input type="text" name="note" aria-label="Note" placeholder="What you observed" />}
          {c.kind === 'functional' && (
            <select name="result" aria-label="Result">
              <option value="passed">passed</option>
              <option value="failed">failed</option>
              <option value="blocked">blocked</option>
            </select>
          )}
          <button type="submit" className="primary">
            {c.kind === 'payout' ? 'Run through the engine' : 'Record result'}
          </button>
        </Form>
      )}

      {latest && (
        <section className="card" aria-labelledby="latest">
          <h2 id="latest">
            Latest run: <span className={`result-${latest.result}`}>{latest.result}</span>
          </h2>
          <p>{latest.summary}</p>
          <p className="hint">
            Run {latest.at.slice(0, 16).replace('T', ' ')} by {latest.by} · case v{latest.caseVersion} · plan version {latest.planVersion ?? '—'} ·{' '}
            {latest.engineVersion} · dataset {latest.datasetHash?.slice(0, 12)}
          </p>
          {latest.lines.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  <th scope="col">Component</th>
                  <th scope="col">Expected</th>
                  <th scope="col">Engine</th>
                  <th scope="col">Difference</th>
                  <th scope="col">How the engine got there</th>
                </tr>
              </thead>
              <tbody>
                {latest.lines.map((l) => (
                  <tr key={`${l.participantId}-${l.componentId}`} className={l.ok ? undefined : 'overdue'}>
                    <td>
                      <ParticipantName id={l.participantId} names={names} />
                    </td>
                    <td>{l.componentId}</td>
                    <td className="num">{money(l.expected)}</td>
                    <td className="num">{l.actual === null || l.actual === undefined ? 'no line' : money(l.actual)}</td>
                    <td className={`num ${l.ok ? 'result-passed' : 'result-failed'}`}>{money(l.difference)}</td>
                    <td>{l.explain ? <ExplainTrace trace={l.explain} open={!l.ok} /> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {may.log && latest.result !== 'passed' && (
            <Form method="post" className="form" noValidate>
              <h3>Log a defect for this run</h3>
              <input type="hidden" name="intent" value="logDefect" />
              <input type="hidden" name="runId" value={latest.id} />
              <Field label="Defect title" name="title" error={errors.title} />
              <div className="field">
                <label htmlFor="severity">Severity</label>
                <select id="severity" name="severity" defaultValue="3">
                  <option value="1">1 · critical: people would be paid wrongly, no workaround</option>
                  <option value="2">2 · major</option>
                  <option value="3">3 · moderate</option>
                  <option value="4">4 · minor</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor="steps">Steps to reproduce</label>
                <textarea id="steps" name="steps" rows={3} defaultValue={`Run ${c.key}: ${latest.summary}`} />
                {errors.steps && <p className="field-error">{errors.steps}</p>}
              </div>
              <button type="submit">Log defect</button>
            </Form>
          )}
        </section>
      )}

      <section aria-labelledby="defects">
        <h2 id="defects">Defects</h2>
        {defects.length === 0 ? (
          <p className="empty">No defects logged against this case.</p>
        ) : (
          <ul>
            {defects.map((d) => (
              <li key={d.id}>
                <Link to={href('/projects/:projectId/defects/:defectId', { projectId: String(project.id), defectId: String(d.id) })}>{d.key}</Link> {d.title} ·
                severity {severityLabel(d.severity)} · {defectStateLabels[d.state as DefectState] ?? d.state}
              </li>
            ))}
          </ul>
        )}
      </section>

      {c.kind === 'functional' && (
        <section aria-labelledby="steps-h">
          <h2 id="steps-h">Steps</h2>
          <ol>
            {c.steps.map((s) => (
              <li key={`${s.action}-${s.expected}`}>
                {s.action} <span className="muted">→ expected: {s.expected}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
      {c.kind === 'payout' && (
        <section aria-labelledby="data">
          <h2 id="data">Dataset and expectations</h2>
          <h3>Expected payouts</h3>
          <pre className="csv">
            {['participant_id,component_id,amount', ...c.expected.map((e) => `${e.participantId},${e.componentId},${e.amount}`)].join('\n')}
          </pre>
          <h3>Participants</h3>
          <pre className="csv">{c.participantsCsv}</pre>
          <h3>Quotas</h3>
          <pre className="csv">{c.quotasCsv}</pre>
          <h3>Transactions</h3>
          <pre className="csv">{c.transactionsCsv}</pre>
        </section>
      )}

      {c.kind === 'payout' && may.edit && (
        <details className="card">
          <summary>Edit this case (makes version {c.version + 1})</summary>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="baseVersion" value={c.version} />
            <p className="hint">Each CSV: {datasetLimits}.</p>
            <Field label="Title" name="title" defaultValue={c.title} error={errors.title} />
            <Field label="Period" name="period" defaultValue={c.period ?? ''} />
            {(
              [
                ['participantsCsv', 'Participants CSV', c.participantsCsv ?? ''],
                ['quotasCsv', 'Quotas CSV', c.quotasCsv ?? ''],
                ['transactionsCsv', 'Transactions CSV', c.transactionsCsv ?? ''],
                [
                  'expectedCsv',
                  'Expected payouts CSV',
                  ['participant_id,component_id,amount', ...c.expected.map((e) => `${e.participantId},${e.componentId},${e.amount}`)].join('\n'),
                ],
              ] as const
            ).map(([name, label, value]) => (
              <div className="field" key={name}>
                <label htmlFor={`edit-${name}`}>{label}</label>
                <textarea id={`edit-${name}`} name={name} rows={4} defaultValue={value} />
                {errors[name] && <p className="field-error">{errors[name]}</p>}
              </div>
            ))}
            <Field label="Tolerance per line" name="tolerance" defaultValue={c.tolerance} error={errors.tolerance} />
            <label className="checkbox">
              <input type="checkbox" name="critical" defaultChecked={c.critical} /> Critical
            </label>
            <button type="submit">Save as version {c.version + 1}</button>
          </Form>
        </details>
      )}

      <section aria-labelledby="runs">
        <h2 id="runs">All runs</h2>
        <ol className="history">
          {runs.map((r) => (
            <li key={r.id}>
              {r.at.slice(0, 16).replace('T', ' ')} · {r.by} · <span className={`result-${r.result}`}>{r.result}</span>
              {r.staleSince && ' (stale)'} · plan v{r.planVersion ?? '—'} · {r.summary}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
