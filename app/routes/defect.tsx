import { data, Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Discussion } from '~/app/components/Discussion';
import { LinkedRaidItems } from '~/app/components/LinkedRaidItems';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { instanceHistory, projectMemberList } from '~/db/queries/projects';
import { defectCommentList, defectDetail, planVersionLabel, runBrief } from '~/db/queries/testing';
import { advanceDefect, type DefectAction } from '~/workflows/commands/advance-defect';
import { assignDefect } from '~/workflows/commands/assign-defect';
import { commentOnDefect } from '~/workflows/commands/comment-on-defect';
import { type DefectState, defectStateLabels, defectWorkflow, severityLabel } from '~/workflows/machines/defect';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import { raidItemsLinkedTo } from '~/workflows/raid/view';
import { contextOf } from '~/workflows/runtime';
import { defectActionsFor } from '~/workflows/testing/defect-view';
import type { Route } from './+types/defect';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.defect.key ?? 'Defect'} · SPM Portal` }];

const actions: { action: DefectAction; label: string; needsText?: string; hint?: string }[] = [
  { action: 'START', label: 'Start work' },
  { action: 'FIX', label: 'Mark fixed', needsText: 'What was changed?', hint: 'The tester who verifies the fix reads this.' },
  { action: 'VERIFY', label: 'Verify the fix', hint: 'Runs the case that found the defect now; it is verified only if the run passes.' },
  { action: 'CLOSE', label: 'Close' },
  { action: 'REOPEN', label: 'Reopen', needsText: 'Why is it reopened?' },
];

/** How each event reads in the history ("Marked fixed"), instead of its code. */
const eventWords: Record<string, string> = {
  START: 'Started work',
  FIX: 'Marked fixed',
  VERIFY: 'Verified the fix',
  CLOSE: 'Closed',
  REOPEN: 'Reopened',
};
const stateLabel = (s: string) => defectStateLabels[s as DefectState] ?? s;

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const row = defectDetail(db, idParam(params.defectId));
  if (!row || row.d.projectId !== projectId) throw data('No such defect in this project.', { status: 404 });
  const context = contextOf(defectWorkflow, row.instance);
  const may = defectActionsFor(row.instance, actor, roles);
  const members = projectMemberList(db, projectId);
  const nameOf = (id: number | null | undefined) => (id ? (members.find((m) => m.userId === id)?.name ?? `person ${id}`) : null);
  // Those who fix defects, and the vendor's representatives when the vendor's firm owes the fix.
  const fixers = [
    ...new Map(
      members
        .filter((m) => m.role === 'analyst' || m.role === 'pm' || m.role === 'vendor')
        .map((m) => [m.userId, m.vendorFirm ? `${m.name} (${m.vendorFirm})` : m.name]),
    ).entries(),
  ];
  return {
    project: { id: project.id, name: project.name },
    raidItems: raidItemsLinkedTo(db, actor, roles, 'defect', row.d.id),
    defect: { ...row.d, severityLabel: severityLabel(row.d.severity), state: String(row.instance.stateValue), caseKey: row.caseKey, by: row.by },
    assignee: nameOf(row.d.assigneeId),
    fixedBy: nameOf(context.fixedBy),
    fixNote: context.fixNote ?? null,
    fixPlanVersion: context.fixPlanVersionId ? planVersionLabel(db, context.fixPlanVersionId) : null,
    verifiedBy: nameOf(context.verifiedBy),
    verifyingRun: context.verifiedRunId ? runBrief(db, context.verifiedRunId) : null,
    reopenReason: context.reopenReason,
    allowed: actions.filter((a) => may.includes(a.action)),
    mayAssign: mayOnProject(actor, roles, 'defect.assign'),
    mayComment: mayOnProject(actor, roles, 'defect.comment'),
    fixers,
    comments: defectCommentList(db, row.d.id),
    history: instanceHistory(db, row.instance.id).map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor,
      what: eventWords[e.type] ?? e.type,
      from: stateLabel(e.fromState),
      to: stateLabel(e.toState),
      text: typeof e.payload.note === 'string' ? e.payload.note : typeof e.payload.reason === 'string' ? e.payload.reason : null,
    })),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId), defectId: idParam(params.defectId) };
  try {
    switch (fields.intent) {
      case 'assign':
        assignDefect(ctx, input);
        return { ok: 'Assignment saved.' };
      case 'comment':
        commentOnDefect(ctx, input);
        return { ok: 'Comment added.' };
      default:
        advanceDefect(ctx, input);
        return { ok: fields.action === 'VERIFY' ? 'The case passed: the fix is verified.' : 'Done.' };
    }
  } catch (error) {
    return failure(error);
  }
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export default function Defect({ loaderData, actionData }: Route.ComponentProps) {
  const {
    project,
    defect: d,
    assignee,
    fixedBy,
    fixNote,
    fixPlanVersion,
    verifiedBy,
    verifyingRun,
    reopenReason,
    allowed,
    fixers,
    comments,
    history,
  } = loaderData;
  const projectId = String(project.id);
  const errors = fieldErrorsOf(actionData);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/defects', { projectId })}>Defects</Link> /
      </p>
      <h1>
        {d.key} {d.title} <span className="badge">{stateLabel(d.state)}</span>
      </h1>
      <p className="muted">
        Severity {d.severityLabel} · logged by {d.by} on {d.createdAt.slice(0, 10)}
        {d.caseId && (
          <>
            {' '}
            · found by case <Link to={href('/projects/:projectId/testing/cases/:caseId', { projectId, caseId: String(d.caseId) })}>{d.caseKey}</Link>
          </>
        )}{' '}
        · assigned to {assignee ?? 'nobody'}
      </p>
      <ActionMessage result={actionData} />
      {reopenReason && d.state === 'open' && <p className="card warning">Reopened: {reopenReason}</p>}

      {(fixNote || verifyingRun) && (
        <section className="card" aria-labelledby="fix">
          <h2 id="fix">The fix</h2>
          <dl className="facts">
            {fixedBy && (
              <>
                <dt>Fixed by</dt>
                <dd>{fixedBy}</dd>
              </>
            )}
            {fixNote && (
              <>
                <dt>What was changed</dt>
                <dd>{fixNote}</dd>
              </>
            )}
            {fixPlanVersion && (
              <>
                <dt>Plan version with the fix</dt>
                <dd>{fixPlanVersion}</dd>
              </>
            )}
            {verifyingRun && (
              <>
                <dt>Verified by</dt>
                <dd data-testid="verifying-run">
                  {verifiedBy}, run #{verifyingRun.id} of {d.caseKey} on {when(verifyingRun.at)}
                  {verifyingRun.planVersion !== null && ` on plan version ${verifyingRun.planVersion}`}: {verifyingRun.result}. {verifyingRun.summary}
                </dd>
              </>
            )}
          </dl>
        </section>
      )}

      <section className="card">
        <h2>Steps to reproduce</h2>
        <p>{d.steps}</p>
      </section>

      <section aria-labelledby="act">
        <h2 id="act">What you can do</h2>
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
                    <input type="text" name="text" required minLength={5} maxLength={4000} />
                  </label>
                )}
                <button type="submit">{a.label}</button>
                {a.hint && <span className="hint"> {a.hint}</span>}
              </Form>
            ))}
          </div>
        )}
        {loaderData.mayAssign && (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="assign" />
            <div className={`field${errors.assigneeId ? ' has-error' : ''}`}>
              <label htmlFor="assigneeId">Assigned to</label>
              <select id="assigneeId" name="assigneeId" defaultValue={d.assigneeId ?? ''} aria-invalid={errors.assigneeId ? true : undefined}>
                <option value="">Nobody</option>
                {fixers.map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </select>
              {errors.assigneeId && <p className="field-error">{errors.assigneeId}</p>}
            </div>
            <button type="submit">Save assignment</button>
          </Form>
        )}
      </section>

      <Discussion comments={comments} mayComment={loaderData.mayComment} error={errors.body} />

      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        {history.length === 0 ? (
          <p className="muted">Logged; nothing has happened to it since.</p>
        ) : (
          <ol className="history">
            {history.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{when(e.at)}</time> · {e.actor ?? 'system'} · {e.what} ({e.from} → {e.to}){e.text && <> · “{e.text}”</>}
              </li>
            ))}
          </ol>
        )}
      </section>
      <LinkedRaidItems projectId={project.id} items={loaderData.raidItems} />
    </>
  );
}
