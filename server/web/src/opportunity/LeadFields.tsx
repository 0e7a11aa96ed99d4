import { useMutation, useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lead } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { formatMoney } from '../ui/format';
import { useErrorMessage } from '../ui/states';
import { draftOf, LeadDraft, patchOf } from './lead-patch';

type TextKey = Exclude<keyof LeadDraft, 'salespersonId' | 'description'>;

/** Every field a person edits on a lead or opportunity, saved in one PATCH of what changed. */
export function LeadFields({ lead, onSaved }: { lead: Lead; onSaved(): Promise<void> }) {
  const { t, i18n } = useTranslation();
  const messageOf = useErrorMessage();
  const [draft, setDraft] = useState<LeadDraft>(() => draftOf(lead));
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.listUsers() });
  const patch = patchOf(lead, draft);
  const changed = Object.keys(patch).length > 0;
  const save = useMutation({ mutationFn: () => api.updateLead(lead.id, patch), onSuccess: onSaved });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (changed) save.mutate();
  };
  const set = (field: keyof LeadDraft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));
  const input = (field: TextKey, type = 'text', extra: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`lead-${field}`}>{t(`leadFields.${field}`)}</label>
      <input id={`lead-${field}`} type={type} value={draft[field]} onChange={set(field)} {...extra} />
    </div>
  );

  return (
    <form className="panel record-form" onSubmit={submit} aria-labelledby="lead-fields-title">
      <h2 id="lead-fields-title">{t('leadFields.title')}</h2>
      <p className="hint">
        {t('leadFields.weighted', {
          amount: formatMoney((lead.expectedRevenue * lead.probability) / 100, lead.currency, i18n.language),
        })}
      </p>
      <div className="field-grid">
        {input('name', 'text', { required: true, maxLength: 255 })}
        {input('expectedRevenue', 'number', { min: 0, step: 'any' })}
        {input('probability', 'number', { min: 0, max: 100, step: 'any' })}
        {input('expectedClosing', 'date')}
        <div className="field">
          <label htmlFor="lead-salespersonId">{t('leadFields.salespersonId')}</label>
          <select id="lead-salespersonId" value={draft.salespersonId} onChange={set('salespersonId')}>
            <option value="">{t('leadFields.nobody')}</option>
            {(users.data ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </div>
        {input('contactName', 'text', { maxLength: 255 })}
        {input('companyName', 'text', { maxLength: 255 })}
        {input('emailFrom', 'email', { maxLength: 254 })}
        {input('phone', 'tel', { maxLength: 64 })}
      </div>
      <fieldset className="field-grid">
        <legend>{t('leadFields.sourceTitle')}</legend>
        {input('source', 'text', { maxLength: 120 })}
        {input('campaign', 'text', { maxLength: 120 })}
        {input('medium', 'text', { maxLength: 120 })}
        {input('referredBy', 'text', { maxLength: 255 })}
      </fieldset>
      <div className="field">
        <label htmlFor="lead-description">{t('leadFields.description')}</label>
        <textarea id="lead-description" value={draft.description} onChange={set('description')} />
      </div>
      {save.isError ? (
        <p className="notice notice-error" role="alert">
          {messageOf(save.error)}
        </p>
      ) : null}
      {save.isSuccess && !changed ? (
        <p className="notice" role="status">
          {t('leadFields.saved')}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" disabled={!changed || save.isPending}>
          {t('leadFields.save')}
        </button>
        <button type="button" disabled={!changed} onClick={() => setDraft(draftOf(lead))}>
          {t('leadFields.discard')}
        </button>
      </div>
    </form>
  );
}
