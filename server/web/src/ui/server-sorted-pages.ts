import { QueryKey, useInfiniteQuery } from '@tanstack/react-query';
import { SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';

/** Rows per request; "load more" fetches the next page (the server sorts, so every page continues the order). */
const PAGE_SIZE = 100;

/** What a list view asks the API for one page: its sort (GET …?sort=&order=), a page size and the cursor. */
export interface PageRequest {
  sort: string;
  order: 'asc' | 'desc';
  limit: number;
  cursor: string | undefined;
}

/**
 * A list view's rows, sorted by the server and loaded page by page: the table's sorting state is the API's sort,
 * so a new sort starts again at the first page (it is part of the query key) and "load more" continues its order.
 */
export function useServerSortedPages<Row>({
  queryKey,
  initialSort,
  fetchPage,
}: {
  queryKey: QueryKey;
  initialSort: SortingState[number];
  fetchPage(request: PageRequest): Promise<{ items: Row[]; nextCursor?: string | null }>;
}) {
  const [sorting, setSorting] = useState<SortingState>([initialSort]);
  const sort = sorting[0] ?? initialSort;
  const query = useInfiniteQuery({
    queryKey: [...queryKey, sort],
    queryFn: ({ pageParam }) =>
      fetchPage({ sort: sort.id, order: sort.desc ? 'desc' : 'asc', limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  return { query, rows, sorting, setSorting };
}
