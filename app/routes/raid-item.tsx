import { data, Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { Field } from '~/app/components/Field';
import { RaidFields } from '~/app/components/RaidFields';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { type ActionError, failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { closeRaidItem } from '~/workflows/commands/close-raid-item';
import { editRaidItem } from '~/workflows/commands/edit-raid-item';
import { linkRaidItem } from '~/workflows/commands/link-raid-item';
import { reopenRaidItem } from '~/workflows/commands/reopen-raid-item';
import { unlinkRaidItem } from '~/workflows/commands/unlink-raid-item';
import { severityLabels } from '~/workflows/raid/labels';
import { raidItemPage } from '~/workflows/raid/view';
import type { Route } from './+types/raid-item';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.item.key ?? 'RAID item'} · SPM Portal` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const ref = { projectId: idParam(params.projectId), itemId: idParam(params.itemId) };
  return orThrowResponse(() => raidItemPage(getDb(), actor, ref, today()));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const fields = formObject(await request.formData());
  const ctx = { db: getDb(), actor };
  const input = { ...fields, projectId: idParam(params.projectId), itemId: idParam(params.itemId) };
  try {
    switch (fields.intent) {
      case 'edit':
        editRaidItem(ctx, input);
        return { ok: 'Saved.' };
      case 'close':
        closeRaidItem(ctx, input);
        return { ok: 'Closed.' };
      case 'reopen':
        reopenRaidItem(ctx, input);
        return { ok: 'Reopened.' };
      case 'link': {
        const { key } = linkRaidItem(ctx, input);
        return { ok: `Linked to ${key}.` };
      }
      case 'unlink': {
        const { key } = unlinkRaidItem(ctx, input);
        return { ok: `Link to ${key} removed.` };
      }
      default:
        return data<ActionError>({ error: 'Choose an action.', fieldErrors: {}, problems: [] }, { status: 400 });
    }
  } catch (error) {
    return failure(error);
  }
}

const linkPath = (projectId: string, type: string, id: number) => {
  switch (type) {
    case 'requirement':
      return href('/projects/:projectId/requirements/:requirementId', { projectId, requirementId: String(id) });
    case 'deliverable':
      return href('/projects/:projectId/deliverables/:deliverableId', { projectId, deliverableId: String(id) });
    case 'defect':
      return href('/projects/:projectId/defects/:defectId', { projectId, defectId: String(id) });
    default:
      return href('/projects/:projectId/raid/:itemId', { projectId, itemId: String(id) });
  }
};

export default function RaidItem({ loaderData, actionData }: Route.ComponentProps) {
  const { project, item, links, history, write, choices } = loaderData;
  const projectId = String(project.id);
  const errors = fieldErrorsOf(actionData);
  const busy = useNavigation().state !== 'idle';
  const row = (label: string, value: string | number | null) =>
    value === null || value === '' ? null : (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    );
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /{' '}
        <Link to={href('/projects/:projectId/raid', { projectId })}>RAID log</Link> /
      </p>
      <h1>
        {item.key} {item.title}
      </h1>
      <p>
        <span className={`badge raid-${item.status}`}>{item.status === 'open' ? 'Open' : 'Closed'}</span> {item.typeLabel}
        {item.overdue && (
          <>
            {' '}
            <span className="badge overdue">Overdue</span> its {item.deadlineLabel} date {item.deadline} has passed.
          </>
        )}
      </p>
      <ActionMessage result={actionData} />
      {item.description && <p>{item.description}</p>}
      <dl className="record">
        {item.exposure !== null && row('Exposure', `${item.exposure} of 25 (probability ${item.probability} × impact ${item.impact}): ${item.exposureBand}`)}
        {row('Mitigation', item.type === 'risk' ? item.mitigation || 'None written yet.' : null)}
        {row('Severity', item.severity ? severityLabels[item.severity]! : null)}
        {row('Owner', item.owner)}
        {row('Next review', item.nextReviewDate)}
        {row('Validate by', item.validateBy)}
        {row('Due', item.dueDate)}
        {row('Resolution', item.resolution)}
        {row('Decided by', item.decidedBy)}
        {row('Decided on', item.decidedOn)}
        {row('Basis', item.basis)}
        {row('Shared with', item.sharedWith || (write ? 'Nobody outside the client' : ''))}
        {row('Logged', `${item.createdAt.slice(0, 10)} by ${item.createdByName}`)}
        {row('Closed', item.closedAt ? `${item.closedAt.slice(0, 10)} by ${item.closedByName}` : null)}
        {row('Version', item.version)}
      </dl>

      <section aria-labelledby="links">
        <h2 id="links">Links</h2>
        {links.length === 0 && <p className="muted">Not linked to anything.</p>}
        <ul>
          {links.map((l) => (
            <li key={l.id}>
              {l.typeLabel} <Link to={linkPath(projectId, l.type, l.targetId)}>{l.key}</Link> {l.title}
              {l.direction === 'from' && <span className="muted"> (links to this item)</span>}
              {write && (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="unlink" />
                  <input type="hidden" name="linkId" value={l.id} />
                  <button type="submit" disabled={busy} aria-label={`Remove the link to ${l.key}`}>
                    Remove
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        {write && choices && (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="link" />
            <label htmlFor="link-target">Link to</label>
            <select id="link-target" name="target" defaultValue="">
              <option value="">Choose…</option>
              {(
                [
                  ['requirement', 'Requirements'],
                  ['deliverable', 'Deliverables'],
                  ['defect', 'Defects'],
                  ['raid', 'RAID items'],
                ] as const
              ).map(([type, label]) => (
                <optgroup key={type} label={label}>
                  {choices.links[type]
                    .filter((c) => !(type === 'raid' && c.id === item.id))
                    .map((c) => (
                      <option key={c.id} value={`${type}:${c.id}`}>
                        {c.key} {c.title}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            <button type="submit" disabled={busy}>
              Link
            </button>
            {errors.target && <p className="field-error">{errors.target}</p>}
          </Form>
        )}
      </section>

      {write && choices && (
        <>
          {item.status === 'open' ? (
            <Form method="post" className="card form" noValidate>
              <h2>Close</h2>
              <input type="hidden" name="intent" value="close" />
              <input type="hidden" name="version" value={item.version} />
              {item.type === 'issue' && (
                <Field label="Resolution (required to close an issue)" name="resolution" defaultValue={item.resolution} error={errors.resolution} />
              )}
              <button type="submit" disabled={busy}>
                Close {item.key}
              </button>
            </Form>
          ) : (
            <Form method="post" className="card form" noValidate>
              <h2>Reopen</h2>
              <input type="hidden" name="intent" value="reopen" />
              <input type="hidden" name="version" value={item.version} />
              <Field label="Why it is reopened" name="reason" error={errors.reason} />
              <button type="submit" disabled={busy}>
                Reopen {item.key}
              </button>
            </Form>
          )}
          <Form method="post" className="card form" noValidate key={item.version}>
            <h2>Edit</h2>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="type" value={item.type} />
            <input type="hidden" name="version" value={item.version} />
            <RaidFields type={item.type} values={item} errors={errors} owners={choices.owners} firms={choices.firms} idPrefix="edit" />
            <button type="submit" className="primary" disabled={busy}>
              Save version {item.version + 1}
            </button>
          </Form>
        </>
      )}

      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        <table>
          <caption>What happened to {item.key}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id}>
                <td>{h.at.slice(0, 16).replace('T', ' ')}</td>
                <td>{h.actor}</td>
                <td>{h.action}</td>
                <td>{h.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
