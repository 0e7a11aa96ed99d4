import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { useUser } from '../session/session';
import { formatDay } from '../ui/format';
import { Empty, ErrorMessage, Loading, useErrorMessage } from '../ui/states';
import { ACTIVITY_GROUPS, ActivityGroupKey, groupActivities } from './activity-groups';

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
      {query.isSuccess && query.data.items.length > 0 ? <ActivityGroups activities={query.data.items} /> : null}
    </section>
  );
}

function ActivityGroups({ activities }: { activities: Activity[] }) {
  const { t } = useTranslation();
  const groups = groupActivities(activities);
  return (
    <>
      {ACTIVITY_GROUPS.map((key) => (
        <section key={key} className={`activity-group activity-${key}`} aria-labelledby={`group-${key}`}>
          <h3 id={`group-${key}`}>
            {t(`dashboard.${key}`)} <span className="count">({groups[key].length})</span>
          </h3>
          {groups[key].length === 0 ? (
            <p className="group-empty">{t('dashboard.groupEmpty')}</p>
          ) : (
            <ul className="activity-list" data-group={key}>
              {groups[key].map((activity) => (
                <ActivityItem key={activity.id} activity={activity} group={key} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

function ActivityItem({ activity, group }: { activity: Activity; group: ActivityGroupKey }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const messageOf = useErrorMessage();
  const done = useMutation({
    mutationFn: () => api.markActivityDone(activity.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['activities'] }),
  });
  const due = activity.dueDate ? formatDay(activity.dueDate, i18n.language) : t('dashboard.noDueDate');
  return (
    <li className="activity" data-activity-id={activity.id} data-group={group}>
      <span className="activity-kind">{t(`activityKinds.${activity.kind}`)}</span>
      <span className="activity-summary">{activity.summary}</span>
      <span className="activity-due">
        {due}
        {activity.dueTime ? ` ${activity.dueTime}` : ''}
      </span>
      <button
        type="button"
        onClick={() => done.mutate()}
        disabled={done.isPending}
        aria-label={t('dashboard.markDoneLabel', { summary: activity.summary })}
      >
        {t('dashboard.markDone')}
      </button>
      {done.isError ? (
        <p className="notice notice-error" role="alert">
          {messageOf(done.error)}
        </p>
      ) : null}
    </li>
  );
}
