import { Form, href, Link } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { DatasetFiles } from '~/app/components/DatasetFiles';
import { type Column, DataTable } from '~/app/components/DataTable';
import { Field } from '~/app/components/Field';
import { ProblemList } from '~/app/components/ProblemList';
import { PlanVersionBadge } from '~/app/components/StatusBadge';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { orThrowResponse } from '~/app/http/route.server';
import { computeImpact, impactRef, sourceFromUrl, uploadedSource } from '~/app/plans/impact.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { money } from '~/workflows/format/money';
import { versionInEffect } from '~/workflows/plans/effective';
import { impactDatasets, impactTop, type ParticipantImpact, type PlanImpact, parseImpactSource, sourceParam } from '~/workflows/plans/impact';
import { loadPlanVersionFor } from '~/workflows/plans/load';
import { diffPlanInWords, type WordsLine } from '~/workflows/plans/words-diff';
import { datasetLimits } from '~/workflows/testing/payout-case';
import { planSummary } from '~/workflows/testing/plan-summary';
import type { Route } from './+types/plan-impact';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `What ${data?.plan.key ?? 'a plan'} v${data?.version.number ?? ''} changes · SPM Portal` }];

/** What the page shows of an impact: every participant goes to the CSV export, the page shows the most up and down. */
function forPage(impact: PlanImpact) {
  const { outcome } = impact;
  if (outcome.kind !== 'computed') return { ...impact, outcome };
  const { participants: _, ...shown } = outcome;
  return { ...impact, outcome: shown };
}

/**
 * What a plan version changes, before anyone signs it (issue 11): its plan in words beside the version
 * in effect's, the changed sentences marked, and the payout impact on a chosen dataset (two full engine
 * runs). Whoever may read the version page may read it (the same check); a dataset is a payout case's
 * or a parallel run's on the plan (GET, bookmarkable), or uploaded for this comparison only (POST, not stored).
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const ref = impactRef(params);
  const loaded = orThrowResponse(() => loadPlanVersionFor(db, actor, ref, 'test.view'));
  const datasets = impactDatasets(db, loaded.plan.id);
  const chosen = sourceFromUrl(request) ?? parseImpactSource(datasets[0]?.param);
  const inEffect = versionInEffect(db, loaded.plan.id, today());
  return {
    project: { id: loaded.project.id, name: loaded.project.name },
    plan: { id: loaded.plan.id, key: loaded.plan.planKey, name: loaded.plan.name },
    version: { number: loaded.version.number, state: loaded.state },
    inEffect: inEffect ? { number: inEffect.number, effectiveFrom: inEffect.effectiveFrom } : null,
    words: inEffect ? diffPlanInWords(planSummary(inEffect.document), planSummary(loaded.version.document)) : null,
    datasets,
    chosen: chosen ? sourceParam(chosen) : null,
    impact: chosen ? forPage(await computeImpact(actor, ref, chosen)) : null,
    datasetLimits,
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const ref = impactRef(params);
  const upload = await uploadedSource(request);
  if (!upload.ok) return upload.refusal;
  return { impact: forPage(await computeImpact(actor, ref, upload.source)) };
}

const sideName = (side: 'before' | 'after') => (side === 'before' ? 'the version in effect' : 'this version');

function Sentences({ lines, side }: { lines: WordsLine[] | null; side: 'before' | 'after' }) {
  if (!lines) return <p className="empty">{side === 'before' ? 'Not in the version in effect.' : 'Not in this version.'}</p>;
  return (
    <ul className="words">
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a sentence may repeat; its place in the list is its identity
        <li key={i}>
          {l.op === 'removed' ? (
            <del>
              <span className="visually-hidden">Removed: </span>
              {l.text}
            </del>
          ) : l.op === 'added' ? (
            <ins>
              <span className="visually-hidden">Added: </span>
              {l.text}
            </ins>
          ) : (
            l.text
          )}
        </li>
      ))}
    </ul>
  );
}

const signed = (v: string) => (v.startsWith('-') ? `−${money(v.slice(1))}` : v.replace(/[0.]/g, '') === '' ? money(v) : `+${money(v)}`);

const participantColumns: Column<ParticipantImpact>[] = [
  { id: 'participantId', header: 'Participant', value: (r) => r.participantId },
  { id: 'name', header: 'Name', value: (r) => r.name },
  { id: 'before', header: 'Before', value: (r) => r.before, cell: (r) => money(r.before) },
  { id: 'after', header: 'After', value: (r) => r.after, cell: (r) => money(r.after) },
  { id: 'difference', header: 'Change', value: (r) => r.difference, cell: (r) => signed(r.difference) },
];

export default function PlanImpactPage({ loaderData: d, actionData }: Route.ComponentProps) {
  const uploaded = actionData && 'impact' in actionData ? actionData.impact : null;
  const impact = uploaded ?? d.impact;
  const problems = actionData && 'problems' in actionData ? actionData.problems : [];
  const errors = fieldErrorsOf(actionData);
  const params = { projectId: String(d.project.id), planId: String(d.plan.id), number: String(d.version.number) };
  const csvPath = href('/projects/:projectId/plans/:planId/versions/:number/impact.csv', params);
  const outcome = impact?.outcome;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId: params.projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/plans', { projectId: params.projectId })}>Plans</Link> /{' '}
        <Link to={href('/projects/:projectId/plans/:planId', params)}>{d.plan.key}</Link> /{' '}
        <Link to={href('/projects/:projectId/plans/:planId/versions/:number', params)}>Version {d.version.number}</Link> /
      </p>
      <h1>
        What {d.plan.key} version {d.version.number} changes <PlanVersionBadge state={d.version.state} />
      </h1>
      {d.inEffect ? (
        <p className="muted">
          Compared with version {d.inEffect.number}, the version in effect today (from {d.inEffect.effectiveFrom})
          {d.inEffect.number === d.version.number && ': this is that version, so nothing changes'}.
        </p>
      ) : (
        <p className="notice">No version of {d.plan.key} is in effect today: there is nothing to compare this version with.</p>
      )}

      {d.words && (
        <section aria-labelledby="in-words">
          <h2 id="in-words">The difference in words</h2>
          <p className="hint">
            The plan in words of both versions, side by side. Sentences only in the version in effect are struck through (removed); sentences only in this
            version are underlined (added).{!d.words.changed && ' The two read the same.'}
          </p>
          {(['facts', 'measures'] as const).map((part) => (
            <section key={part} className="card side-by-side" aria-label={part === 'facts' ? 'How the plan pays' : 'Measures'}>
              <h3>
                {part === 'facts' ? 'How the plan pays' : 'Measures'} <span className="badge">{d.words![part].changed ? 'changed' : 'unchanged'}</span>
              </h3>
              <div>
                <h4>Version {d.inEffect!.number} (in effect)</h4>
                <Sentences lines={d.words![part].before} side="before" />
              </div>
              <div>
                <h4>Version {d.version.number} (this version)</h4>
                <Sentences lines={d.words![part].after} side="after" />
              </div>
            </section>
          ))}
          {d.words.components.map((c) => (
            <section key={c.id} className="card side-by-side" aria-label={`Component ${c.name}`}>
              <h3>
                {c.name} <span className="muted">({c.id})</span> <span className={`badge words-${c.status}`}>{c.status}</span>
              </h3>
              <div>
                <h4>Version {d.inEffect!.number} (in effect)</h4>
                <Sentences lines={c.before} side="before" />
              </div>
              <div>
                <h4>Version {d.version.number} (this version)</h4>
                <Sentences lines={c.after} side="after" />
              </div>
            </section>
          ))}
        </section>
      )}

      <section aria-labelledby="payout-impact">
        <h2 id="payout-impact">The payout impact</h2>
        <p className="hint">
          The calculation engine runs the whole dataset on {sideName('before')} and on {sideName('after')}; the amounts are exact, added up line by line.
        </p>
        <Form method="get" className="card form inline-form" aria-label="Choose a dataset">
          <label>
            Dataset
            <select name="source" defaultValue={uploaded ? '' : (d.chosen ?? '')}>
              {d.datasets.length === 0 && <option value="">No payout case or parallel run on this plan yet</option>}
              {d.datasets.map((s) => (
                <option key={s.param} value={s.param}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={d.datasets.length === 0}>
            Compute the impact
          </button>
        </Form>
        <details className="card" open={!!actionData}>
          <summary>Or upload a dataset (used for this comparison only, not stored)</summary>
          <Form method="post" encType="multipart/form-data" reloadDocument className="form" noValidate>
            <p className="hint">The files of a payout case; each file: {d.datasetLimits}.</p>
            <ActionMessage result={actionData && 'error' in actionData ? actionData : undefined} />
            <ProblemList problems={problems} />
            <Field label="Period" name="period" placeholder="2026-Q3" error={errors.period} />
            <DatasetFiles errors={errors} />
            <div className="actions-row">
              <button type="submit" className="primary">
                Compute the impact
              </button>
              <button type="submit" formAction={csvPath}>
                Download every participant’s impact (CSV)
              </button>
            </div>
          </Form>
        </details>

        {!impact ? (
          <p className="empty">Choose a dataset, or upload one, to see what this version pays.</p>
        ) : (
          <>
            <p>
              Dataset: <strong>{impact.dataset.label}</strong>, period {impact.dataset.period}.
            </p>
            {outcome?.kind === 'nothing in effect' && <p className="empty">No version is in effect: there is nothing to compare with.</p>}
            {outcome?.kind === 'refused' &&
              outcome.refusals.map((r) => (
                <div key={r.side} className="card warning">
                  <h3>
                    The engine refused this dataset on version {r.version} ({sideName(r.side)})
                  </h3>
                  <ProblemList problems={r.problems} />
                </div>
              ))}
            {outcome?.kind === 'computed' && (
              <>
                <table>
                  <caption>
                    Pay per component: version {impact.before?.number} (in effect) and version {impact.after.number}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Component</th>
                      <th scope="col">Before (v{impact.before?.number})</th>
                      <th scope="col">After (v{impact.after.number})</th>
                      <th scope="col">Difference</th>
                    </tr>
                  </thead>
                  <tbody>
                    {outcome.components.map((c) => (
                      <tr key={c.id}>
                        <th scope="row">{c.name}</th>
                        <td className="num">{money(c.before)}</td>
                        <td className="num">{money(c.after)}</td>
                        <td className="num">{signed(c.difference)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">Total</th>
                      <td className="num">{money(outcome.total.before)}</td>
                      <td className="num">{money(outcome.total.after)}</td>
                      <td className="num">
                        <strong>{signed(outcome.total.difference)}</strong>
                      </td>
                    </tr>
                  </tfoot>
                </table>
                <p>
                  {outcome.changed} of {outcome.compared} participants paid by either version are paid differently. The tables below show at most {impactTop}{' '}
                  each way; the CSV export has every participant.
                  {d.chosen && !uploaded && (
                    <>
                      {' '}
                      <a href={`${csvPath}?source=${encodeURIComponent(d.chosen)}`} download>
                        Download every participant’s impact (CSV)
                      </a>
                    </>
                  )}
                </p>
                <DataTable
                  caption="Paid more: the largest rises first"
                  rows={outcome.up}
                  columns={participantColumns}
                  rowKey={(r) => r.participantId}
                  empty="Nobody is paid more."
                />
                <DataTable
                  caption="Paid less: the largest falls first"
                  rows={outcome.down}
                  columns={participantColumns}
                  rowKey={(r) => r.participantId}
                  empty="Nobody is paid less."
                />
              </>
            )}
          </>
        )}
      </section>
    </>
  );
}
