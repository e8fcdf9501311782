import { Form, href, Link, redirect, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { ReportFields } from '~/app/components/ReportFields';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { writeStatusReport } from '~/workflows/commands/write-status-report';
import { reportsPage } from '~/workflows/status/reports';
import type { Route } from './+types/reports';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Status reports · ${data?.project.name ?? 'Project'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => reportsPage(getDb(), actor, idParam(params.projectId)));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const fields = formObject(await request.formData());
  try {
    const report = writeStatusReport({ db: getDb(), actor }, { ...fields, projectId, reportId: '' });
    return redirect(href('/projects/:projectId/reports/:reportId', { projectId: String(projectId), reportId: String(report.id) }));
  } catch (error) {
    return failure(error);
  }
}

export default function Reports({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /
      </p>
      <h1>Status reports</h1>
      <p className="hint">Each published report keeps the computed status and its figures as they were that day; later changes never alter it.</p>
      <ActionMessage result={actionData} />
      {d.reports.length === 0 ? (
        <p className="empty">No report published yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Status reports of {d.project.name}</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Status</th>
              <th scope="col">Published</th>
            </tr>
          </thead>
          <tbody>
            {d.reports.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={href('/projects/:projectId/reports/:reportId', { projectId, reportId: String(r.id) })}>{r.period}</Link>
                </th>
                <td>
                  {r.colour ? <span className={`badge rag-${r.colour}`}>{r.colour}</span> : 'draft'}
                  {r.override && (
                    <>
                      {' '}
                      · PM: <span className={`badge rag-${r.override}`}>{r.override}</span>
                    </>
                  )}
                </td>
                <td>{r.publishedAt?.slice(0, 10) ?? 'not yet'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.write && (
        <details className="card" open={Object.keys(errors).length > 0}>
          <summary>Write a report</summary>
          <Form method="post" className="form" noValidate aria-label="Write a status report">
            <ReportFields errors={errors} />
            <button type="submit" className="primary" disabled={busy}>
              Save the draft
            </button>
          </Form>
        </details>
      )}
    </>
  );
}
