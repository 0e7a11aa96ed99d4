import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../../core/src/api-client';
import { api } from '../api/client';
import type { RecordRef } from '../chatter/Chatter';
import { useUser } from '../session/session';
import { Empty, ErrorMessage, ErrorNotice, Loading } from '../ui/states';
import { ActivityItem } from './ActivityItem';
import { recordActivitiesQuery } from './queries';

const KINDS: Activity['kind'][] = ['call', 'meeting', 'task', 'email'];

/** The record's planned activities with their colour state, mark done, reschedule, and "schedule an activity". */
export function RecordActivities({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const query = useQuery(recordActivitiesQuery(record));
  return (
    <section className="panel" aria-labelledby="record-activities-title">
      <h2 id="record-activities-title">{t('activities.planned')}</h2>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && query.data.items.length === 0 ? <Empty>{t('activities.noneOnRecord')}</Empty> : null}
      {query.isSuccess && query.data.items.length > 0 ? (
        <ul className="activity-list">
          {query.data.items.map((activity) => (
            <ActivityItem key={activity.id} activity={activity} />
          ))}
        </ul>
      ) : null}
      <ScheduleForm record={record} />
    </section>
  );
}

function ScheduleForm({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
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
      <ErrorNotice error={schedule.error} />
    </form>
  );
}
