import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Discussion } from '~/app/components/Discussion';
import { Field, FieldError } from '~/app/components/Field';
import { LinkedRaidItems } from '~/app/components/LinkedRaidItems';
import { MeaningField } from '~/app/components/MeaningField';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { acceptDeliverable } from '~/workflows/commands/accept-deliverable';
import { commentOnDeliverable } from '~/workflows/commands/comment-on-deliverable';
import { rejectDeliverable } from '~/workflows/commands/reject-deliverable';
import { reviewDeliverable } from '~/workflows/commands/review-deliverable';
import { startDeliverable } from '~/workflows/commands/start-deliverable';
import { submitDeliverable } from '~/workflows/commands/submit-deliverable';
import { waiveDeliverable } from '~/workflows/commands/waive-deliverable';
import { deliverablePage } from '~/workflows/vendors/view';
import type { Route } from './+types/deliverable';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.deliverable.key ?? 'Deliverable'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const ref = { projectId: idParam(params.projectId), deliverableId: idParam(params.deliverableId) };
  return orThrowResponse(() => deliverablePage(getDb(), actor, ref, today()));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId), deliverableId: idParam(params.deliverableId) };
  try {
    switch (fields.intent) {
      case 'start':
        startDeliverable(ctx, input);
        return { ok: 'Started.' };
      case 'submit':
        submitDeliverable(ctx, input);
        return { ok: 'Submitted to the client reviewer.' };
      case 'review':
        reviewDeliverable(ctx, input);
        return { ok: 'Taken into review.' };
      case 'accept':
        await acceptDeliverable(ctx, input);
        return { ok: 'Accepted and signed.' };
      case 'reject':
        rejectDeliverable(ctx, input);
        return { ok: 'Rejected: the vendor sees your reasons.' };
      case 'waive':
        waiveDeliverable(ctx, input);
        return { ok: 'Waived.' };
      case 'comment':
        commentOnDeliverable(ctx, input);
        return { ok: 'Comment added.' };
      default:
        return { error: 'Choose an action.' };
    }
  } catch (error) {
    return failure(error);
  }
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export default function Deliverable({ loaderData, actionData }: Route.ComponentProps) {
  const { project, deliverable: d, contract, criteria, submissions, warnings, waiver, events, fingerprint, meanings, yourFunction, history } = loaderData;
  const projectId = String(project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const may = new Set(events);
  const checklist = criteria.filter((c) => c.kind === 'checklist');
  const computed = criteria.filter((c) => c.kind !== 'checklist');
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/vendors', { projectId })}>Vendors</Link> /{' '}
        <Link to={href('/projects/:projectId/vendors/contracts/:contractId', { projectId, contractId: String(contract.id) })}>{contract.reference}</Link> /
      </p>
      <h1>
        {d.key} {d.title}{' '}
        <span className="badge" data-testid="deliverable-state">
          {d.stateLabel}
        </span>
        {d.overdue && <span className="badge warning"> Overdue</span>}
      </h1>
      <p className="muted">
        Due {d.dueDate} in phase {d.phaseKey} · delivered by {loaderData.owner} · reviewed by {loaderData.reviewer}
      </p>
      {d.description && <p>{d.description}</p>}
      <ActionMessage result={actionData} />
      {warnings.length > 0 && (
        <section className="card warning" role="alert" aria-labelledby="warnings">
          <h2 id="warnings">Accepted, but the evidence has moved since</h2>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          <p className="hint">The acceptance stands as it was signed; the project manager decides what to do.</p>
        </section>
      )}
      {waiver && (
        <p className="card">
          Waived on {waiver.at.slice(0, 10)}: {waiver.reason}
        </p>
      )}

      <section className="card" aria-labelledby="criteria">
        <h2 id="criteria">Acceptance criteria</h2>
        <p className="hint">
          Computed now: a requirement must be signed off; a payout case, or every case of a cycle, must pass on the current plan version; the reviewer ticks the
          checklist when accepting.
        </p>
        <ul className="criteria" data-testid="criteria">
          {computed.map((c) => (
            <li key={c.criterionId}>
              <span className={`badge ${c.met ? 'ok' : 'warning'}`}>{c.met ? 'Met' : 'Missing'}</span> {c.label}: {c.detail}
            </li>
          ))}
          {checklist.map((c) => (
            <li key={c.criterionId}>
              <span className="badge">Checklist</span> {c.label}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="act">
        <h2 id="act">What you can do</h2>
        {events.length === 0 && <p className="hint">Nothing for you to do on this deliverable now.</p>}
        {may.has('START') && (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="start" />
            <button type="submit" disabled={busy}>
              Start work
            </button>
          </Form>
        )}
        {may.has('SUBMIT') && (
          <Form method="post" className="card form" noValidate>
            <h3>{d.state === 'rejected' ? 'Resubmit' : 'Submit for acceptance'}</h3>
            <input type="hidden" name="intent" value="submit" />
            <Field label="What is delivered" name="note" error={errors.note} />
            <Field label="Evidence references (documents, builds, links)" name="evidence" error={errors.evidence} />
            <button type="submit" className="primary" disabled={busy}>
              {d.state === 'rejected' ? 'Resubmit' : 'Submit'}
            </button>
          </Form>
        )}
        {may.has('REVIEW') && (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="review" />
            <button type="submit" disabled={busy}>
              Take into review
            </button>
          </Form>
        )}
        {may.has('ACCEPT') && fingerprint && (
          <Form method="post" className="card form" noValidate>
            <h3>Accept with your signature</h3>
            <input type="hidden" name="intent" value="accept" />
            <input type="hidden" name="fingerprint" value={fingerprint} />
            <fieldset>
              <legend>Checklist: tick what holds</legend>
              {checklist.map((c) => (
                <label className="checkbox" key={c.criterionId}>
                  <input type="checkbox" name="checked" value={c.criterionId} /> {c.label}
                </label>
              ))}
            </fieldset>
            <FieldError id="fingerprint-error" error={errors.fingerprint} />
            <MeaningField meanings={meanings} yourFunction={yourFunction} error={errors.meaning} />
            <Field
              label="Your password (to sign)"
              name="password"
              type="password"
              autoComplete="current-password"
              error={errors.password}
              hint={`You sign submission ${submissions.length} on the evidence shown (${fingerprint.slice(0, 12)}…).`}
            />
            <button type="submit" className="primary" disabled={busy}>
              Accept and sign
            </button>
          </Form>
        )}
        {may.has('REJECT') && (
          <Form method="post" className="card form" noValidate>
            <h3>Reject</h3>
            <p className="hint">Give a reason for each criterion that does not hold; the vendor reads them.</p>
            <input type="hidden" name="intent" value="reject" />
            {computed.map((c) => (
              <Field key={c.criterionId} label={`Reason: ${c.label}${c.met ? '' : ' (missing)'}`} name={`reason.${c.criterionId}`} />
            ))}
            {checklist.map((c) => (
              <div key={c.criterionId}>
                <label className="checkbox">
                  <input type="checkbox" name="checked" value={c.criterionId} /> {c.label} holds
                </label>
                <Field label={`Reason: ${c.label}`} name={`reason.${c.criterionId}`} />
              </div>
            ))}
            <Field label="Reason about the submission as a whole" name="reason.general" error={errors.reasons} />
            <button type="submit" disabled={busy}>
              Reject this submission
            </button>
          </Form>
        )}
        {may.has('WAIVE') && (
          <Form method="post" className="card form" noValidate>
            <h3>Waive</h3>
            <input type="hidden" name="intent" value="waive" />
            <Field label="Why is it waived?" name="reason" error={errors.reason} />
            <button type="submit" disabled={busy}>
              Waive this deliverable
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="submissions">
        <h2 id="submissions">Submissions</h2>
        {submissions.length === 0 ? (
          <p className="muted">Not submitted yet.</p>
        ) : (
          <ol className="history" data-testid="submissions">
            {submissions.map((s) => (
              <li key={s.id}>
                <strong>Submission {s.number}</strong> by {s.by} on {when(s.submittedAt)}: {s.note}
                {s.evidence && <> · evidence: {s.evidence}</>} · <span className="badge">{s.outcome}</span>
                {s.decidedByName && (
                  <>
                    {' '}
                    by {s.decidedByName} on {s.decidedAt?.slice(0, 10)}
                  </>
                )}
                {s.reasons && s.reasons.length > 0 && (
                  <ul>
                    {s.reasons.map((r) => (
                      <li key={`${r.criterionId}-${r.reason}`}>
                        {r.criterionId === null ? 'Overall' : (criteria.find((c) => c.criterionId === r.criterionId)?.label ?? 'criterion')}: {r.reason}
                      </li>
                    ))}
                  </ul>
                )}
                {s.outcome === 'accepted' && s.criteria && (
                  <ul>
                    {s.criteria.map((c) => (
                      <li key={c.criterionId}>
                        As accepted: {c.label}: {c.detail}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <Discussion comments={loaderData.comments} mayComment={loaderData.mayComment} error={errors.body} />

      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        <ol className="history">
          {history.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{when(e.at)}</time> · {e.actor ?? 'system'} {e.did} ({e.from} → {e.to})
            </li>
          ))}
        </ol>
      </section>
      <LinkedRaidItems projectId={loaderData.project.id} items={loaderData.raidItems} />
    </>
  );
}
