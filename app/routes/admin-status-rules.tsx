import { Form, useNavigation } from 'react-router';
import { requireAdmin } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { failure, formObject } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { methodologyList } from '~/db/queries/projects';
import { setStatusThresholds } from '~/workflows/commands/set-status-thresholds';
import { statusRules } from '~/workflows/status/rules';
import { thresholdsFor } from '~/workflows/status/thresholds';
import type { Route } from './+types/admin-status-rules';

export const meta: Route.MetaFunction = () => [{ title: 'Status rules · SPM Portal' }];

export async function loader({ request }: Route.LoaderArgs) {
  await requireAdmin(request);
  const db = getDb();
  return {
    rules: statusRules.map((r) => ({ id: r.id, label: r.label, unit: r.unit })),
    methodologies: methodologyList(db).map((m) => ({ id: m.id, name: m.name, thresholds: thresholdsFor(db, m.id) })),
  };
}

/** One form per methodology: amber.<rule> and red.<rule> for every rule. */
export async function action({ request }: Route.ActionArgs) {
  const actor = await requireAdmin(request);
  const fields = formObject(await request.formData());
  const thresholds: Record<string, { amber: unknown; red: unknown }> = {};
  for (const r of statusRules)
    if (fields[`amber.${r.id}`] !== undefined || fields[`red.${r.id}`] !== undefined)
      thresholds[r.id] = { amber: fields[`amber.${r.id}`], red: fields[`red.${r.id}`] };
  try {
    setStatusThresholds({ db: getDb(), actor }, { methodologyId: fields.methodologyId, thresholds });
    return { ok: 'Thresholds saved: every project of this methodology reads its status with them now.', methodologyId: String(fields.methodologyId) };
  } catch (error) {
    return failure(error);
  }
}

export default function AdminStatusRules({ loaderData: d, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state !== 'idle';
  const errors = fieldErrorsOf(actionData);
  return (
    <>
      <h1>Status rules</h1>
      <p className="hint">
        A project’s status is the worst of these rules, each computed from live data. Per methodology, a rule turns amber from one figure and red from another;
        0 switches a colour off. Changes apply at once to every project of the methodology and are audited.
      </p>
      <ActionMessage result={actionData} />
      {d.methodologies.map((m) => (
        <Form key={m.id} method="post" className="card form" noValidate aria-label={`Thresholds of ${m.name}`}>
          <h2>{m.name}</h2>
          <input type="hidden" name="methodologyId" value={m.id} />
          <table>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Amber from</th>
                <th scope="col">Red from</th>
              </tr>
            </thead>
            <tbody>
              {d.rules.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.label} ({r.unit}s)
                  </th>
                  {(['amber', 'red'] as const).map((c) => (
                    <td key={c}>
                      <input
                        name={`${c}.${r.id}`}
                        inputMode="numeric"
                        size={5}
                        defaultValue={m.thresholds[r.id][c]}
                        aria-label={`${r.label}: ${c} from`}
                        aria-invalid={errors[`${c}.${r.id}`] ? true : undefined}
                      />
                      {errors[`${c}.${r.id}`] && <p className="field-error">{errors[`${c}.${r.id}`]}</p>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" disabled={busy}>
            Save the thresholds of {m.name}
          </button>
        </Form>
      ))}
    </>
  );
}
