import { Form, href, Link, redirect, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { Field } from '~/app/components/Field';
import { Folded } from '~/app/components/Folded';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { createSelection } from '~/workflows/commands/create-selection';
import { selectionsPage } from '~/workflows/selection/view';
import type { Route } from './+types/selections';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Platform selection · ${data?.project.name ?? 'Project'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => selectionsPage(getDb(), actor, idParam(params.projectId)));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const fields = formObject(await request.formData());
  try {
    const selection = createSelection({ db: getDb(), actor }, { ...fields, projectId });
    return redirect(href('/projects/:projectId/selections/:selectionId', { projectId: String(projectId), selectionId: String(selection.id) }));
  } catch (error) {
    return failure(error);
  }
}

type Row = Route.ComponentProps['loaderData']['selections'][number];
const columns = (projectId: string): Column<Row>[] => [
  {
    id: 'key',
    nowrap: true,
    header: 'Key',
    value: (r) => r.key,
    link: (r) => href('/projects/:projectId/selections/:selectionId', { projectId, selectionId: String(r.id) }),
  },
  { id: 'title', header: 'Selection', value: (r) => r.title },
  { id: 'state', header: 'State', value: (r) => r.stateLabel, filter: 'select' },
  { id: 'sponsor', header: 'Sponsor', value: (r) => r.sponsor },
  { id: 'sheets', header: 'Sheets submitted', value: (r) => `${r.submitted} of ${r.evaluators}` },
  { id: 'decided', header: 'Platform selected', value: (r) => r.decided ?? '—' },
  { id: 'startedOn', header: 'Started', value: (r) => r.startedOn, nowrap: true },
];

export default function Selections({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /
      </p>
      <h1>Platform selection</h1>
      <p className="hint">
        The business needs, the candidate platforms and weighted criteria; the sponsor locks the criteria with a signature, each named evaluator scores without
        seeing the others, and the sponsor signs the decision over results that show how robust the ranking is.
      </p>
      <ActionMessage result={actionData} />
      <DataTable
        caption={`Platform selections of ${d.project.name}`}
        rows={d.selections}
        columns={columns(projectId)}
        rowKey={(r) => String(r.id)}
        empty="No platform selection yet."
      />
      {d.mayCreate && (
        <Folded summary="Start a platform selection" refused={Object.keys(errors).length > 0}>
          <Form method="post" className="form" noValidate aria-label="Start a platform selection">
            <Field label="Title" name="title" error={errors.title} />
            <div className={`field${errors.sponsorId ? ' has-error' : ''}`}>
              <label htmlFor="sponsorId">Sponsor (signs the lock and the decision)</label>
              <select id="sponsorId" name="sponsorId" defaultValue="" aria-invalid={errors.sponsorId ? true : undefined}>
                <option value="">Choose a stakeholder…</option>
                {d.sponsors.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              {errors.sponsorId && <p className="field-error">{errors.sponsorId}</p>}
            </div>
            <fieldset className={errors.evaluatorIds ? 'has-error' : undefined}>
              <legend>Evaluators (stakeholders and analysts who score)</legend>
              {d.evaluators.length === 0 && <p className="empty">No stakeholder or analyst on the project yet: add members first.</p>}
              {d.evaluators.map((p) => (
                <label key={p.id} className="checkbox">
                  <input type="checkbox" name="evaluatorIds" value={p.id} /> {p.name} ({p.role})
                </label>
              ))}
              {errors.evaluatorIds && <p className="field-error">{errors.evaluatorIds}</p>}
            </fieldset>
            <button type="submit" className="primary" disabled={busy}>
              Start the selection
            </button>
          </Form>
        </Folded>
      )}
    </>
  );
}
