import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { MeaningField } from '~/app/components/MeaningField';
import { ChangeBadge } from '~/app/components/StatusBadge';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { changePage } from '~/workflows/changes/view';
import { approveChangeRequest } from '~/workflows/commands/approve-change-request';
import { assessChangeRequest } from '~/workflows/commands/assess-change-request';
import { closeChangeRequest } from '~/workflows/commands/close-change-request';
import { implementChangeRequest } from '~/workflows/commands/implement-change-request';
import { rejectChangeRequest } from '~/workflows/commands/reject-change-request';
import { withdrawChangeRequest } from '~/workflows/commands/withdraw-change-request';
import { money } from '~/workflows/format/money';
import type { Route } from './+types/change';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.change.key ?? 'Change request'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => changePage(getDb(), actor, { projectId: idParam(params.projectId), changeId: idParam(params.changeId) }));
}

/** The assess form's "moves by" fields (move.<milestoneId>: days) as the schedule impact. */
function scheduleOf(fields: Record<string, string | string[]>) {
  return Object.entries(fields)
    .filter(([k, v]) => k.startsWith('move.') && typeof v === 'string' && v.trim() !== '')
    .map(([k, v]) => ({ milestoneId: Number(k.slice(5)), days: Number(v) }));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId), changeId: idParam(params.changeId) };
  try {
    switch (fields.intent) {
      case 'assess':
        assessChangeRequest(ctx, { ...input, schedule: scheduleOf(fields) });
        return { ok: 'Impact recorded: the decider can decide it now.' };
      case 'approve':
        await approveChangeRequest(ctx, input);
        return { ok: 'Approved and signed; its milestones have moved.' };
      case 'reject':
        rejectChangeRequest(ctx, input);
        return { ok: 'Rejected.' };
      case 'implement':
        implementChangeRequest(ctx, input);
        return { ok: 'Recorded as implemented.' };
      case 'close':
        closeChangeRequest(ctx, input);
        return { ok: 'Closed.' };
      case 'withdraw':
        withdrawChangeRequest(ctx, input);
        return { ok: 'Withdrawn.' };
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export default function Change({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const may = new Set(d.events);
  const c = d.change;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/changes', { projectId })}>Change requests</Link> /
      </p>
      <h1>
        {c.key} {c.title} <ChangeBadge state={c.state} />
      </h1>
      <p className="muted">
        Raised by {c.requester} on {c.createdAt.slice(0, 10)}; {c.decider} decides it.
      </p>
      <ActionMessage result={actionData} />
      <p>{c.description}</p>

      <section aria-labelledby="impact" className="card">
        <h2 id="impact">Impact</h2>
        {!d.impact ? (
          <p className="empty">Not assessed yet: the project manager or an analyst states what it affects before it is decided.</p>
        ) : (
          <dl className="record-facts">
            <dt>Summary</dt>
            <dd>{d.impact.summary}</dd>
            <dt>Requirements</dt>
            <dd>{d.impact.requirements.map((r) => r.key).join(', ') || 'none'}</dd>
            <dt>Plans</dt>
            <dd>{d.impact.plans.map((p) => p.key).join(', ') || 'none'}</dd>
            <dt>Deliverables</dt>
            <dd>{d.impact.deliverables.map((x) => x.key).join(', ') || 'none'}</dd>
            <dt>Schedule</dt>
            <dd>
              {d.impact.milestones.length === 0
                ? 'no milestone moves'
                : d.impact.milestones.map((m) => `${m.name}: ${m.days > 0 ? '+' : ''}${m.days} day(s)`).join('; ')}
            </dd>
            <dt>Cost</dt>
            <dd>{money(d.impact.cost)}</dd>
            <dt>Risks</dt>
            <dd>{d.impact.risks || 'none stated'}</dd>
            <dt>Assessment</dt>
            <dd>number {d.assessments}</dd>
          </dl>
        )}
      </section>

      {d.approval && (
        <p className="notice">
          Approved by {d.approval.by} on {when(d.approval.at)}: “{d.approval.meaning}” (signed over assessment {d.approval.assessment}).
        </p>
      )}
      {d.rejection && (
        <p className="notice">
          Rejected by {d.rejection.by} on {when(d.rejection.at)}: {d.rejection.reason}
        </p>
      )}
      {d.withdrawal && (
        <p className="notice">
          Withdrawn on {when(d.withdrawal.at)}: {d.withdrawal.reason}
        </p>
      )}
      {d.implementation && (
        <p className="notice">
          Implemented on {when(d.implementation.at)} by {d.implementation.carriers.map((x) => `${x.kind.replace('_', ' ')} #${x.id}`).join(', ')}.
        </p>
      )}

      {may.has('ASSESS') && d.targets && (
        <details className="card" open={!d.impact || Object.keys(errors).length > 0}>
          <summary>{d.impact ? 'Assess the impact again' : 'Assess the impact'}</summary>
          <Form method="post" className="form" noValidate aria-label="Assess the impact">
            <input type="hidden" name="intent" value="assess" />
            <input type="hidden" name="expectedVersion" value={d.version} />
            <div className={`field${errors.summary ? ' has-error' : ''}`}>
              <label htmlFor="summary">Summary of the impact</label>
              <textarea id="summary" name="summary" rows={3} defaultValue={d.impact?.summary} aria-invalid={errors.summary ? true : undefined} />
              {errors.summary && <p className="field-error">{errors.summary}</p>}
            </div>
            {(
              [
                ['requirementIds', 'Requirements affected', d.targets.requirements.map((r) => ({ id: r.id, label: r.key })), d.impact?.requirementIds],
                ['planIds', 'Plans affected', d.targets.plans.map((p) => ({ id: p.id, label: `${p.key} ${p.name}` })), d.impact?.planIds],
                [
                  'deliverableIds',
                  'Deliverables affected',
                  d.targets.deliverables.map((x) => ({ id: x.id, label: `${x.key} ${x.title}` })),
                  d.impact?.deliverableIds,
                ],
              ] as const
            ).map(([name, label, options, chosen]) => (
              <div key={name} className={`field${errors[name] ? ' has-error' : ''}`}>
                <label htmlFor={name}>{label}</label>
                <select id={name} name={name} multiple size={Math.min(6, Math.max(2, options.length))} defaultValue={(chosen ?? []).map(String)}>
                  {options.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.label}
                    </option>
                  ))}
                </select>
                {errors[name] && <p className="field-error">{errors[name]}</p>}
              </div>
            ))}
            <fieldset>
              <legend>Schedule: days each milestone moves (empty: it does not move)</legend>
              {d.targets.milestones
                .filter((m) => !m.doneOn)
                .map((m) => (
                  <Field
                    key={m.id}
                    label={`${m.name} (due ${m.dueDate})`}
                    name={`move.${m.id}`}
                    inputMode="numeric"
                    size={5}
                    defaultValue={d.impact?.schedule.find((s) => s.milestoneId === m.id)?.days}
                  />
                ))}
              {errors.schedule && <p className="field-error">{errors.schedule}</p>}
            </fieldset>
            <Field label="Cost impact" name="cost" inputMode="decimal" defaultValue={d.impact?.cost ?? '0'} error={errors.cost} />
            <div className="field">
              <label htmlFor="risks">Risks</label>
              <textarea id="risks" name="risks" rows={2} defaultValue={d.impact?.risks} />
            </div>
            <button type="submit" className="primary" disabled={busy}>
              Record the impact
            </button>
          </Form>
        </details>
      )}

      {may.has('APPROVE') && d.fingerprint && (
        <Form method="post" className="card form" noValidate aria-label="Approve the change">
          <h2>Approve</h2>
          <p className="hint">You sign the impact above (assessment {d.assessments}); an approved schedule impact moves its milestones at once.</p>
          <input type="hidden" name="intent" value="approve" />
          <input type="hidden" name="fingerprint" value={d.fingerprint} />
          <MeaningField meanings={d.meanings} yourFunction={d.yourFunction} error={errors.meaning} />
          <Field label="Your password (to sign)" name="password" type="password" autoComplete="current-password" error={errors.password} />
          <button type="submit" className="primary" disabled={busy}>
            Approve and sign
          </button>
        </Form>
      )}
      {may.has('REJECT') && (
        <Form method="post" className="card form" noValidate aria-label="Reject the change">
          <h2>Reject</h2>
          <input type="hidden" name="intent" value="reject" />
          <Field label="Why it is rejected" name="reason" error={errors.reason} />
          <button type="submit" disabled={busy}>
            Reject
          </button>
        </Form>
      )}
      {may.has('IMPLEMENT') && d.targets && (
        <Form method="post" className="card form" noValidate aria-label="Record it implemented">
          <h2>Implemented by</h2>
          <input type="hidden" name="intent" value="implement" />
          {(
            [
              [
                'requirementVersionIds',
                'Requirement versions',
                d.targets.requirementVersions.map((r) => ({ id: r.id, label: `${r.key} v${r.number} ${r.title}` })),
              ],
              ['planVersionIds', 'Plan versions', d.targets.planVersions.map((p) => ({ id: p.id, label: `${p.key} v${p.number}` }))],
              ['deliverableIds', 'Deliverables', d.targets.deliverables.map((x) => ({ id: x.id, label: `${x.key} ${x.title}` }))],
            ] as const
          ).map(([name, label, options]) => (
            <div key={name} className="field">
              <label htmlFor={`impl-${name}`}>{label}</label>
              <select id={`impl-${name}`} name={name} multiple size={Math.min(6, Math.max(2, options.length))}>
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          ))}
          {errors.carriers && <p className="field-error">{errors.carriers}</p>}
          <button type="submit" disabled={busy}>
            Record it implemented
          </button>
        </Form>
      )}
      {may.has('CLOSE') && (
        <Form method="post" className="card form inline-form">
          <input type="hidden" name="intent" value="close" />
          <button type="submit" disabled={busy}>
            Close the change request
          </button>
        </Form>
      )}
      {may.has('WITHDRAW') && (
        <Form
          method="post"
          className="card form inline-form"
          noValidate
          aria-label="Withdraw the change"
          onSubmit={(e) => {
            if (!window.confirm(`Withdraw ${c.key}? A withdrawn change request cannot be reopened.`)) e.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="withdraw" />
          <Field label="Why it is withdrawn" name="reason" error={errors.reason} />
          <button type="submit" disabled={busy}>
            Withdraw
          </button>
        </Form>
      )}

      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        {d.history.length === 0 ? (
          <p className="empty">Raised; nothing has happened to it since.</p>
        ) : (
          <ol>
            {d.history.map((h) => (
              <li key={h.id}>
                {when(h.at)}: {h.actor} {h.did} ({h.to})
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
