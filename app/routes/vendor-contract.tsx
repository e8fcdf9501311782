import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { DataTable } from '~/app/components/DataTable';
import { Field, FieldError } from '~/app/components/Field';
import { Folded } from '~/app/components/Folded';
import { deliverableColumns, MilestoneList } from '~/app/components/VendorParts';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { addDeliverable } from '~/workflows/commands/add-deliverable';
import { addPaymentMilestone } from '~/workflows/commands/add-payment-milestone';
import { releasePaymentMilestone } from '~/workflows/commands/release-payment-milestone';
import { money } from '~/workflows/format/money';
import { contractPage } from '~/workflows/vendors/view';
import type { Route } from './+types/vendor-contract';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.contract.reference ?? 'Contract'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const ref = { projectId: idParam(params.projectId), contractId: idParam(params.contractId) };
  return orThrowResponse(() => contractPage(getDb(), actor, ref, today()));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId), contractId: idParam(params.contractId) };
  try {
    switch (fields.intent) {
      case 'addDeliverable': {
        const checklist = typeof fields.checklist === 'string' ? fields.checklist.split('\n') : fields.checklist;
        const d = addDeliverable(ctx, { ...input, checklist });
        return { ok: `${d.key} added.` };
      }
      case 'addMilestone':
        addPaymentMilestone(ctx, input);
        return { ok: 'Payment milestone added.' };
      case 'release': {
        const m = releasePaymentMilestone(ctx, input);
        return { ok: `${m.name} released.` };
      }
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

function Choice({
  name,
  label,
  options,
  error,
  multiple,
}: {
  name: string;
  label: string;
  options: { id: number | string; name: string }[];
  error?: string;
  multiple?: boolean;
}) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} multiple={multiple} defaultValue={multiple ? [] : ''} aria-invalid={error ? true : undefined}>
        {!multiple && <option value="">Choose…</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <FieldError id={`f-${name}-error`} error={error} />
    </div>
  );
}

export default function VendorContract({ loaderData, actionData }: Route.ComponentProps) {
  const { project, contract, milestones, deliverables, manage, choices } = loaderData;
  const projectId = String(project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/vendors', { projectId })}>Vendors</Link> /
      </p>
      <h1>
        {contract.reference} {contract.title}
      </h1>
      <p className="muted">
        {contract.firm} · {money(contract.value)} {contract.currency} · {contract.startDate} to {contract.endDate}
      </p>
      <ActionMessage result={actionData} />
      <section aria-labelledby="milestones">
        <h2 id="milestones">Payment milestones</h2>
        <p className="hint">A milestone is releasable when every deliverable it depends on is accepted or waived.</p>
        <MilestoneList milestones={milestones} currency={contract.currency} manage={manage} />
      </section>
      <section aria-labelledby="deliverables">
        <h2 id="deliverables">Deliverables</h2>
        <DataTable
          caption={`Deliverables of ${contract.reference}`}
          rows={deliverables}
          columns={deliverableColumns(projectId)}
          rowKey={(r) => String(r.id)}
          empty="No deliverable yet."
          initialSort={[{ id: 'key', desc: false }]}
        />
      </section>
      {manage && choices && (
        <>
          <Folded summary="New deliverable…" refused={Object.keys(errors).length > 0}>
            <Form method="post" className="card form" noValidate>
              <h2>New deliverable</h2>
              <input type="hidden" name="intent" value="addDeliverable" />
              <Field label="Title" name="title" error={errors.title} />
              <Field label="Description" name="description" error={errors.description} />
              <Choice name="phaseKey" label="Phase" options={choices.phases.map((p) => ({ id: p.key, name: p.name }))} error={errors.phaseKey} />
              <Field label="Due" name="dueDate" type="date" error={errors.dueDate} />
              <Choice
                name="ownerId"
                label="Delivered by (vendor)"
                options={choices.owners.map((o) => ({ id: o.id, name: `${o.name} (${o.firm})` }))}
                error={errors.ownerId}
              />
              <Choice name="reviewerId" label="Client reviewer" options={choices.reviewers} error={errors.reviewerId} />
              <Choice
                name="requirementIds"
                label="Requirements to be signed off"
                multiple
                options={choices.requirements.map((r) => ({ id: r.id, name: r.key }))}
                error={errors.requirementIds}
              />
              <Choice
                name="caseIds"
                label="Payout cases to pass"
                multiple
                options={choices.cases.map((c) => ({ id: c.id, name: `${c.key} ${c.title}` }))}
                error={errors.caseIds}
              />
              <Choice name="cycleIds" label="Test cycles to pass" multiple options={choices.cycles} error={errors.cycleIds} />
              <div className={`field${errors.checklist ? ' has-error' : ''}`}>
                <label htmlFor="f-checklist">Checklist (one condition a line)</label>
                <textarea id="f-checklist" name="checklist" rows={3} aria-invalid={errors.checklist ? true : undefined} />
                <FieldError id="f-checklist-error" error={errors.checklist} />
              </div>
              <button type="submit" disabled={busy}>
                Add the deliverable
              </button>
            </Form>
          </Folded>
          <Folded summary="New payment milestone…" refused={Object.keys(errors).length > 0}>
            <Form method="post" className="card form" noValidate>
              <h2>New payment milestone</h2>
              <input type="hidden" name="intent" value="addMilestone" />
              <Field label="Name" name="name" error={errors.name} />
              <Field label={`Amount (${contract.currency})`} name="amount" inputMode="decimal" error={errors.amount} />
              <Field label="Due" name="dueDate" type="date" error={errors.dueDate} />
              <Choice
                name="deliverableIds"
                label="Depends on"
                multiple
                options={deliverables.map((d) => ({ id: d.id, name: `${d.key} ${d.title}` }))}
                error={errors.deliverableIds}
              />
              <button type="submit" disabled={busy}>
                Add the milestone
              </button>
            </Form>
          </Folded>
        </>
      )}
    </>
  );
}
