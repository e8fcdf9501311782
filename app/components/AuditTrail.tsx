import { type Column, DataTable } from '~/app/components/DataTable';
import { isoDateProps } from '~/app/components/Field';
import { FilterForm, useSearchUpdate } from '~/app/components/FilterForm';

/** One audit row as the audit pages show it (workflows/audit-view auditRowsForPeople). */
export type AuditRow = {
  id: number;
  at: string;
  actor: string;
  project: string | null;
  projectId: number | null;
  action: string;
  subject: string;
  link: string | null;
  transition: string;
  detail: string;
};
export type AuditOption = { value: string; label: string };
export type AuditFilterValues = {
  actor?: string;
  action?: string;
  subjectType?: string;
  projectId?: number;
  from?: string;
  to?: string;
  oldestFirst: boolean;
};

const when = (at: string) => `${at.slice(0, 16).replace('T', ' ')}`;

function columnsFor(showProject: boolean): Column<AuditRow>[] {
  return [
    { id: 'id', header: '#', value: (r) => r.id, numeric: true, hiddenByDefault: true },
    { id: 'at', header: 'When (UTC)', value: (r) => r.at, cell: (r) => <time dateTime={r.at}>{when(r.at)}</time> },
    ...(showProject ? [{ id: 'project', header: 'Project', value: (r: AuditRow) => r.project ?? '—' }] : []),
    { id: 'actor', header: 'Who', value: (r) => r.actor },
    { id: 'action', header: 'What', value: (r) => r.action },
    { id: 'subject', header: 'About', value: (r) => r.subject, link: (r) => r.link },
    { id: 'transition', header: 'State', value: (r) => r.transition },
    { id: 'detail', header: 'Detail', value: (r) => r.detail },
  ];
}

/**
 * An audit trail (a project's, or the whole portal's for an administrator): one bar of filters that
 * apply as they are chosen (FilterForm: typed names and dates after a pause), then one page of rows, newest first, each naming what
 * it is about with a link to it.
 */
export function AuditTrail(props: {
  caption: string;
  rows: AuditRow[];
  paging: { total: number; page: number; pageSize: number };
  filter: AuditFilterValues;
  actions: AuditOption[];
  kinds: AuditOption[];
  projects?: AuditOption[];
  clearHref: string;
}) {
  const { filter, paging } = props;
  const go = useSearchUpdate();
  return (
    <>
      <FilterForm label="Audit filters" clear={props.clearHref}>
        {props.projects && (
          <label>
            Project
            <select name="project" defaultValue={filter.projectId ?? ''}>
              <option value="">Any project</option>
              {props.projects.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Who
          <input type="search" name="actor" defaultValue={filter.actor ?? ''} placeholder="Name contains" />
        </label>
        <label>
          What
          <select name="action" defaultValue={filter.action ?? ''}>
            <option value="">Any action</option>
            {props.actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          About
          <select name="kind" defaultValue={filter.subjectType ?? ''}>
            <option value="">Any kind of item</option>
            {props.kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input {...isoDateProps} name="from" defaultValue={filter.from ?? ''} />
        </label>
        <label>
          To
          <input {...isoDateProps} name="to" defaultValue={filter.to ?? ''} />
        </label>
        {filter.oldestFirst && <input type="hidden" name="order" value="oldest" />}
      </FilterForm>
      <DataTable
        caption={props.caption}
        rows={props.rows}
        columns={columnsFor(!!props.projects)}
        rowKey={(r) => String(r.id)}
        empty="No audit entries match these filters."
        server={{
          total: paging.total,
          page: paging.page,
          pageSize: paging.pageSize,
          sort: { id: 'at', desc: !filter.oldestFirst },
          // Only time orders an audit trail: any other column keeps it newest first.
          onSort: (id) => go({ order: (id === 'at' || id === 'id') && !filter.oldestFirst ? 'oldest' : null, page: null }),
          onPage: (page) => go({ page: String(page) }),
        }}
      />
    </>
  );
}
