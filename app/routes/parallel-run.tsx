import { data, Form, href, Link, useSearchParams } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { Field } from '~/app/components/Field';
import { MeaningField } from '~/app/components/MeaningField';
import { RequirementBadge } from '~/app/components/StatusBadge';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { projectMemberList } from '~/db/queries/projects';
import { parallelRunDetail, parallelRunParticipantsCsv, type VarianceShow, varianceLinesPage, varianceShows } from '~/db/queries/testing';
import { varianceClasses } from '~/db/queries/vocabulary';
import { Decimal } from '~/engine';
import { classifyVariance } from '~/workflows/commands/classify-variance';
import { signVarianceReport } from '~/workflows/commands/sign-variance-report';
import { submitVarianceReport } from '~/workflows/commands/submit-variance-report';
import { money } from '~/workflows/format/money';
import { requirementSignoff } from '~/workflows/machines/requirement-signoff';
import { functionInSentence, meaningsFor } from '~/workflows/policy/functions';
import { mayOnProject } from '~/workflows/policy/roles';
import { requireProjectPermission } from '~/workflows/project-access';
import { requirementActionsFor } from '~/workflows/requirements/view';
import { contextOf } from '~/workflows/runtime';
import { participantNames } from '~/workflows/testing/participant-names';
import { overThresholdCents, variancePercent } from '~/workflows/testing/variance-lines';
import { describeUnexplained, unexplainedVariances } from '~/workflows/testing/variance-standing';
import type { Route } from './+types/parallel-run';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.run.name ?? 'Parallel run'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project, roles } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'test.view'));
  const detail = parallelRunDetail(db, idParam(params.runId));
  if (!detail || detail.run.projectId !== projectId) throw data('No such parallel run in this project.', { status: 404 });
  const threshold = new Decimal(detail.run.threshold);
  const signoff = requirementActionsFor(detail.instance, actor, roles);
  // One page of lines, the largest variances first: a run can hold 150,000 of them.
  const url = new URL(request.url);
  const show = (varianceShows as readonly string[]).includes(url.searchParams.get('show') ?? '') ? (url.searchParams.get('show') as VarianceShow) : 'all';
  const participant = url.searchParams.get('participant')?.trim().slice(0, 100) || undefined;
  const lines = varianceLinesPage(db, {
    runId: detail.run.id,
    show,
    participant,
    overCents: overThresholdCents(detail.run.threshold),
    page: Math.max(Number(url.searchParams.get('page')) || 1, 1),
    pageSize: linesPerPage,
  });
  // The people on this page by the names the run's participants file gives them.
  const names = participantNames(
    parallelRunParticipantsCsv(db, detail.run.id),
    lines.rows.map((l) => l.participantId),
  );
  const members = projectMemberList(db, projectId);
  const state = String(detail.instance.stateValue);
  // What keeps the report from sign-off, by the one definition the commands and the Launch gate apply.
  const unexplained = state === 'draft' || state === 'inReview' ? unexplainedVariances(db, detail.run.id) : { count: 0, lines: [] };
  const myFunction = members.find((m) => m.userId === actor.id)?.function ?? null;
  return {
    project: { id: project.id, name: project.name },
    run: {
      id: detail.run.id,
      name: detail.run.name,
      period: detail.run.period,
      threshold: detail.run.threshold,
      totals: detail.run.totals,
      plan: `${detail.plan} v${detail.planVersion}`,
    },
    state,
    unexplained: { count: unexplained.count, lines: describeUnexplained(unexplained) },
    /**
     * What a signature names: the report's fingerprint, which its sign-off instance holds from the run's
     * creation (its lines never change; the machine accepts no other), and the instance's version.
     */
    signing: {
      fingerprint: contextOf(requirementSignoff, detail.instance).fingerprint,
      expectedVersion: detail.instance.version,
      /** The meanings this person's function on the project lets them sign with (the server refuses others). */
      function: myFunction ? functionInSentence(myFunction) : null,
      meanings: meaningsFor(myFunction),
    },
    filter: { show, participant: participant ?? '' },
    counts: lines.counts,
    paging: { page: lines.page, pageSize: lines.pageSize, matching: lines.matching },
    lines: lines.rows.map((l) => {
      const c = detail.classification(l.participantId, l.componentId);
      return {
        participantId: l.participantId,
        name: names[l.participantId] ?? '',
        componentId: l.componentId,
        legacy: l.legacy,
        computed: l.computed,
        variance: l.variance,
        percent: variancePercent(l.variance, l.legacy),
        over: new Decimal(l.variance).abs().gt(threshold),
        classification: c?.c.classification ?? '',
        note: c?.c.note ?? '',
        defectKey: c?.defectKey ?? '',
        defectId: c?.c.defectId ?? null,
      };
    }),
    signatures: detail.signatures,
    stakeholders: members.filter((m) => m.role === 'stakeholder').map((m) => ({ id: m.userId, name: m.name })),
    may: {
      classify: mayOnProject(actor, roles, 'test.write') && state === 'draft',
      // Offered only once nothing is unexplained: the commands refuse it before (requireNothingUnexplained).
      submit: signoff.submit && unexplained.count === 0,
      sign: signoff.sign && unexplained.count === 0,
    },
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const ids = { projectId: idParam(params.projectId), runId: idParam(params.runId) };
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  try {
    switch (fields.intent) {
      case 'classify':
        classifyVariance(ctx, { ...fields, ...ids });
        return { ok: 'Variance classified.' };
      case 'submit':
        submitVarianceReport(ctx, { ...fields, ...ids });
        return { ok: 'Variance report submitted for sign-off.' };
      case 'sign':
        await signVarianceReport(ctx, { ...fields, ...ids });
        return { ok: 'Your signature is recorded.' };
      default:
        throw data('Unknown action.', { status: 400 });
    }
  } catch (error) {
    return failure(error);
  }
}

const linesPerPage = 100;
const showLabels: Record<VarianceShow, string> = { all: 'All lines', over: 'Over the threshold', unexplained: 'Over the threshold, not yet classified' };

type Row = Route.ComponentProps['loaderData']['lines'][number];

export default function ParallelRun({ loaderData, actionData }: Route.ComponentProps) {
  const { project, run, state, unexplained, signing, filter, counts, paging, lines, signatures, stakeholders, may } = loaderData;
  const errors = fieldErrorsOf(actionData);
  const [params, setParams] = useSearchParams();
  const n = (v: number) => v.toLocaleString('en-US');
  const columns: Column<Row>[] = [
    {
      id: 'participant',
      header: 'Participant',
      value: (r) => r.participantId,
      cell: (r) => (
        <Link
          to={href('/projects/:projectId/parallel-runs/:runId/participants/:participantId', {
            projectId: String(project.id),
            runId: String(run.id),
            participantId: encodeURIComponent(r.participantId),
          })}
          title={`How the engine computed ${r.participantId}'s lines`}
        >
          {r.participantId}
        </Link>
      ),
    },
    { id: 'name', header: 'Name', value: (r) => r.name },
    { id: 'component', header: 'Component', value: (r) => r.componentId },
    { id: 'legacy', header: 'Legacy', value: (r) => Number(r.legacy), numeric: true, cell: (r) => <span className="num">{money(r.legacy)}</span> },
    { id: 'computed', header: 'Engine', value: (r) => Number(r.computed), numeric: true, cell: (r) => <span className="num">{money(r.computed)}</span> },
    {
      id: 'variance',
      header: 'Variance',
      value: (r) => Number(r.variance),
      numeric: true,
      cell: (r) => <span className={r.over ? 'result-failed' : undefined}>{money(r.variance)}</span>,
    },
    {
      id: 'percent',
      header: 'Variance %',
      value: (r) => (r.percent === 'n/a' ? null : Number(r.percent)),
      numeric: true,
      cell: (r) => (
        <span className="num">{r.percent === 'n/a' ? <abbr title="The legacy system paid 0: no percentage of nothing">n/a</abbr> : `${r.percent}%`}</span>
      ),
    },
    { id: 'over', header: 'Over threshold', value: (r) => (r.over ? 'yes' : 'no') },
    {
      id: 'classification',
      header: 'Explained as',
      value: (r) => r.classification,
      cell: (r) => (
        <>
          {r.classification || <span className="muted">—</span>}
          {r.defectId && (
            <>
              {' '}
              <Link to={href('/projects/:projectId/defects/:defectId', { projectId: String(project.id), defectId: String(r.defectId) })}>{r.defectKey}</Link>
            </>
          )}
          {r.note && <div className="hint">{r.note}</div>}
        </>
      ),
    },
  ];
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId/parallel-runs', { projectId: String(project.id) })}>Parallel runs</Link> /
      </p>
      <h1>
        {run.name} <RequirementBadge state={state} />
      </h1>
      <p className="muted">
        {run.period} · plan {run.plan} · threshold {run.threshold}
      </p>
      <ActionMessage result={actionData} />
      <p className="card">
        <strong>Totals</strong>: legacy {money(run.totals.legacy)} · engine {money(run.totals.computed)} · variance {money(run.totals.variance)}
      </p>
      <p>
        {n(counts.all)} lines · {n(counts.over)} over the threshold · {n(counts.unexplained)} of those not yet classified. The largest variances come first,{' '}
        {n(linesPerPage)} to a page. Variance % is the variance over what the legacy system paid, rounded to 2 decimals. A participant's id opens how the engine
        computed their lines.
      </p>
      <Form method="get" className="card form inline-form" aria-label="Filter variance lines">
        <label>
          Show
          <select name="show" defaultValue={filter.show}>
            {varianceShows.map((s) => (
              <option key={s} value={s}>
                {showLabels[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Participant
          <input type="search" name="participant" defaultValue={filter.participant} placeholder="Participant id contains" />
        </label>
        <button type="submit">Apply</button>
        <Link to={href('/projects/:projectId/parallel-runs/:runId', { projectId: String(project.id), runId: String(run.id) })}>Clear</Link>
      </Form>
      <DataTable
        caption={`Variance by participant and component: ${showLabels[filter.show].toLowerCase()}, largest first`}
        rows={lines}
        columns={columns}
        rowKey={(r) => `${r.participantId}|${r.componentId}`}
        empty={counts.all === 0 ? 'No lines.' : 'No line matches these filters.'}
        server={{
          total: paging.matching,
          page: paging.page,
          pageSize: paging.pageSize,
          sort: { id: 'variance', desc: true },
          onSort: () => {},
          onPage: (page) => {
            const next = new URLSearchParams(params);
            next.set('page', String(page));
            setParams(next);
          },
        }}
      />
      {may.classify && (
        <Form method="post" className="card form inline-form" noValidate>
          <h2>Explain a variance</h2>
          <input type="hidden" name="intent" value="classify" />
          <label>
            Line
            <select
              name="line"
              onChange={(e) => {
                const [p, c] = e.target.value.split('|');
                const form = e.target.form!;
                (form.elements.namedItem('participantId') as HTMLInputElement).value = p ?? '';
                (form.elements.namedItem('componentId') as HTMLInputElement).value = c ?? '';
              }}
            >
              <option value="">Choose a line of this page…</option>
              {lines
                .filter((l) => l.over)
                .map((l) => (
                  <option key={`${l.participantId}|${l.componentId}`} value={`${l.participantId}|${l.componentId}`}>
                    {l.participantId} {l.componentId} ({l.variance})
                  </option>
                ))}
            </select>
          </label>
          <input type="hidden" name="participantId" />
          <input type="hidden" name="componentId" />
          <label>
            Classification
            <select name="classification">
              {varianceClasses.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <Field label="Why" name="note" error={errors.note} />
          <Field label="Existing defect (key), for a defect" name="defectKey" placeholder="DEF-001" error={errors.defectKey} />
          <label>
            New defect severity
            <select name="severity" defaultValue="3">
              {[1, 2, 3, 4].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <button type="submit">Save</button>
        </Form>
      )}
      {unexplained.count > 0 && (
        <section className="card warning" aria-labelledby="unexplained">
          <h2 id="unexplained">Not ready for sign-off</h2>
          <p>
            {unexplained.count === 1 ? '1 variance is' : `${n(unexplained.count)} variances are`} unexplained. The report can be submitted and signed once every
            line over the threshold is classified and every defect a line is classified as is verified or closed.
          </p>
          <ul>
            {unexplained.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </section>
      )}
      {may.submit && (
        <Form method="post" className="card form">
          <h2>Submit the variance report for sign-off</h2>
          <input type="hidden" name="intent" value="submit" />
          {stakeholders.map((s) => (
            <label key={s.id} className="checkbox">
              <input type="checkbox" name="signerIds" value={s.id} /> {s.name}
            </label>
          ))}
          {errors.signerIds && <p className="field-error">{errors.signerIds}</p>}
          <button type="submit" className="primary">
            Submit for sign-off
          </button>
        </Form>
      )}
      {may.sign && (
        <Form method="post" className="card form" noValidate>
          <h2>Sign the variance report</h2>
          <input type="hidden" name="intent" value="sign" />
          <input type="hidden" name="fingerprint" value={signing.fingerprint} />
          <input type="hidden" name="expectedVersion" value={signing.expectedVersion} />
          <MeaningField meanings={signing.meanings} yourFunction={signing.function} error={errors.meaning} />
          <Field label="Your password (to sign)" name="password" type="password" autoComplete="current-password" error={errors.password} />
          <button type="submit" className="primary">
            Sign
          </button>
        </Form>
      )}
      <section aria-labelledby="sigs">
        <h2 id="sigs">Signatures</h2>
        {signatures.length === 0 ? (
          <p className="empty">Not signed yet.</p>
        ) : (
          <ul>
            {signatures.map((s) => (
              <li key={`${s.name}-${s.at}`}>
                {s.name}: {s.meaning}, {s.at.slice(0, 16).replace('T', ' ')} · <code>{s.fingerprint?.slice(0, 12)}</code>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
