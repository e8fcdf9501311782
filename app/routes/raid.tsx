import { useState } from 'react';
import { data, Form, href, Link, useNavigation } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { ActionMessage } from '~/app/components/ActionMessage';
import { type Column, DataTable } from '~/app/components/DataTable';
import { Folded } from '~/app/components/Folded';
import { ProblemList } from '~/app/components/ProblemList';
import { RaidFields, type RaidFieldValues } from '~/app/components/RaidFields';
import { readFormWithin } from '~/app/http/body.server';
import { fieldErrorsOf } from '~/app/http/field-errors';
import { type ActionError, failure, formObject, idParam, orThrowResponse } from '~/app/http/route.server';
import { getDb } from '~/db/client';
import { today } from '~/workflows/clock';
import { importRaidItems } from '~/workflows/commands/import-raid-items';
import { logRaidItem } from '~/workflows/commands/log-raid-item';
import { maxRaidImportBytes, raidImportColumns, raidImportLimits, raidImportTooLarge, raidTypeOptions, severityLabels } from '~/workflows/raid/labels';
import { raidLogPage } from '~/workflows/raid/view';
import type { Route } from './+types/raid';

export const meta: Route.MetaFunction = () => [{ title: 'RAID log · SPM Portal' }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  return orThrowResponse(() => raidLogPage(getDb(), actor, idParam(params.projectId), today()));
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const projectId = idParam(params.projectId);
  // Never read more than an import may hold (with room for the form around the file).
  const read = await readFormWithin(request, { maxBytes: maxRaidImportBytes + 64 * 1024, tooLarge: raidImportTooLarge });
  if (!read.ok) return read.refusal;
  const fields = formObject(read.form);
  const ctx = { db: getDb(), actor };
  try {
    switch (fields.intent) {
      case 'log': {
        const item = logRaidItem(ctx, { ...fields, projectId });
        return { ok: `${item.key} logged.`, key: item.key };
      }
      case 'import': {
        const file = read.form.get('file');
        const csv = file instanceof File && file.size > 0 ? (file.size > maxRaidImportBytes ? null : await file.text()) : String(fields.csv ?? '');
        if (csv === null) return data<ActionError>({ error: raidImportTooLarge, fieldErrors: {}, problems: [] }, { status: 413 });
        const keys = importRaidItems(ctx, { projectId, csv });
        return { ok: `${keys.length} item${keys.length === 1 ? '' : 's'} imported: ${keys[0]} to ${keys.at(-1)}.` };
      }
      default:
        return data<ActionError>({ error: 'Choose an action.', fieldErrors: {}, problems: [] }, { status: 400 });
    }
  } catch (error) {
    const refusal = failure(error);
    // What the person wrote comes back with the errors: without JavaScript the page is drawn anew.
    if (fields.intent !== 'log') return refusal;
    const values = Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string');
    return data<ActionError & { values: [string, string][] }>({ ...refusal.data, values }, refusal.init ?? undefined);
  }
}

type Item = Route.ComponentProps['loaderData']['items'][number];

/** A refused log form's fields as the form's defaults (numbers and ids as the text the person typed). */
const sentValues = (v: Record<string, string>): RaidFieldValues => {
  const n = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : null);
  return {
    ...v,
    probability: n(v.probability),
    impact: n(v.impact),
    severity: n(v.severity),
    ownerId: n(v.ownerId),
    sharedWithFirmId: n(v.sharedWithFirmId),
  };
};

export default function RaidLog({ loaderData, actionData }: Route.ComponentProps) {
  const { project, items, write, choices, overdueRule, overdueCount, vendorView } = loaderData;
  const projectId = String(project.id);
  const errors = fieldErrorsOf(actionData);
  const problems = actionData && 'problems' in actionData ? actionData.problems : [];
  const busy = useNavigation().state !== 'idle';
  const sent: Record<string, string> | null =
    actionData && 'values' in actionData && Array.isArray(actionData.values) ? Object.fromEntries(actionData.values) : null;
  const [type, setType] = useState(sent?.type ?? '');
  const columns: Column<Item>[] = [
    {
      id: 'key',
      nowrap: true,
      header: 'Key',
      value: (i) => i.key,
      link: (i) => href('/projects/:projectId/raid/:itemId', { projectId, itemId: String(i.id) }),
    },
    { id: 'type', header: 'Type', value: (i) => i.typeLabel, filter: 'select' },
    { id: 'title', header: 'Title', value: (i) => i.title },
    { id: 'status', header: 'Status', value: (i) => i.status, filter: 'select' },
    { id: 'owner', header: 'Owner', value: (i) => i.owner },
    { id: 'deadline', header: 'Review / due', value: (i) => i.deadline, cell: (i) => (i.deadline ? `${i.deadlineLabel} ${i.deadline}` : '') },
    {
      id: 'overdue',
      header: 'Overdue',
      value: (i) => (i.overdue ? 'Overdue' : ''),
      cell: (i) => (i.overdue ? <span className="badge overdue">Overdue</span> : ''),
      filter: 'select',
    },
    {
      id: 'exposure',
      header: 'Exposure',
      value: (i) => i.exposure,
      cell: (i) => (i.exposure === null ? '' : `${i.exposure} (${i.probability} × ${i.impact}, ${i.exposureBand})`),
      numeric: true,
    },
    { id: 'severity', header: 'Severity', value: (i) => (i.severity ? (severityLabels[i.severity] ?? '') : ''), hiddenByDefault: true },
    { id: 'shared', header: 'Shared with', value: (i) => i.sharedWith, hiddenByDefault: vendorView },
  ];
  return (
    <>
      <p className="breadcrumbs">
        <Link to={href('/projects/:projectId', { projectId })}>{project.name}</Link> /
      </p>
      <h1>RAID log</h1>
      <p className="muted">
        Risks, assumptions, issues, dependencies, actions and decisions. {overdueRule} {overdueCount > 0 && <strong>{overdueCount} overdue.</strong>}{' '}
        <a href={href('/projects/:projectId/raid.csv', { projectId })} download>
          Export as CSV
        </a>
      </p>
      <ActionMessage result={actionData} />
      <ProblemList problems={problems} />
      <DataTable
        caption={`RAID log of ${project.name}`}
        rows={items}
        columns={columns}
        rowKey={(i) => String(i.id)}
        empty={write ? 'The log is empty: log the first risk, assumption, issue, dependency, action or decision below.' : 'The log is empty.'}
        initialSort={[{ id: 'key', desc: false }]}
      />

      {write && choices && (
        <>
          <Folded summary="Log an item…" refused={Object.keys(errors).length > 0 || problems.length > 0}>
            <Form method="post" className="card form" noValidate>
              <h2>Log an item</h2>
              <input type="hidden" name="intent" value="log" />
              <div className={`field${errors.type ? ' has-error' : ''}`}>
                <label htmlFor="raid-type">Type</label>
                <select id="raid-type" name="type" value={type} onChange={(e) => setType(e.target.value)}>
                  <option value="">Choose…</option>
                  {raidTypeOptions.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
                {errors.type && <p className="field-error">Choose the type of item.</p>}
              </div>
              <RaidFields type={type} values={sent ? sentValues(sent) : {}} errors={errors} owners={choices.owners} firms={choices.firms} idPrefix="log" />
              <button type="submit" className="primary" disabled={busy}>
                Log the item
              </button>
            </Form>
          </Folded>
          <Folded summary="Import from CSV…" refused={Object.keys(errors).length > 0 || problems.length > 0}>
            <Form method="post" encType="multipart/form-data" className="card form">
              <h2>Import from CSV</h2>
              <input type="hidden" name="intent" value="import" />
              <p>
                Columns: <code>{raidImportColumns.join(',')}</code> (type and title are required; the owner by email, the firm by name; other columns, like the
                export’s key and status, are ignored). Every row is checked first: if any is wrong, nothing is imported and every problem is listed with its
                line. One import takes {raidImportLimits}.
              </p>
              <div className="field">
                <label htmlFor="raid-file">CSV file</label>
                <input id="raid-file" name="file" type="file" accept=".csv,text/csv" />
              </div>
              <div className="field">
                <label htmlFor="raid-csv">…or paste the CSV</label>
                <textarea id="raid-csv" name="csv" rows={5} />
              </div>
              <button type="submit" disabled={busy}>
                Check and import
              </button>
            </Form>
          </Folded>
        </>
      )}
    </>
  );
}
