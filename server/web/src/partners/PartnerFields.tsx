import { useMutation, useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Partner } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { useErrorMessage } from '../ui/states';
import { PartnerDraft, partnerDraftOf, partnerPatchOf } from './partner-patch';

type InputField = Exclude<keyof PartnerDraft, 'category' | 'salespersonId' | 'notes'>;

/** The partner's fields, its source ("Werbeeffizienz"), callback and contact rhythm; one PATCH of what changed. */
export function PartnerFields({ partner, onSaved }: { partner: Partner; onSaved(): Promise<void> }) {
  const { t } = useTranslation();
  const messageOf = useErrorMessage();
  const [draft, setDraft] = useState(() => partnerDraftOf(partner));
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.listUsers() });
  const patch = partnerPatchOf(partner, draft);
  const changed = Object.keys(patch).length > 0;
  const save = useMutation({ mutationFn: () => api.updatePartner(partner.id, patch), onSuccess: onSaved });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (changed) save.mutate();
  };
  const set = (field: keyof PartnerDraft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));
  const input = (field: InputField, type = 'text', extra: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`partner-${field}`}>{t(`partnerFields.${field}`)}</label>
      <input id={`partner-${field}`} type={type} value={draft[field]} onChange={set(field)} {...extra} />
    </div>
  );
  return (
    <form className="panel record-form" onSubmit={submit} aria-labelledby="partner-fields-title">
      <h2 id="partner-fields-title">{t('leadFields.title')}</h2>
      <div className="field-grid">
        {input('name', 'text', { required: true, maxLength: 255 })}
        <div className="field">
          <label htmlFor="partner-category">{t('partners.category')}</label>
          <select id="partner-category" value={draft.category} onChange={set('category')}>
            <option value="prospect">{t('partners.categories.prospect')}</option>
            <option value="customer">{t('partners.categories.customer')}</option>
          </select>
        </div>
        {input('email', 'email', { maxLength: 254 })}
        {input('phone', 'tel', { maxLength: 64 })}
        {input('jobTitle', 'text', { maxLength: 200 })}
        {input('website', 'text', { maxLength: 500 })}
        <div className="field">
          <label htmlFor="partner-salespersonId">{t('leadFields.salespersonId')}</label>
          <select id="partner-salespersonId" value={draft.salespersonId} onChange={set('salespersonId')}>
            <option value="">{t('leadFields.nobody')}</option>
            {(users.data ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </div>
        {input('callbackDay', 'date')}
        {input('contactFrequencyDays', 'number', { min: 1, max: 3650, step: 1 })}
      </div>
      <fieldset className="field-grid">
        <legend>{t('leadFields.sourceTitle')}</legend>
        {input('sourceCategory', 'text', { maxLength: 100 })}
        {input('sourceDetail', 'text', { maxLength: 255 })}
        {input('metAtEvent', 'text', { maxLength: 255 })}
      </fieldset>
      <div className="field">
        <label htmlFor="partner-notes">{t('partnerFields.notes')}</label>
        <textarea id="partner-notes" value={draft.notes} onChange={set('notes')} />
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
        <button type="button" disabled={!changed} onClick={() => setDraft(partnerDraftOf(partner))}>
          {t('leadFields.discard')}
        </button>
      </div>
    </form>
  );
}
