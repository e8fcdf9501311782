import { data, Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectMemberList } from '~/db/queries/projects';
import { defectDetail } from '~/db/queries/testing';
import { advanceDefect, type DefectAction } from '~/workflows/commands/advance-defect';
import { type DefectState, defectStateLabels, defectWorkflow } from '~/workflows/machines/defect';
import { requireProjectPermission } from '~/workflows/project-access';
import { contextOf } from '~/workflows/runtime';
import { defectActionsFor } from '~/workflows/testing/defect-view';
import type { Route } from './+types/defect';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.defect.key ?? 'Defect'} · SPM Portal` }];

const actions: { action: DefectAction; label: string; needsText?: string }[] = [
  { action: 'START', label: 'Start work' },
  { action: 'FIX', label: 'Mark fixed', needsText: 'What was changed?' },
  { action: 'VERIFY', label: 'Verify the fix' },
  { action: 'CLOSE', label: 'Close' },
  { action: 'REOPEN', label: 'Reopen', needsText: 'Why is it reopened?' },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const row = defectDetail(db, idParam(params.defectId));
  if (!row || row.d.projectId !== projectId) throw data('No such defect in this project.', { status: 404 });
  const context = contextOf(defectWorkflow, row.instance);
  const may = defectActionsFor(row.instance, actor, roles);
  const nameOf = (id: number | null) => (id ? (projectMemberList(db, projectId).find((m) => m.userId === id)?.name ?? `person ${id}`) : null);
  return {
    project: { id: project.id, name: project.name },
    defect: { ...row.d, state: String(row.instance.stateValue), caseKey: row.caseKey, by: row.by },
    fixedBy: nameOf(context.fixedBy),
    verifiedBy: nameOf(context.verifiedBy),
    reopenReason: context.reopenReason,
    allowed: actions.filter((a) => may.includes(a.action)),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  try {
    advanceDefect({ db: getDb(), actor }, { ...fields, projectId: idParam(params.projectId), defectId: idParam(params.defectId) });
    return { ok: 'Done.' };
  } catch (error) {
    return failure(error);
  }
}

export default function Defect({ loaderData, actionData }: Route.ComponentProps) {
  const { project, defect: d, fixedBy, verifiedBy, reopenReason, allowed } = loaderData;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId/defects', { projectId: String(project.id) })}>Defects</Link> /
      </p>
      <h1>
        {d.key} {d.title} <span className="badge">{defectStateLabels[d.state as DefectState] ?? d.state}</span>
      </h1>
      <p className="muted">
        Severity {d.severity} · logged by {d.by} on {d.createdAt.slice(0, 10)}
        {d.caseId && (
          <>
            {' '}
            · case <Link to={href('/projects/:projectId/testing/cases/:caseId', { projectId: String(project.id), caseId: String(d.caseId) })}>{d.caseKey}</Link>
          </>
        )}
        {fixedBy && ` · fixed by ${fixedBy}`}
        {verifiedBy && ` · verified by ${verifiedBy}`}
      </p>
      <ActionMessage result={actionData} />
      {reopenReason && d.state === 'open' && <p className="card warning">Reopened: {reopenReason}</p>}
      <section className="card">
        <h2>Steps to reproduce</h2>
        <p>{d.steps}</p>
      </section>
      {allowed.length === 0 ? (
        <p className="hint">Nothing for you to do on this defect now.</p>
      ) : (
        <div className="actions-row">
          {allowed.map((a) => (
            <Form method="post" key={a.action} className="inline-form">
              <input type="hidden" name="action" value={a.action} />
              {a.needsText && (
                <label>
                  {a.needsText}
                  <input type="text" name="text" required />
                </label>
              )}
              <button type="submit">{a.label}</button>
            </Form>
          ))}
        </div>
      )}
    </>
  );
}
