import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RecentTraceEntry } from '../../../../core/src/api-client';
import { usersQuery } from '../api/reference-data';
import { TraceText } from '../chatter/TraceText';
import { formatDateTime } from '../ui/format';
import { Empty, ErrorMessage, Loading } from '../ui/states';
import { recentHistoryQuery } from './queries';

/** What happened lately on my leads, opportunities and partners (GET /history/recent), newest first. */
export function RecentHistoryPanel() {
  const { t, i18n } = useTranslation();
  const query = useQuery(recentHistoryQuery);
  const users = useQuery(usersQuery);
  const who = (entry: RecentTraceEntry) => users.data?.find((user) => user.id === entry.userId)?.name;
  return (
    <section className="panel" aria-labelledby="recent-title">
      <h2 id="recent-title">{t('dashboard.recent')}</h2>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && query.data.length === 0 ? <Empty>{t('dashboard.noRecent')}</Empty> : null}
      <ol className="chatter-list recent-history">
        {query.data?.map((entry) => (
          <li key={entry.id} className="chatter-entry" data-trace-id={entry.id}>
            <Link
              to={entry.recordType === 'partner' ? `/partners/${entry.recordId}` : `/opportunities/${entry.recordId}`}
            >
              {entry.recordName ?? `#${entry.recordId}`}
            </Link>
            <p className="trace">
              <TraceText trace={entry} /> ·{' '}
              <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, i18n.language)}</time>
              {who(entry) ? ` · ${who(entry)}` : ''}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
