import { Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { schedulePage } from '~/workflows/changes/view';
import { takeScheduleBaseline } from '~/workflows/commands/take-schedule-baseline';
import type { Route } from './+types/schedule';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Schedule · ${data?.project.name ?? 'Project'} · SPM Portal` }];

const optionalNumber = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : null);

/** `?baseline=<id>` reads the schedule against that baseline (default: the latest); `?a=<id>&b=<id>` compares two. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const url = new URL(request.url).searchParams;
  const a = optionalNumber(url.get('a'));
  const b = optionalNumber(url.get('b'));
  return orThrowResponse(() =>
    schedulePage(getDb(), actor, idParam(params.projectId), {
      baselineId: optionalNumber(url.get('baseline')),
      compare: a !== null && b !== null ? [a, b] : null,
    }),
  );
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  try {
    const b = takeScheduleBaseline({ db: getDb(), actor }, { ...fields, projectId: idParam(params.projectId) });
    return { ok: `Baseline ${b.number} taken.` };
  } catch (error) {
    return failure(error);
  }
}

const slip = (days: number | null) => (days === null ? 'not in the baseline' : days === 0 ? 'on plan' : `${days > 0 ? '+' : '−'}${Math.abs(days)} day(s)`);

export default function Schedule({ loaderData: d, actionData }: Route.ComponentProps) {
  const projectId = String(d.project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{d.project.name}</Link> /
      </p>
      <h1>Schedule against its baseline</h1>
      <ActionMessage result={actionData} />
      {!d.baseline ? (
        <p className="empty">No baseline yet: the project manager takes one to measure slips against.</p>
      ) : (
        <p className="hint">
          Baseline {d.baseline.number} ({d.baseline.note}), taken {d.baseline.takenAt.slice(0, 10)}. A slip is the current date minus the baseline’s, in days;
          moves made by approved change requests are listed with their key, the PM’s own moves with their reason.
        </p>
      )}
      {d.baselines.length > 1 && (
        <Form method="get" className="inline-form" aria-label="Read against another baseline">
          <label htmlFor="baseline">Read against</label>
          <select id="baseline" name="baseline" defaultValue={d.baseline?.id}>
            {d.baselines.map((b) => (
              <option key={b.id} value={b.id}>
                Baseline {b.number}: {b.note}
              </option>
            ))}
          </select>
          <button type="submit">Show</button>
        </Form>
      )}
      <table>
        <caption>Phases and milestones{d.baseline ? ` against baseline ${d.baseline.number}` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Baseline</th>
            <th scope="col">Now</th>
            <th scope="col">Slip</th>
            <th scope="col">Moved by</th>
          </tr>
        </thead>
        <tbody>
          {d.rows.map((r) => (
            <tr key={`${r.kind}${r.id}`} className={r.slipDays && r.slipDays > 0 ? 'slipped' : undefined}>
              <th scope="row">
                {r.kind === 'phase' ? 'Phase' : 'Milestone'}: {r.name}
              </th>
              <td>{r.baseline ?? '—'}</td>
              <td>{r.current}</td>
              <td className="num">{d.baseline ? slip(r.slipDays) : '—'}</td>
              <td>
                {r.moves.map((m) => `${m.key ?? `PM${m.reason ? `: ${m.reason}` : ''}`} (${m.days > 0 ? '+' : ''}${m.days} d, ${m.from} → ${m.to})`).join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {d.baselines.length > 1 && (
        <Form method="get" className="card form inline-form" aria-label="Compare two baselines">
          <label htmlFor="a">Compare baseline</label>
          <select id="a" name="a" defaultValue={d.compared?.a.id ?? d.baselines.at(-1)?.id}>
            {d.baselines.map((b) => (
              <option key={b.id} value={b.id}>
                {b.number}: {b.note}
              </option>
            ))}
          </select>
          <label htmlFor="b">with</label>
          <select id="b" name="b" defaultValue={d.compared?.b.id ?? d.baselines[0]?.id}>
            {d.baselines.map((b) => (
              <option key={b.id} value={b.id}>
                {b.number}: {b.note}
              </option>
            ))}
          </select>
          <button type="submit">Compare</button>
        </Form>
      )}
      {d.compared && (
        <table>
          <caption>
            Baseline {d.compared.a.number} against baseline {d.compared.b.number}
          </caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Baseline {d.compared.a.number}</th>
              <th scope="col">Baseline {d.compared.b.number}</th>
              <th scope="col">Difference</th>
            </tr>
          </thead>
          <tbody>
            {d.compared.rows.map((r) => (
              <tr key={`${r.kind}${r.name}`}>
                <th scope="row">{r.name}</th>
                <td>{r.a ?? '—'}</td>
                <td>{r.b ?? '—'}</td>
                <td className="num">{slip(r.days)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {d.mayBaseline && (
        <Form method="post" className="card form" noValidate aria-label="Take a baseline">
          <h2>Take a baseline</h2>
          <p className="hint">Freezes every phase’s planned dates and every milestone’s due date as they are now; earlier baselines are kept.</p>
          <Field label="What it marks" name="note" placeholder="Contract signed" error={errors.note} />
          <button type="submit" disabled={busy}>
            Take baseline {(d.baselines[0]?.number ?? 0) + 1}
          </button>
        </Form>
      )}
    </>
  );
}
