import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useUser } from '../session/session';
import { WriteOutcome } from '../ui/states';

/**
 * A call that already happened: direction, duration in minutes and outcome, stored as a call activity of today
 * (mine) and marked done at once — it then shows in the history, not among the planned activities.
 */
export function LogCallForm() {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const [summary, setSummary] = useState('');
  const [direction, setDirection] = useState<'outbound' | 'inbound'>('outbound');
  const [minutes, setMinutes] = useState('');
  const [outcome, setOutcome] = useState('');
  const log = useMutation({
    mutationFn: async () => {
      const today = new Date();
      const pad = (n: number) => String(n).padStart(2, '0');
      const activity = await api.createActivity({
        kind: 'call',
        summary: summary.trim(),
        dueDate: `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`,
        assignedUserId: user.id,
        callDirection: direction,
        callDurationSeconds: minutes ? Math.round(Number(minutes) * 60) : null,
        callOutcome: outcome.trim() || null,
      });
      return api.markActivityDone(activity.id);
    },
    onSuccess: async () => {
      setSummary('');
      setMinutes('');
      setOutcome('');
      await queryClient.invalidateQueries({ queryKey: ['activities'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    log.mutate();
  };
  return (
    <details className="panel new-record">
      <summary>{t('logCall.title')}</summary>
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor="call-summary">{t('activities.summary')}</label>
        <input
          id="call-summary"
          required
          maxLength={255}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
        />
        <label htmlFor="call-direction">{t('logCall.direction')}</label>
        <select
          id="call-direction"
          value={direction}
          onChange={(e) => setDirection(e.target.value as 'outbound' | 'inbound')}
        >
          <option value="outbound">{t('logCall.outbound')}</option>
          <option value="inbound">{t('logCall.inbound')}</option>
        </select>
        <label htmlFor="call-minutes">{t('logCall.minutes')}</label>
        <input
          id="call-minutes"
          type="number"
          min={0}
          max={10080}
          step="any"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
        <label htmlFor="call-outcome">{t('logCall.outcome')}</label>
        <input id="call-outcome" maxLength={255} value={outcome} onChange={(e) => setOutcome(e.target.value)} />
        <button type="submit" disabled={!summary.trim() || log.isPending}>
          {t('logCall.submit')}
        </button>
        <WriteOutcome write={log} done={t('logCall.logged')} />
      </form>
    </details>
  );
}
