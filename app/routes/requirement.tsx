import { data, Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Discussion } from '~/app/components/Discussion';
import { Field } from '~/app/components/Field';
import { Fingerprint } from '~/app/components/Fingerprint';
import { Folded } from '~/app/components/Folded';
import { LinkedRaidItems } from '~/app/components/LinkedRaidItems';
import { Markdown } from '~/app/components/Markdown';
import { MeaningField } from '~/app/components/MeaningField';
import { RequirementBadge } from '~/app/components/StatusBadge';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectMemberList } from '~/db/queries/projects';
import { requirementDetail } from '~/db/queries/requirements';
import { casesWithStatus, projectCycles, projectPlans } from '~/db/queries/testing';
import { caseFromExample } from '~/workflows/commands/case-from-example';
import { clearSuspect } from '~/workflows/commands/clear-suspect';
import { commentOnRequirement } from '~/workflows/commands/comment-on-requirement';
import { linkRequirements } from '~/workflows/commands/link-requirements';
import { requestRequirementChanges } from '~/workflows/commands/request-requirement-changes';
import { retireRequirement } from '~/workflows/commands/retire-requirement';
import { signRequirement } from '~/workflows/commands/sign-requirement';
import { submitRequirement } from '~/workflows/commands/submit-requirement';
import { withdrawRequirement } from '~/workflows/commands/withdraw-requirement';
import { money } from '~/workflows/format/money';
import { type ExecutionState, executionStateLabels } from '~/workflows/machines/case-execution';
import { requirementSignoff } from '~/workflows/machines/requirement-signoff';
import { functionInSentence, meaningsFor } from '~/workflows/policy/functions';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import { raidItemsLinkedTo } from '~/workflows/raid/view';
import { diffLines, versionLines } from '~/workflows/requirements/diff';
import { requirementActionsFor } from '~/workflows/requirements/view';
import { contextOf } from '~/workflows/runtime';
import type { Route } from './+types/requirement';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.requirement.key ?? 'Requirement'} · SPM Portal` }];

function load(db: ReturnType<typeof getDb>, projectIdParam?: string, requirementIdParam?: string) {
  const projectId = idParam(projectIdParam);
  const detail = requirementDetail(db, idParam(requirementIdParam));
  if (!detail || detail.requirement.projectId !== projectId) throw data('No such requirement in this project.', { status: 404 });
  return detail;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const detail = load(db, params.projectId, params.requirementId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, detail.requirement.projectId, 'requirement.view'));
  const members = projectMemberList(db, project.id);
  const nameOf = (id: number) => members.find((m) => m.userId === id)?.name ?? `person ${id}`;
  const myFunction = members.find((m) => m.userId === actor.id)?.function ?? null;
  const current = detail.versions.at(-1)!;
  const context = contextOf(requirementSignoff, current.instance);
  const url = new URL(request.url);
  const from = Number(url.searchParams.get('from')) || Math.max(current.number - 1, 1);
  const to = Number(url.searchParams.get('to')) || current.number;
  const lines = (n: number) => {
    const v = detail.versions.find((x) => x.number === n);
    return v ? versionLines({ ...v, owner: nameOf(v.ownerId) }) : [];
  };
  const verifying = mayOnProject(actor, roles, 'test.view')
    ? casesWithStatus(db, { projectId: project.id }).filter((c) => c.requirements.some((r) => r.id === detail.requirement.id))
    : null;
  const plans = projectPlans(db, project.id);
  return {
    project: { id: project.id, name: project.name },
    raidItems: raidItemsLinkedTo(db, actor, roles, 'requirement', detail.requirement.id),
    requirement: {
      id: detail.requirement.id,
      key: detail.requirement.key,
      suspectSince: detail.requirement.suspectSince,
      suspectReason: detail.requirement.suspectReason,
    },
    current: { ...current, context: undefined, instance: undefined, owner: nameOf(current.ownerId), author: nameOf(current.authorId) },
    /** The sign-off instance's version this page shows: a signature names it. */
    reviewVersion: current.instance.version,
    /** The meanings this person's function on the project lets them sign with (the server refuses others). */
    signAs: { function: myFunction ? functionInSentence(myFunction) : null, meanings: meaningsFor(myFunction) },
    review: {
      signers: context.signers.map((id) => ({ id, name: nameOf(id), signature: context.signatures.find((s) => s.userId === id) ?? null })),
      changeRequest: context.changeRequest ? { ...context.changeRequest, by: nameOf(context.changeRequest.by) } : null,
    },
    versions: detail.versions.map((v) => ({
      number: v.number,
      state: v.state,
      fingerprint: v.fingerprint,
      author: nameOf(v.authorId),
      createdAt: v.createdAt,
      signatures: v.signatures,
    })),
    diff: detail.versions.length > 1 ? { from, to, lines: diffLines(lines(from), lines(to)) } : null,
    links: detail.links,
    comments: detail.comments,
    history: detail.history,
    stakeholders: members.filter((m) => m.role === 'stakeholder' && m.userId !== actor.id).map((m) => ({ id: m.userId, name: m.name, title: m.title })),
    /** The payout and functional cases that verify this requirement, with their latest result (for those who read testing). */
    verifiedBy:
      verifying?.map((c) => ({ id: c.id, key: c.key, title: c.title, stateKey: c.state, state: executionStateLabels[c.state as ExecutionState] ?? c.state })) ??
      null,
    cycles: projectCycles(db, project.id).map((c) => ({ id: c.id, name: c.name })),
    plans: plans.map((p) => ({ id: p.plan.id, key: p.plan.planKey, name: p.plan.name })),
    /** The plan a new case of an example is made on: the one this requirement's cases already test, if any; else the tester chooses. */
    defaultPlanId: plans.find((p) => p.plan.planKey === mostCommon(verifying?.flatMap((c) => (c.plan ? [c.plan] : [])) ?? []))?.plan.id ?? null,
    may: {
      ...requirementActionsFor(current.instance, actor, roles),
      makeCase: mayOnProject(actor, roles, 'test.write'),
      clearSuspect: !!detail.requirement.suspectSince && mayOnProject(actor, roles, 'requirement.write'),
    },
  };
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const { requirement } = load(db, params.projectId, params.requirementId);
  const fields = formObject(await request.formData());
  const ctx = { db, actor };
  const input = { ...fields, requirementId: requirement.id };
  try {
    switch (fields.intent) {
      case 'submit':
        submitRequirement(ctx, input);
        return { ok: 'Submitted for sign-off. The signers see it in their work list.' };
      case 'sign':
        await signRequirement(ctx, input);
        return { ok: 'Your signature is recorded.' };
      case 'requestChanges':
        requestRequirementChanges(ctx, input);
        return { ok: 'Sent back to the author with your comment.' };
      case 'withdraw':
        withdrawRequirement(ctx, input);
        return { ok: 'Withdrawn from review; it is a draft again.' };
      case 'retire':
        retireRequirement(ctx, input);
        return { ok: 'Retired.' };
      case 'comment':
        commentOnRequirement(ctx, input);
        return { ok: 'Comment added.' };
      case 'link':
        linkRequirements(ctx, input);
        return { ok: 'Linked.' };
      case 'caseFromExample': {
        const { testCase } = caseFromExample(ctx, input);
        return { ok: `${testCase.key} created from the worked example.`, caseId: testCase.id };
      }
      case 'clearSuspect':
        clearSuspect(ctx, input);
        return { ok: 'Reviewed: the suspect flag is cleared.' };
      default:
        throw data('Unknown action.', { status: 400 });
    }
  } catch (error) {
    return failure(error);
  }
}

export default function Requirement({ loaderData, actionData }: Route.ComponentProps) {
  const d = loaderData;
  const v = d.current;
  const busy = useNavigation().state === 'submitting';
  const errors = fieldErrorsOf(actionData);
  const projectId = String(d.project.id);
  const requirementId = String(d.requirement.id);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/requirements', { projectId })}>Requirements</Link> /
      </p>
      <div className="page-head">
        <h1>
          {d.requirement.key} {v.title} <RequirementBadge state={v.state} />
        </h1>
        <div className="actions">
          {d.may.edit && (
            <Link className="button" to={href('/projects/:projectId/requirements/:requirementId/edit', { projectId, requirementId })}>
              {v.state === 'signedOff' ? 'Edit (new version)' : 'Edit'}
            </Link>
          )}
          <Link to={href('/projects/:projectId/requirements/:requirementId/versions/:number', { projectId, requirementId, number: String(v.number) })}>
            Sign-off record
          </Link>
        </div>
      </div>
      <p className="muted">
        Version {v.number} · {v.category} · {v.priority} · owner {v.owner} · phase {v.phaseKey} · author {v.author}
      </p>
      <Fingerprint value={v.fingerprint} />
      <ActionMessage result={actionData} />
      {d.requirement.suspectSince && (
        <section className="card warning" aria-labelledby="suspect">
          <h2 id="suspect">Suspect since {d.requirement.suspectSince.slice(0, 10)}</h2>
          <p>{d.requirement.suspectReason} Review this requirement against that change.</p>
          {d.may.clearSuspect && (
            <Form method="post">
              <input type="hidden" name="intent" value="clearSuspect" />
              <button type="submit">I reviewed it: clear the flag</button>
            </Form>
          )}
        </section>
      )}
      {d.review.changeRequest && v.state === 'draft' && (
        <section className="card warning" aria-labelledby="changes">
          <h2 id="changes">Changes requested by {d.review.changeRequest.by}</h2>
          <p>“{d.review.changeRequest.comment}”</p>
        </section>
      )}

      {d.verifiedBy && (
        <section className="card" aria-labelledby="verified-by">
          <h2 id="verified-by">Verified by</h2>
          {d.verifiedBy.length === 0 ? (
            <p className="empty">No test case verifies this requirement yet.</p>
          ) : (
            <ul>
              {d.verifiedBy.map((c) => (
                <li key={c.id}>
                  <Link to={href('/projects/:projectId/testing/cases/:caseId', { projectId, caseId: String(c.id) })}>{c.key}</Link> {c.title} ·{' '}
                  <span className={`result-${c.stateKey}`}>{c.state}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section className="card" aria-labelledby="content">
        <h2 id="content">Description</h2>
        <Markdown text={v.description} />
        <h3>Acceptance criteria</h3>
        <ol>
          {v.acceptanceCriteria.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ol>
        <h3>Worked payout examples</h3>
        {v.examples.length === 0 ? (
          <p className="empty">No worked examples.</p>
        ) : (
          v.examples.map((ex) => (
            <div key={ex.name} className="examples">
              <h4>{ex.name}</h4>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Input</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {ex.inputs.map((i) => (
                    <tr key={i.label}>
                      <td>{i.label}</td>
                      <td>{i.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Component</th>
                    <th scope="col">Expected payout</th>
                  </tr>
                </thead>
                <tbody>
                  {ex.expected.map((x) => (
                    <tr key={x.component}>
                      <td>{x.component}</td>
                      <td className="num">{money(x.amount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {d.may.makeCase && d.cycles.length > 0 && d.plans.length > 0 && (
                <Folded summary="Make a payout case of this example" refused={false}>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="caseFromExample" />
                    <input type="hidden" name="exampleIndex" value={v.examples.indexOf(ex)} />
                    <label>
                      Cycle
                      <select name="cycleId">
                        {d.cycles.map((c) => (
                          <option key={c.id} value={c.id}>
                            {c.name}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label>
                      Plan the example is about
                      <select name="planId" defaultValue={d.defaultPlanId ?? ''} required>
                        {d.defaultPlanId === null && (
                          <option value="" disabled>
                            Choose a plan
                          </option>
                        )}
                        {d.plans.map((p) => (
                          <option key={p.id} value={p.id}>
                            {p.key} · {p.name}
                          </option>
                        ))}
                      </select>
                    </label>
                    <button type="submit">Make the case</button>
                  </Form>
                </Folded>
              )}
            </div>
          ))
        )}
      </section>

      {d.review.signers.length > 0 && v.state !== 'draft' && (
        <section className="card" aria-labelledby="signers">
          <h2 id="signers">Sign-off</h2>
          <ul>
            {d.review.signers.map((s) => (
              <li key={s.id}>
                {s.name}: {s.signature ? `signed ${s.signature.at.slice(0, 16).replace('T', ' ')} — ${s.signature.meaning}` : 'waiting'}
              </li>
            ))}
          </ul>
        </section>
      )}

      {d.may.submit && (
        <Form method="post" className="card form">
          <h2>Submit for sign-off</h2>
          <input type="hidden" name="intent" value="submit" />
          <input type="hidden" name="fingerprint" value={v.fingerprint} />
          <fieldset>
            <legend>Signers (stakeholders of this project)</legend>
            {d.stakeholders.map((s) => (
              <label key={s.id} className="checkbox">
                <input type="checkbox" name="signerIds" value={s.id} /> {s.name} <span className="muted">{s.title}</span>
              </label>
            ))}
            {errors.signerIds && <p className="field-error">{errors.signerIds}</p>}
          </fieldset>
          <button type="submit" className="primary" disabled={busy}>
            Submit for sign-off
          </button>
        </Form>
      )}
      {d.may.sign && (
        <Form method="post" className="card form" noValidate>
          <h2>Sign version {v.number}</h2>
          <input type="hidden" name="intent" value="sign" />
          <input type="hidden" name="fingerprint" value={v.fingerprint} />
          <input type="hidden" name="expectedVersion" value={d.reviewVersion} />
          <MeaningField meanings={d.signAs.meanings} yourFunction={d.signAs.function} error={errors.meaning} />
          <Field
            label="Your password (to sign)"
            name="password"
            type="password"
            autoComplete="current-password"
            error={errors.password}
            hint={`You sign exactly this content: fingerprint ${v.fingerprint.slice(0, 12)}…`}
          />
          <button type="submit" className="primary" disabled={busy}>
            Sign
          </button>
        </Form>
      )}
      {d.may.requestChanges && (
        <Form method="post" className="card form" noValidate>
          <h2>Request changes</h2>
          <input type="hidden" name="intent" value="requestChanges" />
          <div className="field">
            <label htmlFor="comment">What should change?</label>
            <textarea id="comment" name="comment" rows={3} />
          </div>
          <button type="submit" disabled={busy}>
            Send back to the author
          </button>
        </Form>
      )}
      {(d.may.withdraw || d.may.retire) && (
        <div className="card actions-row">
          {d.may.withdraw && (
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <button type="submit">Withdraw from review</button>
            </Form>
          )}
          {d.may.retire && (
            <Form
              method="post"
              onSubmit={(e) => {
                if (!window.confirm(`Retire ${d.requirement.key}? It stays in the history but is no longer in force.`)) e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="retire" />
              <button type="submit" className="danger">
                Retire
              </button>
            </Form>
          )}
        </div>
      )}

      <section aria-labelledby="links">
        <h2 id="links">Related requirements</h2>
        {d.links.length === 0 ? (
          <p className="empty">No links.</p>
        ) : (
          <ul>
            {d.links.map((l) => (
              <li key={l.id}>
                <Link to={href('/projects/:projectId/requirements/:requirementId', { projectId, requirementId: String(l.id) })}>{l.key}</Link> {l.title}
              </li>
            ))}
          </ul>
        )}
        {d.may.link && (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="link" />
            <Field label="Link to (key)" name="otherKey" placeholder="REQ-012" error={errors.otherKey} />
            <button type="submit">Link</button>
          </Form>
        )}
      </section>

      <section aria-labelledby="versions">
        <h2 id="versions">Versions</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Author</th>
              <th scope="col">Created</th>
              <th scope="col">Signatures</th>
              <th scope="col">Record</th>
            </tr>
          </thead>
          <tbody>
            {d.versions.map((ver) => (
              <tr key={ver.number}>
                <td>v{ver.number}</td>
                <td>
                  <RequirementBadge state={ver.state} />
                </td>
                <td>{ver.author}</td>
                <td>{ver.createdAt.slice(0, 10)}</td>
                <td>{ver.signatures.map((s) => `${s.name} (${s.meaning})`).join(', ') || '—'}</td>
                <td>
                  <Link
                    to={href('/projects/:projectId/requirements/:requirementId/versions/:number', { projectId, requirementId, number: String(ver.number) })}
                  >
                    v{ver.number} record
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {d.diff && (
          <>
            <Form method="get" className="inline-form" aria-label="Compare versions">
              <label>
                From
                <select name="from" defaultValue={d.diff.from}>
                  {d.versions.map((ver) => (
                    <option key={ver.number} value={ver.number}>
                      v{ver.number}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                To
                <select name="to" defaultValue={d.diff.to}>
                  {d.versions.map((ver) => (
                    <option key={ver.number} value={ver.number}>
                      v{ver.number}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit">Compare</button>
            </Form>
            <section className="diff" aria-label={`Changes from version ${d.diff.from} to version ${d.diff.to}`}>
              {d.diff.lines.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: diff lines have no identity beyond position.
                <span key={i} className={l.op}>
                  {l.op === 'added' ? '+ ' : l.op === 'removed' ? '− ' : '  '}
                  {l.text}
                </span>
              ))}
            </section>
          </>
        )}
      </section>

      <Discussion comments={d.comments.map((c) => ({ ...c, about: `on v${c.versionNumber}` }))} mayComment={d.may.comment} error={errors.body} />

      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        <ol className="history">
          {d.history.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{e.at.slice(0, 16).replace('T', ' ')}</time> · v{e.versionNumber} · {e.actor ?? 'system'} · {e.type} ({e.fromState} →{' '}
              {e.toState})
            </li>
          ))}
        </ol>
      </section>
      <LinkedRaidItems projectId={d.project.id} items={d.raidItems} />
    </>
  );
}
