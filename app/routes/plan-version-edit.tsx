import { data, Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { fieldId, PlanFields } from '~/app/components/PlanEditor';
import { PlanVersionBadge } from '~/app/components/StatusBadge';
import { badRequest, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { editPlanVersion } from '~/workflows/commands/edit-plan-version';
import { DomainError } from '~/workflows/errors';
import { addRow, applyFields, documentText, type JsonObject, parsePath, placeProblems, removeRow, sameDocument, tidyProblems } from '~/workflows/plans/editor';
import { loadPlanVersionFor } from '~/workflows/plans/load';
import type { Route } from './+types/plan-version-edit';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Edit ${data?.plan.key ?? 'plan'} v${data?.version.number ?? ''} · SPM Portal` }];

const refOf = (params: { projectId?: string; planId?: string; number?: string }) => ({
  projectId: idParam(params.projectId),
  planId: idParam(params.planId),
  number: idParam(params.number),
});

/** Names the form posts that are not paths of the document. */
const controls = new Set(['intent', 'baseFingerprint', 'working', 'document', 'note']);

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const ref = refOf(params);
  const loaded = orThrowResponse(() => loadPlanVersionFor(getDb(), actor, ref, 'plan.write'));
  return {
    project: { id: loaded.project.id, name: loaded.project.name },
    plan: { id: loaded.plan.id, key: loaded.plan.planKey },
    version: { number: loaded.version.number, state: loaded.state, fingerprint: loaded.version.documentHash, document: loaded.version.document },
  };
}

type EditorResult = {
  ok?: string;
  error?: string;
  /** The field form's document as the person left it (their typed values), to render the form from. */
  working?: string;
  /** The JSON view's text as they left it. */
  json?: string;
  /**
   * The fingerprint the kept document was based on: a form drawn again from it posts it, so a draft
   * saved by someone else meanwhile is refused (409) rather than overwritten, until the page is reloaded.
   */
  base?: string;
  fieldErrors: Record<string, string>;
  problems: { path: string; message: string; at: string | null }[];
};

const parseObject = (text: string): JsonObject | null => {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
};

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  const ref = refOf(params);
  // Every intent, even adding a row that saves nothing, is for plan writers only.
  const loaded = orThrowResponse(() => loadPlanVersionFor(db, actor, ref, 'plan.write'));
  const form = formObject(await request.formData());
  const one = (name: string) => {
    const v = form[name];
    return Array.isArray(v) ? (v.at(-1) ?? '') : (v ?? '');
  };
  const intent = one('intent');
  const baseFingerprint = one('baseFingerprint');
  const ctx = { db, actor };

  if (intent === 'saveJson') {
    const json = one('document');
    try {
      const { changed } = editPlanVersion(ctx, { ...ref, document: json, baseFingerprint });
      return data<EditorResult>({ ok: changed ? 'Saved: the draft has the document from the JSON view.' : 'Nothing changed.', fieldErrors: {}, problems: [] });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const problems = tidyProblems(error.problems.map((p) => ({ path: p.path ?? '(document)', message: p.message }))).map((p) => ({ ...p, at: null }));
      return data<EditorResult>({ error: error.message, json, base: baseFingerprint, fieldErrors: error.fieldErrors, problems }, { status: error.status });
    }
  }

  const working = parseObject(one('working'));
  if (!working) return badRequest('The form was not sent whole: reload the page.');
  const fields = Object.fromEntries(Object.entries(form).filter(([name]) => !controls.has(name)));
  const applied = applyFields(working, fields);

  const [verb, target] = intent.split(/:(.*)/s) as [string, string | undefined];
  const targetPath = target ? parsePath(target) : null;
  if ((verb === 'add' || verb === 'remove') && targetPath) {
    const next = verb === 'add' ? addRow(applied, targetPath) : removeRow(applied, targetPath);
    return data<EditorResult>({ working: documentText(next), base: baseFingerprint, fieldErrors: {}, problems: [] });
  }
  if (intent !== 'save') return badRequest('Unknown action.');

  try {
    // A form nobody changed posts the draft as it is: its text (and fingerprint) stay.
    const current = loaded.version.document;
    const document = sameDocument(applied, parseObject(current) ?? undefined) ? current : documentText(applied);
    const { changed } = editPlanVersion(ctx, { ...ref, document, baseFingerprint });
    return data<EditorResult>({
      ok: changed ? 'Saved: the draft has your changes. Validate it again from its page.' : 'Nothing changed.',
      fieldErrors: {},
      problems: [],
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const problems = tidyProblems(error.problems.map((p) => ({ path: p.path ?? '(document)', message: p.message })));
    const { fieldErrors, placedAt } = placeProblems(problems, Object.keys(fields));
    return data<EditorResult>(
      {
        error: error.message,
        working: documentText(applied),
        base: baseFingerprint,
        fieldErrors: { ...error.fieldErrors, ...fieldErrors },
        problems: problems.map((p, i) => ({ ...p, at: placedAt[i] ?? null })),
      },
      { status: error.status },
    );
  }
}

/** A short key of a text, so the form is drawn afresh (its inputs' default values) when the document it shows changes. */
const keyOf = (text: string) => {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return `${text.length}-${h}`;
};

export default function EditPlanVersion({ loaderData, actionData }: Route.ComponentProps) {
  const { project, plan, version } = loaderData;
  const busy = useNavigation().state === 'submitting';
  const result = (actionData ?? null) as EditorResult | null;
  const projectId = String(project.id);
  const planId = String(plan.id);
  const versionPath = href('/projects/:projectId/plans/:planId/versions/:number', { projectId, planId, number: String(version.number) });
  const breadcrumbs = (
    <p className="breadcrumbs">
      <Link to={href('/projects/:projectId/plans', { projectId })}>Plans</Link> /{' '}
      <Link to={href('/projects/:projectId/plans/:planId', { projectId, planId })}>{plan.key}</Link> / <Link to={versionPath}>Version {version.number}</Link> /
    </p>
  );
  if (version.state !== 'draft')
    return (
      <>
        {breadcrumbs}
        <h1>
          Edit {plan.key} version {version.number} <PlanVersionBadge state={version.state} />
        </h1>
        <p className="card warning">
          Only a draft is edited: this version is past its draft. To change the plan, start a new version from an approved or published version on{' '}
          <Link to={versionPath}>its page</Link> (or, for a version under way, withdraw it to draft first).
        </p>
      </>
    );

  const workingText = result?.working ?? version.document;
  const working = parseObject(workingText) ?? {};
  const errors = result?.fieldErrors ?? {};
  const problems = result?.problems ?? [];
  const jsonRefused = result?.json !== undefined;
  const formBase = result?.working !== undefined && result.base ? result.base : version.fingerprint;
  const jsonBase = jsonRefused && result?.base ? result.base : version.fingerprint;
  return (
    <>
      {breadcrumbs}
      <h1>
        Edit {plan.key} version {version.number} <PlanVersionBadge state={version.state} />
      </h1>
      <p className="muted">
        Saving keeps the version a draft: you become one of its editors (who do not approve it), and its validation runs on the previous content no longer
        count. Nothing is saved while the engine’s schema refuses anything.
      </p>
      <ActionMessage result={result} />
      {problems.length > 0 && (
        <section className="card warning" aria-labelledby="problems-heading">
          <h2 id="problems-heading">What the engine refused</h2>
          <ul className="import-problems">
            {problems.map((p) => (
              <li key={`${p.path}-${p.message}`}>
                {p.at ? <a href={`#${fieldId(p.at)}`}>{p.path}</a> : <code>{p.path}</code>}: {p.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      <Form method="post" className="plan-editor" noValidate key={`${formBase}-${keyOf(workingText)}`}>
        {/* Enter in a field saves (the first submit button of a form is the one Enter presses), never removes a row. */}
        <button type="submit" name="intent" value="save" className="visually-hidden" tabIndex={-1} aria-hidden="true">
          Save draft
        </button>
        <input type="hidden" name="baseFingerprint" value={formBase} />
        <input type="hidden" name="working" value={workingText} />
        <PlanFields doc={working} errors={errors} />
        <p className="actions-row">
          <button type="submit" name="intent" value="save" className="primary" disabled={busy}>
            Save draft
          </button>
          <Link to={versionPath}>Back to the version</Link>
        </p>
      </Form>

      <details className="card" open={jsonRefused}>
        <summary>JSON view (advanced): the whole document</summary>
        <Form method="post" className="form" noValidate key={`json-${jsonBase}`}>
          <input type="hidden" name="intent" value="saveJson" />
          <input type="hidden" name="baseFingerprint" value={jsonBase} />
          <div className={`field${jsonRefused ? ' has-error' : ''}`}>
            <label htmlFor="plan-json">Plan document (JSON)</label>
            <p id="plan-json-hint" className="hint">
              Everything the form covers and the parts it does not (filters, draws, clawbacks, component types without fields). Unsaved changes in the form
              above are not in it.
            </p>
            <textarea
              id="plan-json"
              name="document"
              rows={24}
              spellCheck={false}
              defaultValue={result?.json ?? version.document}
              aria-invalid={jsonRefused ? true : undefined}
              aria-describedby={jsonRefused ? 'plan-json-hint problems-heading' : 'plan-json-hint'}
            />
          </div>
          <button type="submit" disabled={busy}>
            Save the JSON
          </button>
        </Form>
      </details>
    </>
  );
}
