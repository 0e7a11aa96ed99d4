import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactLogInput, Partner } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { WriteOutcome } from '../ui/states';

const CHANNELS: ContactLogInput['channel'][] = ['call', 'visit', 'letter', 'email', 'meeting'];

/**
 * "Log a contact" (the small-business CRM's Kontakt erfassen): the channel, the topic and what was agreed. The
 * server counts it, moves "last contact" and clears a callback that was due.
 */
export function LogContactForm({ partner, onLogged }: { partner: Partner; onLogged(): Promise<void> }) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<ContactLogInput['channel']>('call');
  const [note, setNote] = useState('');
  const log = useMutation({
    mutationFn: () => api.logContact(partner.id, { channel, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: async () => {
      setNote('');
      await onLogged();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    log.mutate();
  };
  return (
    <form className="panel inline-form" onSubmit={submit} aria-labelledby="log-contact-title">
      <h2 id="log-contact-title">{t('logContact.title')}</h2>
      <label htmlFor="log-contact-channel">{t('logContact.channel')}</label>
      <select
        id="log-contact-channel"
        value={channel}
        onChange={(event) => setChannel(event.target.value as ContactLogInput['channel'])}
      >
        {CHANNELS.map((value) => (
          <option key={value} value={value}>
            {t(`contactChannels.${value}`)}
          </option>
        ))}
      </select>
      <label htmlFor="log-contact-note">{t('logContact.note')}</label>
      <input id="log-contact-note" maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      <button type="submit" disabled={log.isPending}>
        {t('logContact.submit')}
      </button>
      <WriteOutcome write={log} done={t('logContact.logged')} />
    </form>
  );
}
