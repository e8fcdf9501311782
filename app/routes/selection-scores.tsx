import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { saveScoreSheet } from '~/workflows/commands/save-score-sheet';
import { submitScoreSheet } from '~/workflows/commands/submit-score-sheet';
import { scoreSheetPage } from '~/workflows/selection/view';
import type { Route } from './+types/selection-scores';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `My score sheet · ${data?.selection.key ?? 'Platform selection'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => scoreSheetPage(getDb(), actor, { projectId: idParam(params.projectId), selectionId: idParam(params.selectionId) }));
}

/** The sheet's fields (score.<candidate>.<criterion>, comment.<candidate>.<criterion>) as cells. */
function cellsOf(fields: Record<string, string | string[]>) {
  return Object.entries(fields)
    .filter(([k]) => k.startsWith('score.'))
    .map(([k, score]) => {
      const [candidateId, criterionId] = k.slice(6).split('.');
      return { candidateId, criterionId, score, comment: fields[`comment.${candidateId}.${criterionId}`] ?? '' };
    });
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { projectId: idParam(params.projectId), selectionId: idParam(params.selectionId), cells: cellsOf(fields) };
  try {
    if (fields.intent === 'submit') {
      submitScoreSheet(ctx, input);
      return { ok: 'Your score sheet is submitted.' };
    }
    const saved = saveScoreSheet(ctx, input);
    return {
      ok: saved.missing
        ? `Saved as a draft: ${saved.missing} cell(s) still need a score and a comment.`
        : 'Saved: your sheet is complete, submit it when ready.',
    };
  } catch (error) {
    return failure(error);
  }
}

type Data = Route.ComponentProps['loaderData'];
type Row = {
  candidateId: number;
  candidate: string;
  criterionId: number;
  criterion: string;
  group: string;
  weight: string;
  score: number | null;
  comment: string;
};

const columns = (d: Data, errors: Record<string, string>): Column<Row>[] => [
  { id: 'candidate', header: 'Candidate', value: (r) => r.candidate },
  { id: 'group', header: 'Group', value: (r) => r.group, filter: 'select' },
  { id: 'criterion', header: 'Criterion', value: (r) => r.criterion },
  { id: 'weight', header: 'Weight', value: (r) => r.weight, numeric: true },
  {
    id: 'score',
    header: 'Score (1-5)',
    value: (r) => r.score,
    cell: (r) =>
      d.mayEdit ? (
        <select
          name={`score.${r.candidateId}.${r.criterionId}`}
          defaultValue={r.score ?? ''}
          aria-label={`Score of ${r.candidate} on ${r.criterion}`}
          aria-invalid={errors.cells ? true : undefined}
        >
          <option value="">–</option>
          {[1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      ) : (
        (r.score ?? '—')
      ),
  },
  {
    id: 'comment',
    header: 'Comment',
    value: (r) => r.comment,
    cell: (r) =>
      d.mayEdit ? (
        <textarea
          name={`comment.${r.candidateId}.${r.criterionId}`}
          defaultValue={r.comment}
          rows={2}
          cols={40}
          aria-label={`Comment on ${r.candidate}, ${r.criterion}`}
        />
      ) : (
        r.comment
      ),
  },
];

export default function SelectionScores({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const selectionId = String(d.selection.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const rows: Row[] = d.candidates.flatMap((c) =>
    d.criteria.map((k) => {
      const cell = d.cells.find((x) => x.candidateId === c.id && x.criterionId === k.id);
      return {
        candidateId: c.id,
        candidate: c.name,
        criterionId: k.id,
        criterion: k.name,
        group: k.groupLabel,
        weight: k.weight,
        score: cell?.score ?? null,
        comment: cell?.comment ?? '',
      };
    }),
  );
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/selections', { projectId })}>Platform selection</Link> /{' '}
        <Link to={href('/projects/:projectId/selections/:selectionId', { projectId, selectionId })}>{d.selection.key}</Link> /
      </p>
      <h1>My score sheet: {d.selection.title}</h1>
      <p className="hint">
        Score every candidate on every criterion from 1 (poor) to 5 (excellent), with a comment. Nobody else sees your scores, and you see no one else’s, until
        you submit.{d.derived.length > 0 && ` ${d.derived.join(', ')} is scored from the candidates’ fit to the must-have needs, not here.`}
      </p>
      <ActionMessage result={actionData} />
      {d.submittedAt ? (
        <p className="notice">
          Submitted on {d.submittedAt.slice(0, 16).replace('T', ' ')}.{' '}
          {d.mayReadResults && <Link to={href('/projects/:projectId/selections/:selectionId/results', { projectId, selectionId })}>See the results</Link>}
        </p>
      ) : d.selection.state !== 'scoring' ? (
        <p className="notice">Scoring is not open (the selection is “{d.selection.stateLabel}”).</p>
      ) : (
        <p className="muted">{d.missing === 0 ? 'Complete: submit when ready.' : `${d.missing} cell(s) still need a score and a comment.`}</p>
      )}
      {rows.length === 0 ? (
        <p className="empty">No candidate or criterion to score yet.</p>
      ) : (
        <Form method="post" noValidate aria-label="My score sheet">
          <DataTable
            caption="My scores"
            rows={rows}
            columns={columns(d, errors)}
            rowKey={(r) => `${r.candidateId}.${r.criterionId}`}
            empty="Nothing to score."
            pageSize={500}
          />
          {d.mayEdit && (
            <p className="actions">
              <button type="submit" name="intent" value="save" disabled={busy}>
                Save as draft
              </button>{' '}
              <button
                type="submit"
                name="intent"
                value="submit"
                className="primary"
                disabled={busy}
                onClick={(e) => {
                  // a sheet with scores missing is refused with what is missing: no point asking first
                  const missing = [...(e.currentTarget.form?.querySelectorAll('select') ?? [])].some((s) => s.value === '');
                  if (!missing && !window.confirm('Submit your score sheet? It cannot be changed afterwards.')) e.preventDefault();
                }}
              >
                Submit my sheet
              </button>
            </p>
          )}
        </Form>
      )}
    </>
  );
}
