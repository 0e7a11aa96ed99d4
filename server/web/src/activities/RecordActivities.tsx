import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../../core/src/api-client';
import { api } from '../api/client';
import type { RecordRef } from '../chatter/Chatter';
import { useUser } from '../session/session';
import { formatDay } from '../ui/format';
import { Empty, ErrorMessage, Loading, useErrorMessage } from '../ui/states';

const KINDS: Activity['kind'][] = ['call', 'meeting', 'task', 'email'];

/** The record's planned activities with their colour state, mark done, reschedule, and "schedule an activity". */
export function RecordActivities({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['activities', 'record', record],
    queryFn: () => api.listActivities({ ...record, status: 'open', limit: 100 }),
  });
  return (
    <section className="panel" aria-labelledby="record-activities-title">
      <h2 id="record-activities-title">{t('activities.planned')}</h2>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && query.data.items.length === 0 ? <Empty>{t('activities.noneOnRecord')}</Empty> : null}
      {query.isSuccess && query.data.items.length > 0 ? (
        <ul className="activity-list">
          {query.data.items.map((activity) => (
            <ActivityRow key={activity.id} activity={activity} />
          ))}
        </ul>
      ) : null}
      <ScheduleForm record={record} />
    </section>
  );
}

/** One planned activity: its colour state (overdue red, today orange, planned green), mark done, reschedule. */
export function ActivityRow({ activity, link }: { activity: Activity; link?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const messageOf = useErrorMessage();
  const [day, setDay] = useState(activity.dueDate ?? '');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['activities'] });
  const done = useMutation({ mutationFn: () => api.markActivityDone(activity.id), onSuccess: refresh });
  const reschedule = useMutation({
    mutationFn: () => api.updateActivity(activity.id, { dueDate: day || null }),
    onSuccess: refresh,
  });
  const group = activity.state === 'planned' ? 'upcoming' : activity.state;
  const failed = done.error ?? reschedule.error;
  return (
    <li className={`activity activity-${group}`} data-activity-id={activity.id} data-state={activity.state}>
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
      {failed ? (
        <p className="notice notice-error" role="alert">
          {messageOf(failed)}
        </p>
      ) : null}
    </li>
  );
}

function ScheduleForm({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const messageOf = useErrorMessage();
  const [kind, setKind] = useState<Activity['kind']>('call');
  const [summary, setSummary] = useState('');
  const [dueDate, setDueDate] = useState('');
  const schedule = useMutation({
    mutationFn: () =>
      api.createActivity({
        kind,
        summary: summary.trim(),
        dueDate: dueDate || null,
        assignedUserId: user.id,
        ...record,
      }),
    onSuccess: async () => {
      setSummary('');
      setDueDate('');
      await queryClient.invalidateQueries({ queryKey: ['activities'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    schedule.mutate();
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-labelledby="schedule-title">
      <h3 id="schedule-title">{t('activities.schedule')}</h3>
      <label htmlFor="schedule-kind">{t('activities.kind')}</label>
      <select id="schedule-kind" value={kind} onChange={(event) => setKind(event.target.value as Activity['kind'])}>
        {KINDS.map((value) => (
          <option key={value} value={value}>
            {t(`activityKinds.${value}`)}
          </option>
        ))}
      </select>
      <label htmlFor="schedule-summary">{t('activities.summary')}</label>
      <input
        id="schedule-summary"
        required
        maxLength={255}
        value={summary}
        onChange={(event) => setSummary(event.target.value)}
      />
      <label htmlFor="schedule-due">{t('activities.dueDate')}</label>
      <input id="schedule-due" type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
      <button type="submit" disabled={!summary.trim() || schedule.isPending}>
        {t('activities.scheduleSubmit')}
      </button>
      {schedule.isError ? (
        <p className="notice notice-error" role="alert">
          {messageOf(schedule.error)}
        </p>
      ) : null}
    </form>
  );
}
