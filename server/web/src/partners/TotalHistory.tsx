import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartnerHistoryItem, TraceEntry } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { EmailFrame } from '../chatter/EmailFrame';
import { TraceText } from '../chatter/TraceText';
import { formatDateTime } from '../ui/format';
import { Empty, ErrorMessage, Loading } from '../ui/states';
import { totalHistoryQuery } from './queries';

const KINDS = ['message', 'activity', 'event', 'document', 'trace'] as const;
type Kind = (typeof KINDS)[number];

/**
 * The partner's total history (GET /partners/:id/history): e-mails and notes, calls and meetings, calendar events,
 * documents and changes of the partner and its leads, in one chronological list, newest first, 50 at a time, with
 * a filter by kind. An e-mail's body opens on demand, in the same sandboxed frame as in the chatter.
 */
export function TotalHistory({ partnerId }: { partnerId: number }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<Set<Kind>>(new Set(KINDS));
  const query = useInfiniteQuery(totalHistoryQuery(partnerId));
  const items = (query.data?.pages.flatMap((page) => page.items) ?? []).filter((item) => shown.has(item.kind));
  const toggle = (kind: Kind) =>
    setShown((current) => {
      const next = new Set(current);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });
  return (
    <div className="total-history">
      <fieldset className="history-filter">
        <legend>{t('history.filter')}</legend>
        {KINDS.map((kind) => (
          <label key={kind}>
            <input type="checkbox" name={`history-${kind}`} checked={shown.has(kind)} onChange={() => toggle(kind)} />
            {t(`history.kinds.${kind}`)}
          </label>
        ))}
      </fieldset>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && items.length === 0 ? <Empty>{t('history.empty')}</Empty> : null}
      <ol className="chatter-list">
        {items.map((item) => (
          <li
            key={`${item.kind}-${item.id}`}
            className={`chatter-entry history-${item.kind}`}
            data-kind={item.kind}
            data-id={item.id}
          >
            <HistoryEntry item={item} />
          </li>
        ))}
      </ol>
      {query.hasNextPage ? (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {t('pipeline.loadMore')}
        </button>
      ) : null}
    </div>
  );
}

function HistoryEntry({ item }: { item: PartnerHistoryItem }) {
  const { t, i18n } = useTranslation();
  const when = <time dateTime={item.at}>{formatDateTime(item.at, i18n.language)}</time>;
  const label =
    item.kind === 'message' && item.messageKind === 'note' ? t('history.note') : t(`history.kinds.${item.kind}`);
  if (item.kind === 'trace') {
    const trace = {
      action: String(item.action),
      changes: (item.changes ?? {}) as Record<string, unknown>,
    } as TraceEntry;
    return (
      <p className="trace">
        <TraceText trace={trace} /> · {when}
      </p>
    );
  }
  return (
    <>
      <p className="entry-meta">
        {label} · {when}
        {item.kind === 'activity' && item.status ? ` · ${t(`history.status.${String(item.status)}`)}` : ''}
      </p>
      {item.kind === 'document' ? (
        <a href={api.documentContentUrl(item.id)} download={item.summary}>
          {t('chatter.download', { name: item.summary })}
        </a>
      ) : (
        <p className="history-summary">{item.summary}</p>
      )}
      {item.kind === 'message' && item.messageKind === 'email' ? (
        <details>
          <summary>{t('history.showEmail')}</summary>
          <EmailFrame messageId={item.id} subject={item.summary} />
        </details>
      ) : null}
    </>
  );
}
