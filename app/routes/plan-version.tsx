import { type FormEvent, useState } from 'react';
import { data, Form, href, Link, redirect, useNavigation, useParams, useSubmit } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field, FieldError } from '~/app/components/Field';
import { Fingerprint } from '~/app/components/Fingerprint';
import { PlanInWords } from '~/app/components/PlanInWords';
import { PlanVersionBadge } from '~/app/components/StatusBadge';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectMemberList } from '~/db/queries/projects';
import { planVersionDetail } from '~/db/queries/testing';
import { today } from '~/workflows/clock';
import { publishPlanVersion } from '~/workflows/commands/publish-plan-version';
import { rejectPlanVersion } from '~/workflows/commands/reject-plan-version';
import { signPlanVersion } from '~/workflows/commands/sign-plan-version';
import { copyableStates, startPlanVersion } from '~/workflows/commands/start-plan-version';
import { submitPlanVersion } from '~/workflows/commands/submit-plan-version';
import { validatePlanVersion } from '~/workflows/commands/validate-plan-version';
import { withdrawPlanVersion } from '~/workflows/commands/withdraw-plan-version';
import { currentGroupOf } from '~/workflows/machines/plan-approval';
import { versionUnderWay } from '~/workflows/plans/draft';
import { loadPlanVersionFor } from '~/workflows/plans/load';
import { unmetCriteria, validationOf } from '~/workflows/plans/validation';
import { historyLine, mightSubmit, planVersionActionsFor, routeProgress } from '~/workflows/plans/view';
import { mayOnProject } from '~/workflows/policy/roles';
import { planSummary } from '~/workflows/testing/plan-summary';
import type { Route } from './+types/plan-version';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.plan.key ?? 'Plan'} v${data?.version.number ?? ''} · SPM Portal` }];

const refOf = (params: { projectId?: string; planId?: string; number?: string }) => ({
  projectId: idParam(params.projectId),
  planId: idParam(params.planId),
  number: idParam(params.number),
});

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const ref = refOf(params);
  const loaded = orThrowResponse(() => loadPlanVersionFor(db, actor, ref, 'test.view'));
  const detail = planVersionDetail(db, ref.planId, ref.number)!;
  const members = projectMemberList(db, loaded.project.id);
  const nameOf = (id: number) => members.find((m) => m.userId === id)?.name ?? `person ${id}`;
  const { context, state } = loaded;
  const checking = state === 'draft' || state === 'validating';
  // Validation is computed while the version is checked; afterwards its submission's record is shown.
  const validation = checking ? validationOf(db, loaded.version) : null;
  const unmet = validation ? unmetCriteria(validation.criteria) : [];
  const mine = currentGroupOf(context).find((a) => a.userId === actor.id);
  const underWay = versionUnderWay(db, loaded.plan.id);
  return {
    project: { id: loaded.project.id, name: loaded.project.name },
    plan: { id: loaded.plan.id, key: loaded.plan.planKey, name: loaded.plan.name, inEffect: loaded.plan.currentVersionId === loaded.version.id },
    version: {
      number: loaded.version.number,
      note: loaded.version.note,
      by: detail.by,
      createdAt: loaded.version.createdAt,
      fingerprint: loaded.version.documentHash,
      effectiveFrom: loaded.version.effectiveFrom,
      state,
      document: loaded.version.document,
    },
    editors: context.editors.map(nameOf),
    summary: planSummary(loaded.version.document),
    /** Live while the version is checked; afterwards, what its submission recorded. */
    validation: validation
      ? { live: true as const, criteria: validation.criteria, at: context.validatedAt, cases: validation.cases }
      : { live: false as const, cases: context.validation?.cases ?? [], at: context.validation?.at ?? null },
    route: routeProgress(context, state, loaded.plan.approvalRoute ?? [], nameOf),
    rejection: context.rejection ? { ...context.rejection, by: nameOf(context.rejection.by) } : null,
    round: context.round,
    signAs: mine?.meaning ?? null,
    may: {
      ...planVersionActionsFor(loaded.instance, actor, loaded.roles, unmet),
      blockedSubmit: mightSubmit(loaded.instance, actor, loaded.roles),
      /** "New version from this one": an approved or published version, while no version of the plan is under way. */
      newVersion: mayOnProject(actor, loaded.roles, 'plan.write') && copyableStates.includes(state) && !underWay,
    },
    /** Why a version that could be copied is not offered: another is under way. */
    underWay: mayOnProject(actor, loaded.roles, 'plan.write') && copyableStates.includes(state) && underWay?.number !== loaded.version.number ? underWay : null,
    today: today(),
    history: detail.history.map((e) => ({ id: e.id, at: e.at, line: historyLine(e) })),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const fields = formObject(await request.formData());
  const ctx = { db, actor };
  const input = { ...fields, ...refOf(params) };
  try {
    switch (fields.intent) {
      case 'validate': {
        const { runs } = validatePlanVersion(ctx, input);
        const passed = runs.filter((r) => r.result === 'passed').length;
        return {
          ok: runs.length ? `Validated: ${passed} of ${runs.length} payout cases passed on this version.` : 'Validated: no payout case is linked to this plan.',
        };
      }
      case 'submit':
        submitPlanVersion(ctx, input);
        return { ok: 'Submitted for approval. The first group of the route sees it in their work list.' };
      case 'sign':
        await signPlanVersion(ctx, input);
        return { ok: 'Your signature is recorded.' };
      case 'reject':
        rejectPlanVersion(ctx, input);
        return { ok: 'Rejected: the version is a draft again, with your reason for its authors.' };
      case 'withdraw':
        withdrawPlanVersion(ctx, input);
        return { ok: 'Withdrawn: the version is a draft again.' };
      case 'newVersion': {
        const { version } = startPlanVersion(ctx, input);
        return redirect(
          href('/projects/:projectId/plans/:planId/versions/:number/edit', {
            projectId: String(input.projectId),
            planId: String(input.planId),
            number: String(version.number),
          }),
        );
      }
      case 'publish': {
        const { inEffect } = publishPlanVersion(ctx, input);
        return { ok: inEffect ? 'Published: this version is in effect now.' : 'Published: it comes into effect on its effective date.' };
      }
      default:
        throw data('Unknown action.', { status: 400 });
    }
  } catch (error) {
    return failure(error);
  }
}

export default function PlanVersion({ loaderData, actionData }: Route.ComponentProps) {
  const d = loaderData;
  const v = d.version;
  const busy = useNavigation().state === 'submitting';
  const errors = fieldErrorsOf(actionData);
  const projectId = String(d.project.id);
  const planId = String(d.plan.id);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/plans', { projectId })}>Plans</Link> /{' '}
        <Link to={href('/projects/:projectId/plans/:planId', { projectId, planId })}>{d.plan.key}</Link> /
      </p>
      <h1>
        {d.plan.key} version {v.number} <PlanVersionBadge state={v.state} />
      </h1>
      <p className="muted">
        {d.plan.name} · uploaded {v.createdAt.slice(0, 10)} by {v.by}
        {v.note && ` · ${v.note}`} · authored or edited by {d.editors.join(', ')}
        {v.effectiveFrom && ` · in effect from ${v.effectiveFrom}`}
        {d.plan.inEffect && ' · the version in effect today'}
      </p>
      <Fingerprint value={v.fingerprint} />
      <p>
        <Link to={href('/projects/:projectId/plans/:planId/versions/:number/document', { projectId, planId, number: String(v.number) })}>
          Read the plan document
        </Link>{' '}
        <span className="muted">(the plan in words, worked illustrations and the approval record, printable)</span>
      </p>
      <p>
        <Link to={href('/projects/:projectId/plans/:planId/versions/:number/impact', { projectId, planId, number: String(v.number) })}>
          What this change does
        </Link>{' '}
        <span className="muted">(beside the version in effect: the plan in words with the changes marked, and the payout impact on a dataset)</span>
      </p>
      <ActionMessage result={actionData} />

      {d.may.edit && (
        <p className="card actions-row">
          <Link
            className="button primary"
            to={href('/projects/:projectId/plans/:planId/versions/:number/edit', { projectId, planId, number: String(v.number) })}
          >
            Edit this draft
          </Link>
          <span className="hint">Its components, rate tables, curves and objectives as fields, or the JSON; or upload a new file on the plans page.</span>
        </p>
      )}
      {d.may.newVersion && (
        <Form method="post" className="card actions-row">
          <input type="hidden" name="intent" value="newVersion" />
          <button type="submit" disabled={busy}>
            New version from this one
          </button>
          <span className="hint">Starts the next version as a draft copy of this one, which you then edit.</span>
        </Form>
      )}
      {d.underWay && (
        <p className="hint">
          Version {d.underWay.number} of this plan is {d.underWay.label}: a plan has one version under way at a time.
        </p>
      )}

      {d.rejection && v.state === 'draft' && (
        <section className="card warning" aria-labelledby="rejected">
          <h2 id="rejected">
            Rejected by {d.rejection.by} (group {d.rejection.group + 1}) on {d.rejection.at.slice(0, 10)}
          </h2>
          <p>“{d.rejection.reason}”</p>
        </section>
      )}

      <section className="card" aria-labelledby="validation">
        <h2 id="validation">Validation</h2>
        {d.validation.live ? (
          <>
            <p className="hint">
              Computed from live data, not claimed: the version can be submitted once every criterion is met.
              {d.validation.at ? ` Last validated ${d.validation.at.slice(0, 16).replace('T', ' ')}.` : ' Not validated yet.'}
            </p>
            <ul className="criteria">
              {d.validation.criteria.map((c) => (
                <li key={c.key} className={c.met ? 'met' : 'unmet'}>
                  <strong>{c.met ? 'Met' : 'Not met'}</strong>: {c.label}
                  {c.missing.length > 0 && (
                    <ul>
                      {c.missing.map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </>
        ) : d.validation.at ? (
          <p>
            Passed validation when it was submitted ({d.validation.at.slice(0, 10)}):{' '}
            {d.validation.cases.length ? d.validation.cases.map((c) => c.key).join(', ') : 'no payout case was linked to the plan'}.
          </p>
        ) : (
          <p className="empty">Uploaded before plan approvals existed: not validated.</p>
        )}
        {d.may.validate && d.validation.live && <ValidateForm cases={d.validation.cases} busy={busy} />}
      </section>

      <section className="card" aria-labelledby="route">
        <h2 id="route">Approval route</h2>
        {d.route.length === 0 ? (
          <p className="empty">No approval route yet: the project manager sets one on the plan’s page.</p>
        ) : (
          <ol className="route">
            {d.route.map((g) => (
              <li key={g.number}>
                Group {g.number} · {g.status}
                <ul>
                  {g.approvers.map((a) => (
                    <li key={a.userId}>
                      {a.name} as “{a.meaning}”:{' '}
                      {a.signedAt ? `signed ${a.signedAt.slice(0, 16).replace('T', ' ')}` : a.waiting ? 'next to sign' : 'not signed'}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </section>

      {d.may.submit && (
        <Form method="post" className="card form">
          <h2>Submit for approval</h2>
          <input type="hidden" name="intent" value="submit" />
          <input type="hidden" name="fingerprint" value={v.fingerprint} />
          <FieldError id="submit-fingerprint-error" error={errors.fingerprint} />
          <button type="submit" className="primary" disabled={busy}>
            Submit to group 1
          </button>
        </Form>
      )}
      {!d.may.submit && d.may.blockedSubmit && <p className="hint">Submit for approval once every validation criterion above is met.</p>}

      {d.may.sign && d.signAs && (
        <Form method="post" className="card form" noValidate>
          <h2>Sign version {v.number}</h2>
          <input type="hidden" name="intent" value="sign" />
          <input type="hidden" name="fingerprint" value={v.fingerprint} />
          <input type="hidden" name="round" value={d.round} />
          <fieldset className={errors.meaning ? 'has-error' : undefined}>
            <legend>Meaning of your signature (named by the route)</legend>
            <label className="checkbox">
              <input type="radio" name="meaning" value={d.signAs} /> {d.signAs}
            </label>
            <FieldError id="meaning-error" error={errors.meaning} />
          </fieldset>
          <Field
            label="Your password (to sign)"
            name="password"
            type="password"
            autoComplete="current-password"
            error={errors.password}
            hint={`You sign exactly this version: fingerprint ${v.fingerprint.slice(0, 12)}…`}
          />
          <button type="submit" className="primary" disabled={busy}>
            Sign
          </button>
        </Form>
      )}
      {d.may.reject && (
        <Form method="post" className="card form" noValidate>
          <h2>Reject</h2>
          <input type="hidden" name="intent" value="reject" />
          <div className={`field${errors.reason ? ' has-error' : ''}`}>
            <label htmlFor="reason">Why? It returns to draft for everyone.</label>
            <textarea
              id="reason"
              name="reason"
              rows={3}
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={errors.reason ? 'reason-error' : undefined}
            />
            <FieldError id="reason-error" error={errors.reason} />
          </div>
          <button type="submit" disabled={busy}>
            Reject this version
          </button>
        </Form>
      )}
      {d.may.publish && (
        <Form method="post" className="card form" noValidate>
          <h2>Publish</h2>
          <input type="hidden" name="intent" value="publish" />
          <Field
            label="In effect from"
            name="effectiveFrom"
            type="date"
            defaultValue={d.today}
            error={errors.effectiveFrom}
            hint="The version in effect now applies until this day."
          />
          <button type="submit" className="primary" disabled={busy}>
            Publish
          </button>
        </Form>
      )}
      {d.may.withdraw && (
        <Form method="post" className="card actions-row">
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" disabled={busy}>
            Withdraw (back to draft)
          </button>
        </Form>
      )}

      <h2>The plan in words</h2>
      <PlanInWords summary={d.summary} headingLevel={3} />
      <details>
        <summary>Plan document (JSON)</summary>
        <pre className="csv">{v.document}</pre>
      </details>

      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        <ol className="history">
          {d.history.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{e.at.slice(0, 16).replace('T', ' ')}</time> · {e.line}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/**
 * Validate: with JavaScript, each payout case runs on its own request with the cycle page's progress
 * bar (others' pages are served in between), then VALIDATE takes those runs as they stand; without it,
 * the form runs every case in one request.
 */
function ValidateForm({ cases, busy }: { cases: { id: number; key: string }[]; busy: boolean }) {
  const params = useParams();
  const submit = useSubmit();
  const [running, setRunning] = useState<{ done: number; failed: number; errors: string[] } | null>(null);
  const runThenValidate = async (e: FormEvent<HTMLFormElement>) => {
    if (cases.length === 0) return;
    e.preventDefault();
    const form = e.currentTarget;
    const state = { done: 0, failed: 0, errors: [] as string[] };
    setRunning({ ...state });
    for (const c of cases) {
      const url = href('/projects/:projectId/plans/:planId/versions/:number/validate/:caseId', {
        projectId: params.projectId!,
        planId: params.planId!,
        number: params.number!,
        caseId: String(c.id),
      });
      const body = (await (await fetch(url, { method: 'POST' })).json()) as { result?: string; error?: string };
      state.done++;
      if (body.result && body.result !== 'passed') state.failed++;
      if (body.error) state.errors.push(`${c.key}: ${body.error}`);
      setRunning({ ...state });
    }
    if (state.errors.length === 0) await submit(form);
  };
  return (
    <Form method="post" className="inline-form" onSubmit={runThenValidate}>
      <input type="hidden" name="intent" value="validate" />
      <button type="submit" disabled={busy || (running !== null && running.done < cases.length)}>
        Validate: run every payout case on this version
      </button>
      {running && (
        <div role="status" aria-live="polite">
          <progress max={cases.length} value={running.done} aria-label="Payout cases run on this version" /> {running.done} of {cases.length} run
          {running.failed ? `, ${running.failed} not passed` : ''}
          {running.errors.map((m) => (
            <p key={m} className="field-error">
              {m}
            </p>
          ))}
        </div>
      )}
    </Form>
  );
}
