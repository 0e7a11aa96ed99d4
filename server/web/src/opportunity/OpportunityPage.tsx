import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { formatDay, formatMoney } from '../ui/format';
import { ErrorMessage, Loading, NotFound } from '../ui/states';

/**
 * An opportunity's main figures. The access policy answers 404 for a record the user may not see (an *own records*
 * user and a colleague's opportunity), the same as for one that does not exist: the page says "not found".
 * The full form (all fields, stage bar, activities, chatter) follows in issue #12's next steps.
 */
export function OpportunityPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const lead = useQuery({ queryKey: ['leads', 'one', id], queryFn: () => api.getLead(id), enabled: valid });
  const stages = useQuery({ queryKey: ['stages'], queryFn: () => api.listStages() });

  if (!valid) return <NotFound />;
  if (lead.isPending) return <Loading />;
  if (lead.isError) return <ErrorMessage error={lead.error} onRetry={() => void lead.refetch()} />;
  const data = lead.data;
  const stage = stages.data?.find((s) => s.id === data.stageId);
  return (
    <article className="record">
      <p>
        <Link to="/pipeline">{t('opportunity.back')}</Link>
      </p>
      <h1>{data.name}</h1>
      <dl className="record-fields">
        <dt>{t('opportunity.stage')}</dt>
        <dd>{stage?.name ?? '—'}</dd>
        <dt>{t('opportunity.state')}</dt>
        <dd>{t(`opportunity.states.${data.state}`)}</dd>
        <dt>{t('opportunity.expected')}</dt>
        <dd>{formatMoney(data.expectedRevenue, data.currency, i18n.language)}</dd>
        <dt>{t('opportunity.probability')}</dt>
        <dd>{t('pipeline.probability', { value: data.probability })}</dd>
        <dt>{t('opportunity.closing')}</dt>
        <dd>{data.expectedClosing ? formatDay(data.expectedClosing, i18n.language) : '—'}</dd>
      </dl>
    </article>
  );
}
