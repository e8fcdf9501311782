import {
  type ColumnDef,
  type ColumnFiltersState,
  type ColumnVisibilityState,
  columnFilteringFeature,
  columnVisibilityFeature,
  createFilteredRowModel,
  createPaginatedRowModel,
  createSortedRowModel,
  filterFn_equalsString,
  filterFn_includesString,
  globalFilteringFeature,
  type PaginationState,
  type RowData,
  rowPaginationFeature,
  rowSortingFeature,
  type SortingState,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { type MouseEvent, type ReactNode, useId, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

/** The one grid of the portal: sorting, free-text search, per-column filters, column choice, pages. */
const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
  columnFilteringFeature,
  globalFilteringFeature,
  filteredRowModel: createFilteredRowModel(),
  filterFns: { includesString: filterFn_includesString, equalsString: filterFn_equalsString },
  rowPaginationFeature,
  paginatedRowModel: createPaginatedRowModel(),
  columnVisibilityFeature,
});

export type Column<T extends RowData> = {
  id: string;
  header: string;
  /** The value sorted, filtered and searched on (and exported). */
  value: (row: T) => string | number | null;
  /** How the cell looks; defaults to the value. */
  cell?: (row: T) => ReactNode;
  /** Where the cell links to: the row's own page (the key or name column); null: this row's cell is not a link. */
  link?: (row: T) => string | null;
  /** 'select' offers the column's distinct values as a filter. */
  filter?: 'select';
  /** The select filter's choices when every value should be offered, even one no row has today ("stale"). */
  filterOptions?: readonly string[];
  numeric?: boolean;
  /** Keys, dates and amounts: read as one token, so never broken across lines ("REQ-/001"). */
  nowrap?: boolean;
  hiddenByDefault?: boolean;
};

export type ServerPaging = {
  total: number;
  page: number;
  pageSize: number;
  sort: { id: string; desc: boolean } | null;
  onSort: (columnId: string) => void;
  onPage: (page: number) => void;
};

export function DataTable<T extends RowData>(props: {
  caption: string;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  empty: ReactNode;
  pageSize?: number;
  initialSort?: SortingState;
  /** Server mode: the rows are one page already filtered and sorted by the server (large registers). */
  server?: ServerPaging;
}) {
  const server = props.server;
  const searchId = useId();
  const [sorting, setSorting] = useState<SortingState>(props.initialSort ?? []);
  const [globalFilter, setGlobalFilter] = useState('');
  const [params] = useSearchParams();
  // A link may open the list filtered (`?state=Open&severity=1`): a select filter named by its column id.
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>(() =>
    server ? [] : props.columns.filter((c) => c.filter === 'select' && params.get(c.id)).map((c) => ({ id: c.id, value: params.get(c.id) })),
  );
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(() =>
    Object.fromEntries(props.columns.filter((c) => c.hiddenByDefault).map((c) => [c.id, false])),
  );
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: props.pageSize ?? 25 });

  const columns = useMemo(
    () =>
      props.columns.map(
        (c): ColumnDef<typeof features, T, unknown> => ({
          id: c.id,
          header: c.header,
          accessorFn: (row: T) => c.value(row) ?? '',
          sortFn: c.numeric ? 'basic' : 'alphanumeric',
          filterFn: c.filter === 'select' ? 'equalsString' : 'includesString',
        }),
      ),
    [props.columns],
  );
  const options = useMemo(
    () =>
      Object.fromEntries(
        props.columns
          .filter((c) => c.filter === 'select')
          .map((c) => [c.id, c.filterOptions ?? [...new Set(props.rows.map((r) => String(c.value(r) ?? '')))].filter(Boolean).sort()]),
      ),
    [props.columns, props.rows],
  );

  const table = useTable({
    features,
    columns,
    data: props.rows,
    getRowId: (row: T) => props.rowKey(row),
    globalFilterFn: 'includesString',
    manualSorting: !!server,
    manualFiltering: !!server,
    manualPagination: !!server,
    rowCount: server?.total,
    state: {
      sorting: server ? (server.sort ? [server.sort] : []) : sorting,
      globalFilter,
      columnFilters,
      columnVisibility,
      pagination: server ? { pageIndex: server.page - 1, pageSize: server.pageSize } : pagination,
    },
    onSortingChange: setSorting,
    onGlobalFilterChange: setGlobalFilter,
    onColumnFiltersChange: setColumnFilters,
    onColumnVisibilityChange: setColumnVisibility,
    onPaginationChange: setPagination,
  });

  const navigate = useNavigate();
  // A grid's links are plain anchors with one handler for the whole body: a Link per row cost a twentieth
  // of a register page's server time, and a plain anchor still opens in a new tab as people expect.
  const navigateInPage = (e: MouseEvent<HTMLElement>) => {
    const a = (e.target as HTMLElement).closest('a');
    const href = a?.getAttribute('href');
    if (!a || !href?.startsWith('/') || a.target || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.defaultPrevented) return;
    e.preventDefault();
    navigate(href);
  };
  const rows = table.getRowModel().rows;
  // Cells are drawn from the portal's own column definitions: TanStack decides which rows, in what
  // order, and which columns show; a TanStack cell object and FlexRender per cell cost a fifth of the
  // register page's server time and add nothing a plain call does not.
  const visible = table.getVisibleLeafColumns().flatMap((col) => props.columns.filter((c) => c.id === col.id));
  const total = server ? server.total : props.rows.length;
  const matching = server ? server.total : table.getFilteredRowModel().rows.length;
  const pageCount = server ? Math.max(Math.ceil(server.total / server.pageSize), 1) : Math.max(table.getPageCount(), 1);
  const pageIndex = server ? server.page - 1 : pagination.pageIndex;

  return (
    <div className="datatable">
      <div className="datatable-tools">
        {!server && (
          <label htmlFor={searchId}>
            Search
            <input id={searchId} type="search" value={globalFilter} onChange={(e) => setGlobalFilter(e.target.value)} placeholder="Type to filter rows" />
          </label>
        )}
        {!server &&
          props.columns
            .filter((c) => c.filter === 'select')
            .map((c) => (
              <label key={c.id}>
                {c.header}
                <select
                  // named by the column alone: a select inside its label would be named by its chosen option too
                  aria-label={c.header}
                  value={String(table.getColumn(c.id)?.getFilterValue() ?? '')}
                  onChange={(e) => table.getColumn(c.id)?.setFilterValue(e.target.value || undefined)}
                >
                  <option value="">All</option>
                  {options[c.id]?.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              </label>
            ))}
        <details className="column-choice">
          <summary>Columns</summary>
          {table.getAllLeafColumns().map((column) => (
            <label key={column.id} className="checkbox">
              <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />
              {String(column.columnDef.header)}
            </label>
          ))}
        </details>
      </div>
      <table>
        <caption>
          {props.caption} <span className="muted">({server || matching === total ? matching : `${matching} of ${total}`})</span>
        </caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th key={header.id} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                    <button type="button" className="sort" onClick={server ? () => server.onSort(header.column.id) : header.column.getToggleSortingHandler()}>
                      <table.FlexRender header={header} />
                      <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: only links' clicks are handled, and Enter on a focused link is a click */}
        <tbody onClick={navigateInPage}>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={table.getVisibleLeafColumns().length} className="empty">
                {server || props.rows.length === 0 ? props.empty : 'No rows match the search and filters.'}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id}>
                {visible.map((c) => {
                  const shown = c.cell ? c.cell(row.original) : String(c.value(row.original) ?? '');
                  const to = c.link?.(row.original);
                  return (
                    <td key={c.id} className={c.nowrap ? 'nowrap' : undefined}>
                      {to ? <a href={to}>{shown}</a> : shown}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {pageCount > 1 && (
        <nav className="pager" aria-label={`${props.caption} pages`}>
          <button type="button" onClick={() => (server ? server.onPage(server.page - 1) : table.previousPage())} disabled={pageIndex === 0}>
            Previous
          </button>
          <span>
            Page {pageIndex + 1} of {pageCount}
          </span>
          <button type="button" onClick={() => (server ? server.onPage(server.page + 1) : table.nextPage())} disabled={pageIndex + 1 >= pageCount}>
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
