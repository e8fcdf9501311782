import { data, Form, href, Link, redirect } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ProblemList } from '~/app/components/ProblemList';
import { readFormWithin } from '~/app/http/body.server';
import { type ActionError, badRequest, failure, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { importColumns, importLimits, importTooLarge, maxImportBytes } from '~/workflows/commands/import-requirements';
import { inWorker, warmJobs } from '~/workflows/jobs/pool';
import { requireProjectPermission } from '~/workflows/project-access';
import type { Route } from './+types/requirements-import';

export const meta: Route.MetaFunction = () => [{ title: 'Import requirements · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const projectId = idParam(params.projectId);
  const { project } = orThrowResponse(() => requireProjectPermission(db, actor, projectId, 'requirement.write'));
  // The import runs in a worker thread: start it now, while the person chooses a file.
  warmJobs();
  return { project: { id: project.id, name: project.name } };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  // Never read more than the limit (with room for the form around the file).
  const read = await readFormWithin(request, { maxBytes: maxImportBytes + 64 * 1024, tooLarge: importTooLarge });
  if (!read.ok) return read.refusal;
  const file = read.form.get('file');
  const csv = file instanceof File && file.size > 0 ? (file.size > maxImportBytes ? null : await file.text()) : String(read.form.get('csv') ?? '');
  if (csv === null || Buffer.byteLength(csv, 'utf8') > maxImportBytes)
    return data<ActionError>({ error: importTooLarge, fieldErrors: {}, problems: [] }, { status: 413 });
  if (!csv.trim()) return badRequest('Choose a CSV file or paste its content.');
  try {
    // In the worker thread: checking and writing thousands of rows does not hold up other requests.
    const keys = await inWorker({ name: 'importRequirements', actor, input: { projectId, csv } });
    return redirect(`${href('/projects/:projectId/requirements', { projectId: String(projectId) })}?imported=${keys.length}`);
  } catch (error) {
    return failure(error);
  }
}

export default function ImportRequirements({ loaderData, actionData }: Route.ComponentProps) {
  const { project } = loaderData;
  const problems = actionData && 'problems' in actionData ? actionData.problems : [];
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId: String(project.id) })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/requirements', { projectId: String(project.id) })}>Requirements</Link> /
      </p>
      <h1>Import requirements from CSV</h1>
      <p>
        Columns: <code>{importColumns.join(',')}</code>. Separate acceptance criteria with <code>|</code>; list linked keys separated by spaces. Every row is
        checked first: if any row is wrong, nothing is imported and every problem is listed with its line.
      </p>
      {actionData?.error && (
        <div className="form-error" role="alert">
          <p>{actionData.error}</p>
          <ProblemList problems={problems} />
        </div>
      )}
      <Form method="post" encType="multipart/form-data" className="card form">
        <div className="field">
          <label htmlFor="file">CSV file</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="import-limits"
            onChange={(e) => {
              const chosen = e.currentTarget.files?.[0];
              e.currentTarget.setCustomValidity(chosen && chosen.size > maxImportBytes ? importTooLarge : '');
            }}
          />
          <p id="import-limits" className="hint">
            One import takes {importLimits}; split a larger register into several files.
          </p>
        </div>
        <div className="field">
          <label htmlFor="csv">…or paste the CSV</label>
          <textarea id="csv" name="csv" rows={8} />
        </div>
        <button type="submit" className="primary">
          Check and import
        </button>
      </Form>
    </>
  );
}
