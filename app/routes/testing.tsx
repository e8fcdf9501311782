import { Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { Folded } from '~/app/components/Folded';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { casesWithStatus, projectCycles } from '~/db/queries/testing';
import { testCycleKinds } from '~/db/queries/vocabulary';
import { createTestCycle } from '~/workflows/commands/create-test-cycle';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/testing';

export const meta: Route.MetaFunction = () => [{ title: 'Testing · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const cases = casesWithStatus(db, { projectId });
  return {
    project: { id: project.id, name: project.name },
    cycles: projectCycles(db, projectId).map((c) => {
      const mine = cases.filter((x) => x.cycleId === c.id);
      return { ...c, total: mine.length, passed: mine.filter((x) => x.state === 'passed').length, failed: mine.filter((x) => x.state === 'failed').length };
    }),
    mayWrite: mayOnProject(actor, roles, 'test.write'),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const fields = formObject(await request.formData());
  try {
    const cycle = createTestCycle({ db: getDb(), actor }, { ...fields, projectId });
    return { ok: `Cycle “${cycle.name}” planned.` };
  } catch (error) {
    return failure(error);
  }
}

export default function Testing({ loaderData, actionData }: Route.ComponentProps) {
  const { project, cycles, mayWrite } = loaderData;
  const errors = fieldErrorsOf(actionData);
  const projectId = String(project.id);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /
      </p>
      <div className="page-head">
        <h1>Testing</h1>
        <div className="actions">
          <Link to={href('/projects/:projectId/plans', { projectId })}>Plans</Link>
          <Link to={href('/projects/:projectId/defects', { projectId })}>Defects</Link>
          <Link to={href('/projects/:projectId/traceability', { projectId })}>Traceability</Link>
          <Link to={href('/projects/:projectId/parallel-runs', { projectId })}>Parallel runs</Link>
        </div>
      </div>
      <ActionMessage result={actionData} />
      <table>
        <caption>Test cycles</caption>
        <thead>
          <tr>
            <th scope="col">Cycle</th>
            <th scope="col">Kind</th>
            <th scope="col">Planned</th>
            <th scope="col">Cases</th>
            <th scope="col">Passed</th>
            <th scope="col">Failed</th>
          </tr>
        </thead>
        <tbody>
          {cycles.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                No test cycles yet.
              </td>
            </tr>
          )}
          {cycles.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={href('/projects/:projectId/testing/cycles/:cycleId', { projectId, cycleId: String(c.id) })}>{c.name}</Link>
              </td>
              <td>{c.kind}</td>
              <td>
                {c.plannedStart} → {c.plannedEnd}
              </td>
              <td>{c.total}</td>
              <td>{c.passed}</td>
              <td>{c.failed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {mayWrite && (
        <Folded summary="Plan a test cycle…" refused={Object.keys(errors).length > 0}>
          <Form method="post" className="card form" noValidate>
            <h2>Plan a test cycle</h2>
            <Field label="Name" name="name" error={errors.name} />
            <div className="field">
              <label htmlFor="kind">Kind</label>
              <select id="kind" name="kind">
                {testCycleKinds.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
              {errors.kind && <p className="field-error">{errors.kind}</p>}
            </div>
            <Field label="Entry criteria" name="entryCriteria" error={errors.entryCriteria} />
            <Field label="Exit criteria" name="exitCriteria" error={errors.exitCriteria} />
            <Field label="Planned start" name="plannedStart" type="date" error={errors.plannedStart} />
            <Field label="Planned end" name="plannedEnd" type="date" error={errors.plannedEnd} />
            <button type="submit" className="primary">
              Plan cycle
            </button>
          </Form>
        </Folded>
      )}
    </>
  );
}
