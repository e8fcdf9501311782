import { href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { PlanVersionBadge } from '~/app/components/StatusBadge';
import { idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { namesOf } from '~/db/queries/people';
import { nowOf } from '~/workflows/clock';
import { componentTables, grouped, totalCapText } from '~/workflows/plans/document';
import { illustrationBasis, planIllustrations } from '~/workflows/plans/illustrations';
import { loadPlanVersionFor } from '~/workflows/plans/load';
import { periodNoun, planSummary } from '~/workflows/testing/plan-summary';
import type { Route } from './+types/plan-document';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Plan document ${data?.plan.key ?? ''} v${data?.version.number ?? ''} · SPM Portal` }];

/**
 * The printable plan document of one version, written for the participant: the components in words
 * and tables, worked illustrations computed by the engine, and the version's approval record. Whoever
 * may read the version page may read it (the same check).
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const ref = { projectId: idParam(params.projectId), planId: idParam(params.planId), number: idParam(params.number) };
  const loaded = orThrowResponse(() => loadPlanVersionFor(db, actor, ref, 'test.view'));
  const { version, context, state } = loaded;
  const names = namesOf(
    db,
    context.signatures.map((s) => s.userId),
  );
  const doc = JSON.parse(version.document) as { currency?: string; periodKind?: string };
  return {
    project: { id: loaded.project.id, name: loaded.project.name },
    plan: { id: loaded.plan.id, key: loaded.plan.planKey, name: loaded.plan.name },
    version: { number: version.number, state, fingerprint: version.documentHash, effectiveFrom: version.effectiveFrom, createdAt: version.createdAt },
    currency: String(doc.currency ?? ''),
    periodKind: periodNoun(doc.periodKind),
    summary: planSummary(version.document),
    tables: componentTables(version.document),
    totalCap: totalCapText(version.document),
    basis: { targetIncentive: grouped(illustrationBasis.targetIncentive), quota: grouped(illustrationBasis.quota) },
    illustrations: planIllustrations(version.document, illustrationBasis).map((i) => ({ ...i, revenue: grouped(i.revenue) })),
    signatures: context.signatures.map((s) => ({ ...s, name: names.get(s.userId) ?? `person ${s.userId}` })),
    printedAt: nowOf().toISOString(),
  };
}

export default function PlanDocument({ loaderData: d }: Route.ComponentProps) {
  const v = d.version;
  const projectId = String(d.project.id);
  const planId = String(d.plan.id);
  return (
    <article className="record plan-document">
      <p className="breadcrumbs no-print">
        <Link to={href('/projects/:projectId/plans/:planId/versions/:number', { projectId, planId, number: String(v.number) })}>
          Back to {d.plan.key} version {v.number}
        </Link>{' '}
        ·{' '}
        <button type="button" className="no-print" onClick={() => window.print()}>
          Print
        </button>
      </p>
      <h1>{d.plan.name}: plan document</h1>
      <p>
        {d.plan.key} version {v.number} · {d.project.name} · <PlanVersionBadge state={v.state} />
        {v.effectiveFrom && ` · in effect from ${v.effectiveFrom}`}
      </p>
      <p className="fingerprint">Fingerprint (SHA-256 of the plan document) {v.fingerprint}</p>

      <section className="doc-section" aria-labelledby="how-you-are-paid">
        <h2 id="how-you-are-paid">How you are paid</h2>
        {d.summary.facts.map((f) => (
          <p key={f}>{f}</p>
        ))}
        {d.totalCap && <p>{d.totalCap}</p>}
        <h3>What is measured</h3>
        <ul>
          {d.summary.measures.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
        {d.summary.components.map((c) => (
          <section key={c.id} className="doc-component">
            <h3>{c.name}</h3>
            <ul>
              {c.lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
            {(d.tables[c.id] ?? []).map((t) => (
              <table key={t.caption}>
                <caption>{t.caption}</caption>
                <thead>
                  <tr>
                    {t.head.map((h) => (
                      <th key={h} scope="col">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {t.rows.map((r) => (
                    <tr key={r.join('|')}>
                      {r.map((cell, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: the cells of a row are in a fixed order
                        <td key={i}>{cell}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </section>
        ))}
      </section>

      <section className="doc-section" aria-labelledby="illustrations">
        <h2 id="illustrations">Worked illustrations</h2>
        <p>
          What a participant with a target incentive of {d.basis.targetIncentive} {d.currency} and a quota of {d.basis.quota} {d.currency} per {d.periodKind}{' '}
          would be paid for one {d.periodKind}, by attainment of quota. The amounts are computed by the calculation engine on this version’s plan document, for
          credited revenue of quota × attainment.
        </p>
        {d.illustrations.map((il) => (
          <table key={il.attainment} className="illustration">
            <caption>
              At {il.percent} of quota: credited revenue {il.revenue} {d.currency}
            </caption>
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col">Payout ({d.currency})</th>
              </tr>
            </thead>
            <tbody>
              {il.problems.map((p) => (
                <tr key={`${p.file}:${p.line}:${p.message}`}>
                  <td colSpan={2}>Cannot be computed: {p.message}</td>
                </tr>
              ))}
              {il.components.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  {c.amount !== null ? <td className="num">{grouped(c.amount)}</td> : <td>Not illustrated: {c.notIllustrated}.</td>}
                </tr>
              ))}
            </tbody>
            {il.problems.length === 0 && (
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  {il.total !== null ? (
                    <td className="num">
                      <strong>{grouped(il.total)}</strong>
                    </td>
                  ) : (
                    <td>Not illustrated: a component above depends on more than quota and revenue.</td>
                  )}
                </tr>
              </tfoot>
            )}
          </table>
        ))}
      </section>

      <section className="doc-section" aria-labelledby="approval-record">
        <h2 id="approval-record">Approval record</h2>
        <dl className="record-facts">
          <dt>Version</dt>
          <dd>
            {d.plan.key} version {v.number}, uploaded {v.createdAt.slice(0, 10)}
          </dd>
          <dt>Fingerprint (SHA-256)</dt>
          <dd className="fingerprint">{v.fingerprint}</dd>
        </dl>
        {d.signatures.length === 0 ? (
          <p className="empty">No signatures on this version yet.</p>
        ) : (
          <table>
            <caption>Signatures of this version</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Meaning</th>
                <th scope="col">Group</th>
                <th scope="col">Signed (UTC)</th>
                <th scope="col">Fingerprint signed</th>
              </tr>
            </thead>
            <tbody>
              {d.signatures.map((s) => (
                <tr key={`${s.userId}-${s.at}`}>
                  <td>{s.name}</td>
                  <td>{s.meaning}</td>
                  <td>{s.group + 1}</td>
                  <td>{s.at.slice(0, 19).replace('T', ' ')}</td>
                  <td className="fingerprint">{s.fingerprint}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <p className="hint">Printed {d.printedAt.slice(0, 16).replace('T', ' ')} UTC from the SPM Portal.</p>
    </article>
  );
}
