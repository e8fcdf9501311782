import { data, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { Markdown } from '~/app/components/Markdown';
import { RequirementBadge } from '~/app/components/StatusBadge';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectMemberList } from '~/db/queries/projects';
import { requirementDetail } from '~/db/queries/requirements';
import { nowOf } from '~/workflows/clock';
import { roleLabels } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/requirement-record';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Sign-off record ${data?.key ?? ''} v${data?.version.number ?? ''}` }];

/** The printable sign-off record of one version: its content, fingerprint and every signature. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'requirement.view'));
  const detail = requirementDetail(db, idParam(params.requirementId));
  const version = detail?.versions.find((v) => v.number === Number(params.number));
  if (!detail || detail.requirement.projectId !== projectId || !version) throw data('No such version.', { status: 404 });
  const members = projectMemberList(db, projectId);
  const nameOf = (id: number) => members.find((m) => m.userId === id)?.name ?? `person ${id}`;
  const rolesOf = (id: number) =>
    members
      .filter((m) => m.userId === id)
      .map((m) => roleLabels[m.role])
      .join(', ');
  return {
    project: { id: project.id, name: project.name },
    requirementId: detail.requirement.id,
    key: detail.requirement.key,
    version: { ...version, context: undefined, instance: undefined, owner: nameOf(version.ownerId), author: nameOf(version.authorId) },
    signatures: version.signatures.map((s) => ({ ...s, role: rolesOf(s.userId) })),
    printedAt: nowOf().toISOString(),
  };
}

export default function Record({ loaderData }: Route.ComponentProps) {
  const { project, key, version: v, signatures, requirementId, printedAt } = loaderData;
  return (
    <article className="record">
      <p className="breadcrumbs no-print">
        <Link to={href('/projects/:projectId/requirements/:requirementId', { projectId: String(project.id), requirementId: String(requirementId) })}>
          Back to {key}
        </Link>{' '}
        ·{' '}
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
      </p>
      <h1>
        Sign-off record: {key} version {v.number}
      </h1>
      <p>
        {project.name} · <RequirementBadge state={v.state} />
      </p>
      <dl className="record-facts">
        <dt>Title</dt>
        <dd>{v.title}</dd>
        <dt>Category / priority</dt>
        <dd>
          {v.category} / {v.priority}
        </dd>
        <dt>Owner</dt>
        <dd>{v.owner}</dd>
        <dt>Author</dt>
        <dd>{v.author}</dd>
        <dt>Content fingerprint (SHA-256)</dt>
        <dd className="fingerprint">{v.fingerprint}</dd>
      </dl>
      <h2>Description</h2>
      <Markdown text={v.description} />
      <h2>Acceptance criteria</h2>
      <ol>
        {v.acceptanceCriteria.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      {v.examples.length > 0 && <h2>Worked payout examples</h2>}
      {v.examples.map((ex) => (
        <section key={ex.name}>
          <h3>{ex.name}</h3>
          <p>
            Inputs: {ex.inputs.map((i) => `${i.label} = ${i.value}`).join('; ')}
            <br />
            Expected: {ex.expected.map((x) => `${x.component} = ${x.amount}`).join('; ')}
          </p>
        </section>
      ))}
      <h2>Signatures</h2>
      {signatures.length === 0 ? (
        <p className="empty">No signatures on this version.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Meaning</th>
              <th scope="col">Signed (UTC)</th>
              <th scope="col">Fingerprint signed</th>
            </tr>
          </thead>
          <tbody>
            {signatures.map((s) => (
              <tr key={`${s.userId}-${s.at}`}>
                <td>{s.name}</td>
                <td>{s.role}</td>
                <td>{s.meaning}</td>
                <td>{s.at.slice(0, 19).replace('T', ' ')}</td>
                <td className="fingerprint">{s.fingerprint}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">Printed {printedAt.slice(0, 16).replace('T', ' ')} UTC from the SPM Portal.</p>
    </article>
  );
}
