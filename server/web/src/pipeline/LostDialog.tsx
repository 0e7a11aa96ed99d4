import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lead } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { Dialog } from '../ui/Dialog';
import { ErrorMessage, Loading } from '../ui/states';

/**
 * "Mark lost" asks for a reason from the configured list (GET /lost-reasons?active=true) and an optional note.
 * A modal <dialog> (showModal): the browser traps the focus inside and Escape cancels it.
 */
export function LostDialog({ lead, onClose, onDone }: { lead: Lead; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [reasonId, setReasonId] = useState('');
  const [note, setNote] = useState('');
  const reasons = useQuery({ queryKey: ['lost-reasons', 'active'], queryFn: () => api.listLostReasons(true) });
  const lost = useMutation({
    mutationFn: () => api.markLeadLost(lead.id, { lostReasonId: Number(reasonId), ...(note ? { note } : {}) }),
    onSuccess: onDone,
  });

  return (
    <Dialog
      id="lost"
      title={t('lost.title', { name: lead.name })}
      error={lost.error}
      confirm={t('lost.confirm')}
      confirmDisabled={!reasonId || lost.isPending}
      onSubmit={() => lost.mutate()}
      onClose={onClose}
    >
      {reasons.isPending ? <Loading /> : null}
      {reasons.isError ? <ErrorMessage error={reasons.error} /> : null}
      {reasons.isSuccess && reasons.data.length === 0 ? <p className="state">{t('lost.noReasons')}</p> : null}
      {reasons.isSuccess && reasons.data.length > 0 ? (
        <>
          <label htmlFor="lost-reason">{t('lost.reason')}</label>
          <select id="lost-reason" required value={reasonId} onChange={(event) => setReasonId(event.target.value)}>
            <option value="">{t('lost.chooseReason')}</option>
            {reasons.data.map((reason) => (
              <option key={reason.id} value={reason.id}>
                {reason.name}
              </option>
            ))}
          </select>
          <label htmlFor="lost-note">{t('lost.note')}</label>
          <textarea id="lost-note" value={note} maxLength={2000} onChange={(event) => setNote(event.target.value)} />
        </>
      ) : null}
    </Dialog>
  );
}
