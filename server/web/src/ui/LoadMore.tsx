import { useTranslation } from 'react-i18next';

/** "Load more" under a list loaded page by page; shown only while the server has a next page. */
export function LoadMore({
  query,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage(): Promise<unknown> };
}) {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
      {t('pipeline.loadMore')}
    </button>
  );
}
