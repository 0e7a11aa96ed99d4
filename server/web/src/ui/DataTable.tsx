import {
  ColumnDef,
  flexRender,
  getCoreRowModel,
  getExpandedRowModel,
  getGroupedRowModel,
  OnChangeFn,
  SortingState,
  useReactTable,
  VisibilityState,
} from '@tanstack/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toCsv } from './csv';

/**
 * A list view on TanStack Table: sorting (by the server, across all pages: `sorting` is the API's sort), grouping of
 * the loaded rows by a column, a choice of columns, and CSV export of what is shown. Column ids are their i18n keys'
 * last part; `meta.csv` gives a column's plain value for the export.
 */
declare module '@tanstack/react-table' {
  interface ColumnMeta<TData, TValue> {
    /** The cell's value in the CSV file (the rendered cell may be a link or a formatted amount). */
    csv?: (row: TData) => unknown;
    /** May the list be grouped by this column? */
    groupable?: boolean;
    /** Marker only, keeps the type parameters used. */
    unused?: [TData, TValue];
  }
}

export interface DataTableProps<T> {
  id: string;
  label: string;
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's columns differ in their value type
  columns: ColumnDef<T, any>[];
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  /** Column ids the server can sort by. */
  sortable: readonly string[];
  csvName: string;
  rowKey(row: T): string;
}

export function DataTable<T>({
  id,
  label,
  data,
  columns,
  sorting,
  onSortingChange,
  sortable,
  csvName,
  rowKey,
}: DataTableProps<T>) {
  const { t } = useTranslation();
  const [grouping, setGrouping] = useState<string[]>([]);
  const [visibility, setVisibility] = useState<VisibilityState>({});
  const table = useReactTable({
    data,
    columns,
    // Groups stay expanded: the grouping orders and heads the rows, it does not hide them.
    state: { sorting, grouping, columnVisibility: visibility, expanded: true },
    manualSorting: true,
    // The columns keep their places when grouped (the group heads say the value), in the table and in the CSV.
    groupedColumnMode: false,
    enableSortingRemoval: false,
    onSortingChange,
    onGroupingChange: setGrouping,
    onColumnVisibilityChange: setVisibility,
    getCoreRowModel: getCoreRowModel(),
    getGroupedRowModel: getGroupedRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
    getRowId: rowKey,
  });

  const exportCsv = () => {
    const shown = table.getVisibleLeafColumns();
    const rows = table
      .getCoreRowModel()
      .rows.map((row) => shown.map((column) => column.columnDef.meta?.csv?.(row.original) ?? row.getValue(column.id)));
    const header = shown.map((column) => String(column.columnDef.header));
    const blob = new Blob(['\ufeff', toCsv(header, rows)], { type: 'text/csv;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = csvName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };
  const groupable = table.getAllLeafColumns().filter((column) => column.columnDef.meta?.groupable);

  return (
    <div className="data-table">
      <div className="table-tools">
        <label htmlFor={`${id}-group`}>{t('table.groupBy')}</label>
        <select
          id={`${id}-group`}
          value={grouping[0] ?? ''}
          onChange={(event) => setGrouping(event.target.value ? [event.target.value] : [])}
        >
          <option value="">{t('table.noGrouping')}</option>
          {groupable.map((column) => (
            <option key={column.id} value={column.id}>
              {String(column.columnDef.header)}
            </option>
          ))}
        </select>
        <details className="column-choice">
          <summary>{t('table.columns')}</summary>
          <fieldset>
            <legend className="visually-hidden">{t('table.columns')}</legend>
            {table.getAllLeafColumns().map((column) => (
              <label key={column.id}>
                <input
                  type="checkbox"
                  name={`${id}-column-${column.id}`}
                  checked={column.getIsVisible()}
                  disabled={!column.getCanHide()}
                  onChange={column.getToggleVisibilityHandler()}
                />
                {String(column.columnDef.header)}
              </label>
            ))}
          </fieldset>
        </details>
        <button type="button" onClick={exportCsv}>
          {t('table.exportCsv')}
        </button>
      </div>
      <table className="list-table" id={id} aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = sorting.find((entry) => entry.id === header.column.id);
                const ariaSort = sorted ? (sorted.desc ? 'descending' : 'ascending') : undefined;
                const title = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th key={header.id} scope="col" aria-sort={ariaSort} data-column={header.column.id}>
                    {sortable.includes(header.column.id) ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => onSortingChange([{ id: header.column.id, desc: sorted ? !sorted.desc : false }])}
                      >
                        {title}
                        <span aria-hidden="true">{sorted ? (sorted.desc ? ' ▼' : ' ▲') : ''}</span>
                      </button>
                    ) : (
                      title
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) =>
            row.getIsGrouped() ? (
              <tr key={row.id} className="group-row">
                <th scope="rowgroup" colSpan={row.getVisibleCells().length}>
                  {String(
                    row.getGroupingValue(row.groupingColumnId!) === null ||
                      row.getGroupingValue(row.groupingColumnId!) === undefined
                      ? '—'
                      : (table.getColumn(row.groupingColumnId!)?.columnDef.meta?.csv?.(row.subRows[0].original) ??
                          row.getGroupingValue(row.groupingColumnId!)),
                  )}{' '}
                  <span className="count">({row.subRows.length})</span>
                </th>
              </tr>
            ) : (
              <tr key={row.id} data-row-id={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} data-column={cell.column.id}>
                    {cell.getIsPlaceholder() || cell.getIsAggregated()
                      ? null
                      : flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
