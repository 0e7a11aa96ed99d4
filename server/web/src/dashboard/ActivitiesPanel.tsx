import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useUser } from '../session/session';
import { ActivityGroups } from '../activities/ActivityGroups';
import { ActivityItem } from '../activities/ActivityItem';
import { Empty, ErrorMessage, Loading } from '../ui/states';

/** The dashboard shows up to this many open activities; a longer agenda belongs on the activities page. */
const LIMIT = 200;

export function ActivitiesPanel() {
  const { t } = useTranslation();
  const user = useUser();
  const query = useQuery({
    queryKey: ['activities', 'mine', user.id],
    queryFn: () => api.listActivities({ assignedUserId: user.id, status: 'open', limit: LIMIT }),
  });

  return (
    <section className="panel" aria-labelledby="activities-title">
      <h2 id="activities-title">{t('dashboard.activities')}</h2>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && query.data.items.length === 0 ? <Empty>{t('dashboard.noActivities')}</Empty> : null}
      {query.isSuccess && query.data.items.length > 0 ? (
        <ActivityGroups
          activities={query.data.items}
          heading="h3"
          idPrefix="group"
          item={(activity, group) => (
            <ActivityItem key={activity.id} activity={activity} group={group} reschedulable={false} />
          )}
        />
      ) : null}
    </section>
  );
}
