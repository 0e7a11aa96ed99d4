import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CallSuggestion } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { formatDateTime } from '../ui/format';
import { callSuggestionsQuery } from './queries';
import { Empty, ErrorMessage, ErrorNotice, Loading } from '../ui/states';

/**
 * Whom to call today (the small-business CRM's call suggestions): callbacks due or overdue, and partners whose
 * contact rhythm has lapsed, with the last contact and the contact count. "Called" logs the call, which settles
 * the suggestion (the server moves last contact and clears a due callback).
 */
export function CallsPanel() {
  const { t } = useTranslation();
  const query = useQuery(callSuggestionsQuery);
  return (
    <section className="panel" aria-labelledby="calls-title">
      <h2 id="calls-title">{t('calls.title')}</h2>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && query.data.length === 0 ? <Empty>{t('calls.empty')}</Empty> : null}
      {query.isSuccess && query.data.length > 0 ? (
        <ul className="activity-list calls">
          {query.data.map((suggestion) => (
            <CallItem key={suggestion.partner.id} suggestion={suggestion} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function CallItem({ suggestion }: { suggestion: CallSuggestion }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const { partner, reason } = suggestion;
  const called = useMutation({
    mutationFn: () => api.logContact(partner.id, { channel: 'call' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners'] }),
  });
  const group = reason === 'callback_overdue' ? 'overdue' : reason === 'callback_today' ? 'today' : 'upcoming';
  return (
    <li className={`activity activity-${group}`} data-partner-id={partner.id} data-reason={reason}>
      <Link to={`/partners/${partner.id}`}>{partner.name}</Link>
      <span>
        {suggestion.callbackAt
          ? t(`calls.reasons.${reason}`, { at: formatDateTime(suggestion.callbackAt, i18n.language) })
          : t(`calls.reasons.${reason}`, { days: partner.contactFrequencyDays ?? '' })}
      </span>
      <span className="activity-due">
        {t('calls.figures', {
          last: partner.lastContactAt ? formatDateTime(partner.lastContactAt, i18n.language) : t('partners.never'),
          count: partner.contactCount,
        })}
      </span>
      {partner.phones[0] ? <a href={`tel:${partner.phones[0].number}`}>{partner.phones[0].number}</a> : null}
      <button
        type="button"
        onClick={() => called.mutate()}
        disabled={called.isPending}
        aria-label={t('calls.calledLabel', { name: partner.name })}
      >
        {t('calls.called')}
      </button>
      <ErrorNotice error={called.error} />
    </li>
  );
}
