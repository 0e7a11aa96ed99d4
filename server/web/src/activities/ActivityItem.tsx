import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../../core/src/api-client';
import { api } from '../api/client';
import type { ActivityGroupKey } from '../dashboard/activity-groups';
import { formatDay } from '../ui/format';
import { ErrorNotice } from '../ui/states';

/**
 * One planned activity: kind, summary, due day, *mark done* and, unless `reschedulable` is off, a new due day.
 * Inside the dashboard's coloured `group` the item takes its colour from the group; elsewhere it carries its own
 * colour state (overdue red, today orange, planned green).
 */
export function ActivityItem({
  activity,
  link,
  group,
  reschedulable = true,
}: {
  activity: Activity;
  link?: ReactNode;
  group?: ActivityGroupKey;
  reschedulable?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [day, setDay] = useState(activity.dueDate ?? '');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['activities'] });
  const done = useMutation({ mutationFn: () => api.markActivityDone(activity.id), onSuccess: refresh });
  const reschedule = useMutation({
    mutationFn: () => api.updateActivity(activity.id, { dueDate: day || null }),
    onSuccess: refresh,
  });
  const colour = activity.state === 'planned' ? 'upcoming' : activity.state;
  const marks = group
    ? { className: 'activity', 'data-group': group }
    : { className: `activity activity-${colour}`, 'data-state': activity.state };
  return (
    <li {...marks} data-activity-id={activity.id}>
      <span className="activity-kind">{t(`activityKinds.${activity.kind}`)}</span>
      <span className="activity-summary">{activity.summary}</span>
      {link}
      <span className="activity-due">
        {activity.dueDate ? formatDay(activity.dueDate, i18n.language) : t('dashboard.noDueDate')}
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
      {reschedulable ? (
        <span className="reschedule">
          <label htmlFor={`due-${activity.id}`} className="visually-hidden">
            {t('activities.newDueDate', { summary: activity.summary })}
          </label>
          <input id={`due-${activity.id}`} type="date" value={day} onChange={(event) => setDay(event.target.value)} />
          <button
            type="button"
            onClick={() => reschedule.mutate()}
            disabled={reschedule.isPending || day === (activity.dueDate ?? '')}
          >
            {t('activities.reschedule')}
          </button>
        </span>
      ) : null}
      <ErrorNotice error={done.error ?? reschedule.error} />
    </li>
  );
}
