import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { ProblemList } from '~/app/components/ProblemList';
import { readFormWithin } from '~/app/http/body.server';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { uploadProgrammeData } from '~/workflows/commands/upload-programme-data';
import { maxProgrammeBytes } from '~/workflows/e3/programme-files';
import { programmeDataPage } from '~/workflows/e3/view';
import type { Route } from './+types/optimization-data';

export const meta: Route.MetaFunction = () => [{ title: 'Programme data · Optimization · SPM Portal' }];

const tooLarge = 'The files are larger than 5 MB each: split the period’s data or remove what is not needed.';

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => programmeDataPage(getDb(), actor, idParam(params.projectId)));
}

/** A file input's text, or the pasted text beside it. */
async function textOf(form: FormData, file: string, pasted: string) {
  const chosen = form.get(file);
  if (chosen instanceof File && chosen.size > 0) return chosen.size > maxProgrammeBytes ? null : await chosen.text();
  return String(form.get(pasted) ?? '');
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  const read = await readFormWithin(request, { maxBytes: 2 * maxProgrammeBytes + 64 * 1024, tooLarge });
  if (!read.ok) return read.refusal;
  const results = await textOf(read.form, 'resultsFile', 'results');
  const events = await textOf(read.form, 'eventsFile', 'events');
  if (results === null || events === null) return { error: tooLarge, fieldErrors: {}, problems: [] };
  try {
    const done = uploadProgrammeData(
      { db: getDb(), actor },
      {
        projectId,
        period: String(read.form.get('period') ?? ''),
        closeDate: String(read.form.get('closeDate') ?? ''),
        paymentDate: String(read.form.get('paymentDate') ?? ''),
        replace: read.form.get('replace') ?? undefined,
        results,
        events,
      },
    );
    return { ok: `${done.period} uploaded: ${done.participants} participants, ${done.resultLines} result lines, ${done.eventLines} events.` };
  } catch (error) {
    return failure(error);
  }
}

export default function OptimizationData({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const problems = (actionData && 'problems' in actionData ? actionData.problems : undefined) ?? [];
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/optimization', { projectId })}>Optimization</Link> /
      </p>
      <h1>Programme data</h1>
      <p>
        The production results of the client’s SPM programme, one upload per period. A baseline or a review keeps the values it was signed with: uploading or
        replacing a period never changes them.
      </p>
      {actionData && 'ok' in actionData ? (
        <ActionMessage result={actionData} />
      ) : (
        actionData?.error && (
          <div className="form-error" role="alert">
            <p>{actionData.error}</p>
            <ProblemList problems={problems} />
          </div>
        )
      )}

      <section aria-labelledby="periods">
        <h2 id="periods">Periods</h2>
        {d.periods.length === 0 ? (
          <p className="empty">No period uploaded yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Close</th>
                <th scope="col">Payment</th>
                <th scope="col">Participants</th>
                <th scope="col">Result lines</th>
                <th scope="col">Disputes</th>
                <th scope="col">Adjustments</th>
                <th scope="col">Uploaded</th>
              </tr>
            </thead>
            <tbody>
              {d.periods.map((p) => (
                <tr key={p.period}>
                  <th scope="row">{p.period}</th>
                  <td>{p.closeDate}</td>
                  <td>{p.paymentDate}</td>
                  <td>{p.participants}</td>
                  <td>{p.resultLines}</td>
                  <td>{p.disputes}</td>
                  <td>{p.adjustments}</td>
                  <td>
                    {p.uploadedBy}, {p.uploadedAt.slice(0, 10)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="shapes" className="card">
        <h2 id="shapes">The two files</h2>
        <p>
          <strong>Results file</strong>, one line per participant and plan component: <code>{d.resultColumns.join(',')}</code>. <code>capped</code> is yes or no
          (the plan’s cap limited the payout); <code>quota</code> and <code>credited_revenue</code> are the participant’s and repeat on each of their lines;
          attainment is credited revenue ÷ quota.
        </p>
        <p>
          <strong>Events file</strong> (may be left empty), one line per dispute or manual adjustment: <code>{d.eventColumns.join(',')}</code>.{' '}
          <code>kind</code> is dispute or adjustment; a dispute still open leaves <code>resolved_on</code> empty, an adjustment always does. Every participant
          must have a line in the results file. Days as YYYY-MM-DD.
        </p>
        <p className="hint">
          Each file holds {d.limits}. Every line is checked first: if any is wrong, nothing is uploaded and every problem is listed with its file and line.
        </p>
      </section>

      {d.mayWrite && (
        <Form
          method="post"
          encType="multipart/form-data"
          className="card form"
          noValidate
          aria-label="Upload a period"
          onSubmit={(e) => {
            const replace = (e.currentTarget.elements.namedItem('replace') as HTMLInputElement | null)?.checked;
            if (replace && !window.confirm('Replace the data of this period? Its earlier upload is removed (signed baselines and reviews keep their values).'))
              e.preventDefault();
          }}
        >
          <h2>Upload a period</h2>
          <Field label="Period (2025-Q1, 2025-M07 or 2025-H1)" name="period" error={errors.period} />
          <Field label="Close date" name="closeDate" type="date" error={errors.closeDate} />
          <Field label="Payment date" name="paymentDate" type="date" error={errors.paymentDate} />
          <div className={`field${errors.results ? ' has-error' : ''}`}>
            <label htmlFor="resultsFile">Results file (CSV)</label>
            <input id="resultsFile" name="resultsFile" type="file" accept=".csv,text/csv" />
            <label htmlFor="results">…or paste the results</label>
            <textarea id="results" name="results" rows={5} aria-invalid={errors.results ? true : undefined} />
            {errors.results && <p className="field-error">{errors.results}</p>}
          </div>
          <div className="field">
            <label htmlFor="eventsFile">Events file (CSV, optional)</label>
            <input id="eventsFile" name="eventsFile" type="file" accept=".csv,text/csv" />
            <label htmlFor="events">…or paste the events</label>
            <textarea id="events" name="events" rows={4} />
          </div>
          <label className="check">
            <input type="checkbox" name="replace" /> Replace this period if it was uploaded before
          </label>
          <button type="submit" className="primary" disabled={busy}>
            Check and upload
          </button>
        </Form>
      )}
    </>
  );
}
