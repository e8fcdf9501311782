import { Form, href, Link, redirect, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { Field } from '~/app/components/Field';
import { ChangeBadge } from '~/app/components/StatusBadge';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { changesPage } from '~/workflows/changes/view';
import { raiseChangeRequest } from '~/workflows/commands/raise-change-request';
import type { Route } from './+types/changes';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Change requests · ${data?.project.name ?? 'Project'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => changesPage(getDb(), actor, idParam(params.projectId)));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const fields = formObject(await request.formData());
  try {
    const change = raiseChangeRequest({ db: getDb(), actor }, { ...fields, projectId });
    return redirect(href('/projects/:projectId/changes/:changeId', { projectId: String(projectId), changeId: String(change.id) }));
  } catch (error) {
    return failure(error);
  }
}

type Row = Route.ComponentProps['loaderData']['changes'][number];
const columns = (projectId: string): Column<Row>[] => [
  {
    id: 'key',
    nowrap: true,
    header: 'Key',
    value: (r) => r.key,
    link: (r) => href('/projects/:projectId/changes/:changeId', { projectId, changeId: String(r.id) }),
  },
  { id: 'title', header: 'Change', value: (r) => r.title },
  { id: 'state', header: 'State', value: (r) => r.stateLabel, filter: 'select', cell: (r) => <ChangeBadge state={r.state} /> },
  { id: 'decider', header: 'Decider', value: (r) => r.decider },
  { id: 'schedule', header: 'Moves milestones by (days)', value: (r) => r.scheduleDays, numeric: true },
  { id: 'cost', header: 'Cost impact', value: (r) => (r.cost === null ? null : Number(r.cost)), numeric: true },
  { id: 'requester', header: 'Raised by', value: (r) => r.requester },
  { id: 'raisedOn', header: 'On', value: (r) => r.raisedOn },
];

export default function Changes({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /
      </p>
      <h1>Change requests</h1>
      <p className="hint">
        A change to scope, schedule or cost: its impact is assessed, the named decider approves it with a signature or rejects it, and an approved schedule
        impact moves its milestones (see the <Link to={href('/projects/:projectId/schedule', { projectId })}>schedule against its baseline</Link>).
      </p>
      <ActionMessage result={actionData} />
      <DataTable
        caption={`Change requests of ${d.project.name}`}
        rows={d.changes}
        columns={columns(projectId)}
        rowKey={(r) => String(r.id)}
        empty="No change request yet."
      />
      {d.mayRaise && (
        <details className="card" open={Object.keys(errors).length > 0}>
          <summary>Raise a change request</summary>
          <Form method="post" className="form" noValidate aria-label="Raise a change request">
            <Field label="Title" name="title" error={errors.title} />
            <div className={`field${errors.description ? ' has-error' : ''}`}>
              <label htmlFor="description">What changes, and why</label>
              <textarea id="description" name="description" rows={4} aria-invalid={errors.description ? true : undefined} />
              {errors.description && <p className="field-error">{errors.description}</p>}
            </div>
            <div className={`field${errors.deciderId ? ' has-error' : ''}`}>
              <label htmlFor="deciderId">Who decides it</label>
              <select id="deciderId" name="deciderId" defaultValue="" aria-invalid={errors.deciderId ? true : undefined}>
                <option value="">Choose the sponsor or a stakeholder…</option>
                {d.deciders.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                    {p.function ? ` (${p.function.replace(/_/g, ' ')})` : ''}
                  </option>
                ))}
              </select>
              {errors.deciderId && <p className="field-error">{errors.deciderId}</p>}
            </div>
            <button type="submit" className="primary" disabled={busy}>
              Raise it
            </button>
          </Form>
        </details>
      )}
    </>
  );
}
