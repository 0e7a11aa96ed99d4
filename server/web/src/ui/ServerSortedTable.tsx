import { DataTable, DataTableProps } from './DataTable';
import { LoadMore } from './LoadMore';
import { useServerSortedPages } from './server-sorted-pages';
import { Empty, ErrorMessage, Loading } from './states';

/**
 * A list view's rows from `useServerSortedPages` with their states: loading, the error (with retry), `empty` when
 * the server found nothing, else the table (sorted by the server) and "load more" while there is a next page.
 */
export function ServerSortedTable<Row>({
  list,
  empty,
  ...table
}: { list: ReturnType<typeof useServerSortedPages<Row>>; empty: string } & Omit<
  DataTableProps<Row>,
  'data' | 'sorting' | 'onSortingChange'
>) {
  const { query, rows, sorting, setSorting } = list;
  return (
    <>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && rows.length === 0 ? <Empty>{empty}</Empty> : null}
      {rows.length > 0 ? <DataTable {...table} data={rows} sorting={sorting} onSortingChange={setSorting} /> : null}
      <LoadMore query={query} />
    </>
  );
}
