import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { ReportFields } from '~/app/components/ReportFields';
import { StatusRulesTable } from '~/app/components/StatusRulesTable';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { publishStatusReport } from '~/workflows/commands/publish-status-report';
import { writeStatusReport } from '~/workflows/commands/write-status-report';
import { reportPage } from '~/workflows/status/reports';
import type { Route } from './+types/report';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.report.period ?? 'Status report'} · ${data?.project.name ?? ''} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => reportPage(getDb(), actor, idParam(params.projectId), idParam(params.reportId), today()));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ref = { projectId: idParam(params.projectId), reportId: idParam(params.reportId) };
  try {
    if (fields.intent === 'publish') {
      publishStatusReport({ db: getDb(), actor }, ref);
      return { ok: 'Published: its figures are frozen as they are today.' };
    }
    writeStatusReport({ db: getDb(), actor }, { ...fields, ...ref });
    return { ok: 'Draft saved.' };
  } catch (error) {
    return failure(error);
  }
}

const paragraphs = (text: string) => (text.trim() === '' ? <p className="muted">Nothing written.</p> : text.split(/\n{2,}/).map((p) => <p key={p}>{p}</p>));

export default function Report({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const r = d.report;
  const shown = r.snapshot ?? d.preview;
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/reports', { projectId })}>Status reports</Link> /
      </p>
      <h1>
        {d.project.name}: {r.period}
      </h1>
      <p className="muted">
        {r.state === 'published'
          ? `Published ${r.publishedAt?.slice(0, 10)}; the figures below are those of ${r.snapshot?.asOf}.`
          : 'Draft: the figures below are today’s and will be frozen when it is published.'}
      </p>
      <ActionMessage result={actionData} />
      {shown && (
        <section className="card" aria-labelledby="status">
          <h2 id="status">
            Status <span className={`badge rag-${shown.status.colour}`}>{shown.status.colour}</span>
            {shown.override && (
              <>
                {' '}
                · the PM says <span className={`badge rag-${shown.override.colour}`}>{shown.override.colour}</span>
              </>
            )}
          </h2>
          {shown.override && <p>{shown.override.reason}</p>}
          <StatusRulesTable rules={shown.status.rules} caption="The status rules and their figures" />
        </section>
      )}
      <section aria-labelledby="summary">
        <h2 id="summary">Summary</h2>
        {paragraphs(r.summary)}
        <h2>Accomplishments</h2>
        {paragraphs(r.accomplishments)}
        <h2>Next steps</h2>
        {paragraphs(r.nextSteps)}
        <h2>Asks</h2>
        {paragraphs(r.asks)}
      </section>
      {d.write && r.state === 'draft' && (
        <>
          <details className="card no-print" open={Object.keys(errors).length > 0}>
            <summary>Edit the draft</summary>
            <Form method="post" className="form" noValidate aria-label="Edit the draft">
              <input type="hidden" name="version" value={r.version} />
              <ReportFields errors={errors} values={r} />
              <button type="submit" disabled={busy}>
                Save the draft
              </button>
            </Form>
          </details>
          <Form
            method="post"
            className="card form inline-form no-print"
            onSubmit={(e) => {
              if (!window.confirm('Publish this report? Its figures are frozen as they are today and it can no longer be edited.')) e.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="publish" />
            <button type="submit" className="primary" disabled={busy}>
              Publish
            </button>
          </Form>
        </>
      )}
    </>
  );
}
