import { data, Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { FieldError } from '~/app/components/Field';
import { PlanVersionBadge } from '~/app/components/StatusBadge';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectMemberList } from '~/db/queries/projects';
import { planDetail } from '~/db/queries/testing';
import { maxRouteGroups, setApprovalRoute } from '~/workflows/commands/set-approval-route';
import { functionInSentence, meaningsFor } from '~/workflows/policy/functions';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import { planSummary } from '~/workflows/testing/plan-summary';
import type { Route } from './+types/plan';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.summary.id ?? 'Plan'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const detail = planDetail(db, idParam(params.planId));
  if (!detail || detail.plan.projectId !== projectId) throw data('No such plan in this project.', { status: 404 });
  // The version in effect; a plan with none published yet shows its latest version.
  const shown = detail.versions.find((v) => v.id === detail.plan.currentVersionId) ?? detail.versions[0]!;
  const members = projectMemberList(db, project.id);
  const route = detail.plan.approvalRoute ?? [];
  const placeOf = (userId: number) => {
    const group = route.findIndex((g) => g.approvers.some((a) => a.userId === userId));
    return group < 0 ? null : { group: group + 1, meaning: route[group]!.approvers.find((a) => a.userId === userId)!.meaning };
  };
  const nameOf = (id: number) => members.find((m) => m.userId === id)?.name ?? `person ${id}`;
  return {
    project: { id: project.id, name: project.name },
    plan: { id: detail.plan.id, inEffect: detail.plan.currentVersionId === shown.id },
    summary: planSummary(shown.document),
    shown: { number: shown.number, document: shown.document },
    versions: detail.versions.map(({ document: _d, ...v }) => ({
      ...v,
      // Versions uploaded before plan approvals existed have no approval: in effect, or superseded.
      state: v.state ?? (v.id === detail.plan.currentVersionId ? 'published' : 'superseded'),
      inEffect: v.id === detail.plan.currentVersionId,
    })),
    route: route.map((g, i) => ({ number: i + 1, approvers: g.approvers.map((a) => ({ name: nameOf(a.userId), meaning: a.meaning })) })),
    /** The stakeholders a PM may put on the route (never a vendor representative), with the meanings their function allows. */
    candidates: mayOnProject(actor, roles, 'plan.govern')
      ? members
          .filter((m) => m.role === 'stakeholder' && !m.vendorFirm && !members.some((x) => x.userId === m.userId && x.role === 'vendor'))
          .map((m) => ({
            userId: m.userId,
            name: m.name,
            title: m.title,
            function: m.function ? functionInSentence(m.function) : 'no function',
            meanings: meaningsFor(m.function),
            place: placeOf(m.userId),
          }))
      : null,
    maxGroups: maxRouteGroups,
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  try {
    setApprovalRoute({ db: getDb(), actor }, { ...fields, projectId: idParam(params.projectId), planId: idParam(params.planId) });
    return { ok: 'Approval route saved. Versions submitted from now on follow it.' };
  } catch (error) {
    return failure(error);
  }
}

export default function Plan({ loaderData, actionData }: Route.ComponentProps) {
  const { project, plan, summary, shown, versions, route, candidates, maxGroups } = loaderData;
  const busy = useNavigation().state === 'submitting';
  const errors = actionData && 'fieldErrors' in actionData ? actionData.fieldErrors : {};
  const projectId = String(project.id);
  const groupNumbers = Array.from({ length: maxGroups }, (_, i) => i + 1);
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId/plans', { projectId })}>Plans</Link> /
      </p>
      <h1>
        {summary.id} · {summary.name} <span className="muted">version {shown.number}</span>
      </h1>
      <p className="muted">{plan.inEffect ? `Version ${shown.number} is in effect today.` : 'No version is in effect yet: this is the latest version.'}</p>
      {summary.facts.map((f) => (
        <p key={f}>{f}</p>
      ))}
      <h2>Measures</h2>
      <ul>
        {summary.measures.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <h2>Components</h2>
      {summary.components.map((c) => (
        <section key={c.id} className="card">
          <h3>
            {c.name}{' '}
            <span className="muted">
              ({c.id}, {c.type})
            </span>
          </h3>
          <ul>
            {c.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </section>
      ))}
      <section aria-labelledby="versions">
        <h2 id="versions">Versions</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">In effect from</th>
              <th scope="col">Uploaded</th>
              <th scope="col">Note</th>
              <th scope="col">Fingerprint</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td>
                  <Link to={href('/projects/:projectId/plans/:planId/versions/:number', { projectId, planId: String(plan.id), number: String(v.number) })}>
                    v{v.number}
                  </Link>
                </td>
                <td>
                  <PlanVersionBadge state={v.state} />
                  {v.inEffect && ' in effect'}
                </td>
                <td>{v.effectiveFrom ?? '—'}</td>
                <td>
                  {v.createdAt.slice(0, 10)} by {v.by}
                </td>
                <td>{v.note}</td>
                <td>
                  <code>{v.documentHash.slice(0, 12)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="route">
        <h2 id="route">Approval route</h2>
        {route.length === 0 ? (
          <p className="empty">No approval route yet.</p>
        ) : (
          <ol>
            {route.map((g) => (
              <li key={g.number}>
                Group {g.number}: {g.approvers.map((a) => `${a.name} (“${a.meaning}”)`).join(', ')}
              </li>
            ))}
          </ol>
        )}
        {candidates && (
          <Form method="post" className="card form" noValidate>
            <h3>Set the approval route</h3>
            <ActionMessage result={actionData} />
            <p className="hint">
              Groups sign in order; the people of a group sign in parallel. Only stakeholders of the project approve, never anyone who authored or edited the
              version. A version keeps the route it was submitted with.
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">Stakeholder</th>
                  <th scope="col">Group</th>
                  <th scope="col">Signs with the meaning</th>
                </tr>
              </thead>
              <tbody>
                {candidates.map((c) => (
                  <tr key={c.userId}>
                    <td>
                      {c.name} <span className="muted">({c.function})</span>
                    </td>
                    <td>
                      <select
                        name={`group.${c.userId}`}
                        aria-label={`Group of ${c.name}`}
                        defaultValue={c.place ? String(c.place.group) : ''}
                        aria-invalid={errors[`group.${c.userId}`] ? true : undefined}
                      >
                        <option value="">Not on the route</option>
                        {groupNumbers.map((n) => (
                          <option key={n} value={n}>
                            Group {n}
                          </option>
                        ))}
                      </select>
                      <FieldError id={`group-${c.userId}-error`} error={errors[`group.${c.userId}`]} />
                    </td>
                    <td>
                      <select
                        name={`meaning.${c.userId}`}
                        aria-label={`Meaning of ${c.name}’s signature`}
                        defaultValue={c.place?.meaning ?? c.meanings[0]}
                        aria-invalid={errors[`meaning.${c.userId}`] ? true : undefined}
                      >
                        {c.meanings.map((m) => (
                          <option key={m}>{m}</option>
                        ))}
                      </select>
                      <FieldError id={`meaning-${c.userId}-error`} error={errors[`meaning.${c.userId}`]} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <FieldError id="groups-error" error={errors.groups} />
            <button type="submit" className="primary" disabled={busy}>
              Save the route
            </button>
          </Form>
        )}
      </section>
      <details>
        <summary>Plan document (JSON)</summary>
        <pre className="csv">{shown.document}</pre>
      </details>
    </>
  );
}
