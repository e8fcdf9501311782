import { data, Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { FieldError } from '~/app/components/Field';
import { PlanInWords } from '~/app/components/PlanInWords';
import { PlanVersionBadge } from '~/app/components/StatusBadge';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectMemberList } from '~/db/queries/projects';
import { planDetail } from '~/db/queries/testing';
import { maxRouteGroups, setApprovalRoute } from '~/workflows/commands/set-approval-route';
import { functionInSentence, meaningsFor } from '~/workflows/policy/functions';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import { planSummary } from '~/workflows/testing/plan-summary';
import { type CaseRef, type PartCoverage, planCoverage } from '~/workflows/testing/tier-coverage';
import type { Route } from './+types/plan';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.summary.id ?? 'Plan'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const planId = idParam(params.planId);
  const detail = planDetail(db, planId);
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
    coverage: planCoverage(db, planId),
  };
}

type Coverage = NonNullable<Route.ComponentProps['loaderData']['coverage']>;
type TierRow = { key: string; component: string; kind: string; part: PartCoverage };

function CaseLinks({ projectId, cases }: { projectId: string; cases: CaseRef[] }) {
  if (cases.length === 0) return <span className="result-failed">none</span>;
  return (
    <>
      {cases.map((c, i) => (
        <span key={c.id}>
          {i > 0 && ', '}
          <Link to={href('/projects/:projectId/testing/cases/:caseId', { projectId, caseId: String(c.id) })} title={c.title}>
            {c.key}
          </Link>
        </span>
      ))}
    </>
  );
}

/**
 * Which components and tiers of this version the passing payout cases exercise (the engine's explain
 * traces name the tier each checked line reached), and which none does.
 */
function TestCoverage({ projectId, coverage }: { projectId: string; coverage: Coverage }) {
  const rows: TierRow[] = coverage.components.flatMap((c) =>
    (c.parts?.list ?? []).map((part) => ({ key: `${c.id}:${part.table}:${part.tier}`, component: c.name, kind: c.parts?.kind ?? '', part })),
  );
  const columns: Column<TierRow>[] = [
    { id: 'component', header: 'Component', value: (r) => r.component, cell: (r) => <span title={r.kind}>{r.component}</span>, filter: 'select' },
    { id: 'tier', header: 'Tier', value: (r) => r.part.name },
    { id: 'bounds', header: 'Range and rate', value: (r) => r.part.label },
    {
      id: 'cases',
      header: 'Passing cases that reach it',
      value: (r) => r.part.cases.map((c) => c.key).join(', '),
      cell: (r) => <CaseLinks projectId={projectId} cases={r.part.cases} />,
    },
    {
      id: 'covered',
      header: 'Covered',
      value: (r) => (r.part.covered ? 'yes' : 'no'),
      cell: (r) => (r.part.covered ? 'yes' : <strong className="result-failed">no: no passing case reaches it</strong>),
      filter: 'select',
    },
  ];
  return (
    <section id="test-coverage" aria-labelledby="test-coverage-heading">
      <h2 id="test-coverage-heading">Test coverage of this version</h2>
      <p>
        A payout case of this plan counts when its latest run passed on version {coverage.version} and nothing it checked has changed since (the same rule as
        the traceability page). It exercises a component when it checks an expected line of it, and reaches the tier its line's credit or attainment ends in, as
        the engine's explain trace records it (on a marginal table the tiers below pay their slices on the way, but count as reached only by a case that ends in
        them).
      </p>
      <p>
        Passing on version {coverage.version}:{' '}
        {coverage.passing.length ? <CaseLinks projectId={projectId} cases={coverage.passing} /> : <span className="muted">no case</span>}.
        {coverage.notCounted.length > 0 && (
          <>
            {' '}
            Not counted:{' '}
            {coverage.notCounted.map((c, i) => (
              <span key={c.id}>
                {i > 0 && ', '}
                <Link to={href('/projects/:projectId/testing/cases/:caseId', { projectId, caseId: String(c.id) })} title={c.title}>
                  {c.key}
                </Link>{' '}
                <span className={`result-${c.standing.result.replace(' ', '-')}`}>{c.standing.result}</span>
                {c.standing.why && <span className="muted"> ({c.standing.why})</span>}
              </span>
            ))}
            .
          </>
        )}
      </p>
      {coverage.untraced.length > 0 && (
        <p className="card warning" data-testid="untraced-cases">
          <CaseLinks projectId={projectId} cases={coverage.untraced} /> ran before the engine recorded the tier a line reaches: they count for their components
          but reach no tier here until they are run again.
        </p>
      )}
      {coverage.uncovered.length > 0 ? (
        <div className="card warning" data-testid="uncovered-tiers">
          <strong>Not reached by any passing case:</strong>
          <ul>
            {coverage.uncovered.map((u) => (
              <li key={`${u.componentId}:${u.part ? `${u.part.table}:${u.part.tier}` : ''}`}>
                {u.componentName}: {u.part ? `${u.part.name}, ${u.part.label}` : 'the component (no passing case checks a line of it)'}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="card ok">Every component and tier of this version is reached by a passing case.</p>
      )}
      <h3>Components</h3>
      <ul>
        {coverage.components.map((c) => (
          <li key={c.id}>
            {c.name} <span className="muted">({c.id})</span>:{' '}
            {c.covered ? (
              <>
                covered by <CaseLinks projectId={projectId} cases={c.cases} />
              </>
            ) : (
              <strong className="result-failed">not covered: no passing case checks a line of it</strong>
            )}
            {c.parts && (
              <span className="muted">
                {' '}
                · {c.parts.list.filter((p) => p.covered).length} of {c.parts.list.length} {c.type === 'attainment_bonus' ? 'parts of the curve' : 'tiers'}{' '}
                reached ({c.parts.kind})
              </span>
            )}
          </li>
        ))}
      </ul>
      {rows.length > 0 && (
        <DataTable caption="Tiers and curve segments by passing cases" rows={rows} columns={columns} rowKey={(r) => r.key} empty="No tiers." pageSize={50} />
      )}
    </section>
  );
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
  const { project, plan, summary, shown, versions, route, candidates, maxGroups, coverage } = loaderData;
  const busy = useNavigation().state === 'submitting';
  const errors = fieldErrorsOf(actionData);
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
      <PlanInWords summary={summary} />
      {coverage && <TestCoverage projectId={String(project.id)} coverage={coverage} />}
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
