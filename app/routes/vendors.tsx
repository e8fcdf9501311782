import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { Field, FieldError } from '~/app/components/Field';
import { Folded } from '~/app/components/Folded';
import { deliverableColumns, MilestoneList } from '~/app/components/VendorParts';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { addCommitment } from '~/workflows/commands/add-commitment';
import { createContract } from '~/workflows/commands/create-contract';
import { recordCommitment } from '~/workflows/commands/record-commitment';
import { releasePaymentMilestone } from '~/workflows/commands/release-payment-milestone';
import { money } from '~/workflows/format/money';
import { vendorsPage } from '~/workflows/vendors/view';
import type { Route } from './+types/vendors';

export const meta: Route.MetaFunction = () => [{ title: 'Vendors · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => vendorsPage(getDb(), actor, idParam(params.projectId), today()));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId) };
  try {
    switch (fields.intent) {
      case 'createContract': {
        const c = createContract(ctx, input);
        return { ok: `Contract ${c.reference} created.` };
      }
      case 'addCommitment':
        addCommitment(ctx, input);
        return { ok: 'Commitment added.' };
      case 'recordCommitment':
        recordCommitment(ctx, input);
        return { ok: 'Commitment recorded.' };
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

type CommitmentRow = Route.ComponentProps['loaderData']['commitments'][number];

type DefectRow = Route.ComponentProps['loaderData']['defects'][number];
const defectColumns: Column<DefectRow>[] = [
  { id: 'key', nowrap: true, header: 'Defect', value: (d) => d.key },
  { id: 'title', header: 'Title', value: (d) => d.title },
  { id: 'severity', header: 'Severity', value: (d) => d.severity, numeric: true, filter: 'select' },
  { id: 'firm', header: 'Vendor', value: (d) => d.firm, filter: 'select' },
  { id: 'assignee', header: 'Assigned to', value: (d) => d.assignee },
  { id: 'logged', header: 'Logged', value: (d) => d.createdAt.slice(0, 10) },
  { id: 'state', header: 'State', value: (d) => d.stateLabel, filter: 'select' },
];

export default function Vendors({ loaderData, actionData }: Route.ComponentProps) {
  const { project, contracts, deliverables, commitments, defects, manage, firms } = loaderData;
  const projectId = String(project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const commitmentColumns: Column<CommitmentRow>[] = [
    { id: 'firm', header: 'Vendor', value: (r) => r.firm, filter: 'select' },
    { id: 'text', header: 'Commitment', value: (r) => r.text },
    {
      id: 'kind',
      header: 'Kind',
      value: (r) => (r.kind === 'dated' ? `Due ${r.dueDate}` : `Severity ${r.severity} or worse within ${r.businessDays} business days`),
    },
    { id: 'status', header: 'Status', value: (r) => r.standing, filter: 'select' },
    { id: 'why', header: 'Why', value: (r) => r.why },
  ];
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /
      </p>
      <h1>Vendors</h1>
      <ActionMessage result={actionData} />

      <section aria-labelledby="contracts">
        <h2 id="contracts">Contracts</h2>
        {contracts.length === 0 && <p className="muted">No contract.</p>}
        {contracts.map((c) => (
          <article className="card" key={c.id}>
            <h3>
              <Link to={href('/projects/:projectId/vendors/contracts/:contractId', { projectId, contractId: String(c.id) })}>{c.reference}</Link> {c.title}
            </h3>
            <p className="muted">
              {c.firm} · {money(c.value)} {c.currency} · {c.startDate} to {c.endDate} ·{' '}
              <Link to={href('/projects/:projectId/vendors/:firmId/scorecard', { projectId, firmId: String(c.firmId) })}>{c.firm} scorecard</Link>
            </p>
            <MilestoneList milestones={c.milestones} currency={c.currency} manage={manage} />
          </article>
        ))}
      </section>

      <section aria-labelledby="deliverables">
        <h2 id="deliverables">Deliverables</h2>
        <DataTable
          caption={`Vendor deliverables of ${project.name}`}
          rows={deliverables}
          columns={deliverableColumns(projectId)}
          rowKey={(r) => String(r.id)}
          empty="No deliverable."
          initialSort={[{ id: 'key', desc: false }]}
        />
      </section>

      <section aria-labelledby="vendor-defects">
        <h2 id="vendor-defects">Defects assigned to the vendor</h2>
        <DataTable
          caption={`Defects assigned to vendor firms' people on ${project.name}`}
          rows={defects}
          columns={defectColumns}
          rowKey={(d) => String(d.id)}
          empty="No defect is assigned to a vendor firm's people."
        />
      </section>

      <section aria-labelledby="commitments">
        <h2 id="commitments">Commitments</h2>
        <DataTable caption="Vendor commitments" rows={commitments} columns={commitmentColumns} rowKey={(r) => String(r.id)} empty="No commitment." />
        {manage &&
          commitments
            .filter((c) => c.kind === 'dated' && c.status === 'open')
            .map((c) => (
              <Form method="post" className="inline-form" key={c.id}>
                <input type="hidden" name="intent" value="recordCommitment" />
                <input type="hidden" name="commitmentId" value={c.id} />
                <span>{c.text}: </span>
                <select name="status" aria-label={`Status of: ${c.text}`}>
                  <option value="met">met</option>
                  <option value="missed">missed</option>
                </select>
                <input type="text" name="note" aria-label="Note" placeholder="Note" />
                <button type="submit" disabled={busy}>
                  Record
                </button>
              </Form>
            ))}
      </section>

      {manage && (
        <>
          <Folded summary="New contract…" refused={Object.keys(errors).length > 0}>
            <Form method="post" className="card form" noValidate>
              <h2>New contract</h2>
              <input type="hidden" name="intent" value="createContract" />
              <div className={`field${errors.firmId ? ' has-error' : ''}`}>
                <label htmlFor="firmId">Vendor firm</label>
                <select id="firmId" name="firmId" defaultValue="" aria-invalid={errors.firmId ? true : undefined}>
                  <option value="">Choose…</option>
                  {firms.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.name}
                    </option>
                  ))}
                </select>
                <FieldError id="firmId-error" error={errors.firmId} />
              </div>
              <Field label="Reference" name="reference" error={errors.reference} />
              <Field label="Title" name="title" error={errors.title} />
              <Field label="Value" name="value" inputMode="decimal" error={errors.value} />
              <Field label="Currency" name="currency" defaultValue="USD" error={errors.currency} />
              <Field label="Start" name="startDate" type="date" error={errors.startDate} />
              <Field label="End" name="endDate" type="date" error={errors.endDate} />
              <button type="submit" disabled={busy}>
                Create the contract
              </button>
            </Form>
          </Folded>
          <Folded summary="New commitment…" refused={Object.keys(errors).length > 0}>
            <Form method="post" className="card form" noValidate>
              <h2>New commitment</h2>
              <input type="hidden" name="intent" value="addCommitment" />
              <div className={`field${errors.firmId ? ' has-error' : ''}`}>
                <label htmlFor="commitment-firm">Vendor firm</label>
                <select id="commitment-firm" name="firmId" defaultValue="">
                  <option value="">Choose…</option>
                  {firms.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.name}
                    </option>
                  ))}
                </select>
              </div>
              <Field label="What the vendor commits to" name="text" error={errors.text} />
              <div className="field">
                <label htmlFor="commitment-kind">Kind</label>
                <select id="commitment-kind" name="kind" defaultValue="dated">
                  <option value="dated">A dated promise</option>
                  <option value="defect_sla">A defect service level</option>
                </select>
                <FieldError id="kind-error" error={errors.kind} />
              </div>
              <Field label="Due (a dated promise)" name="dueDate" type="date" error={errors.dueDate} />
              <Field label="Severity or worse (a service level: 1 critical to 4 minor)" name="severity" inputMode="numeric" error={errors.severity} />
              <Field label="Within business days (a service level)" name="businessDays" inputMode="numeric" error={errors.businessDays} />
              <button type="submit" disabled={busy}>
                Add the commitment
              </button>
            </Form>
          </Folded>
        </>
      )}
    </>
  );
}
