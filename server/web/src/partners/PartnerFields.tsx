import { useTranslation } from 'react-i18next';
import type { Partner } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { FieldRow } from '../ui/FieldRow';
import { RecordFormActions, SalespersonField, useRecordDraft } from '../ui/record-form';
import { PartnerDraft, partnerDraftOf, partnerPatchOf } from './partner-patch';

type InputField = Exclude<keyof PartnerDraft, 'category' | 'salespersonId' | 'notes'>;

/** The partner's fields, its source ("Werbeeffizienz"), callback and contact rhythm; one PATCH of what changed. */
export function PartnerFields({ partner, onSaved }: { partner: Partner; onSaved(): Promise<void> }) {
  const { t } = useTranslation();
  const form = useRecordDraft({
    draftOf: () => partnerDraftOf(partner),
    patchOf: (draft: PartnerDraft) => partnerPatchOf(partner, draft),
    save: (patch) => api.updatePartner(partner.id, patch),
    onSaved,
  });
  const { draft, set } = form;
  const input = (field: InputField, type = 'text', extra: Record<string, unknown> = {}) => (
    <FieldRow id={`partner-${field}`} label={t(`partnerFields.${field}`)}>
      <input id={`partner-${field}`} type={type} value={draft[field]} onChange={set(field)} {...extra} />
    </FieldRow>
  );
  return (
    <form className="panel record-form" onSubmit={form.submit} aria-labelledby="partner-fields-title">
      <h2 id="partner-fields-title">{t('leadFields.title')}</h2>
      <div className="field-grid">
        {input('name', 'text', { required: true, maxLength: 255 })}
        <FieldRow id="partner-category" label={t('partners.category')}>
          <select id="partner-category" value={draft.category} onChange={set('category')}>
            <option value="prospect">{t('partners.categories.prospect')}</option>
            <option value="customer">{t('partners.categories.customer')}</option>
          </select>
        </FieldRow>
        {input('email', 'email', { maxLength: 254 })}
        {input('phone', 'tel', { maxLength: 64 })}
        {input('jobTitle', 'text', { maxLength: 200 })}
        {input('website', 'text', { maxLength: 500 })}
        <SalespersonField id="partner-salespersonId" value={draft.salespersonId} onChange={set('salespersonId')} />
        {input('callbackDay', 'date')}
        {input('contactFrequencyDays', 'number', { min: 1, max: 3650, step: 1 })}
      </div>
      <fieldset className="field-grid">
        <legend>{t('leadFields.sourceTitle')}</legend>
        {input('sourceCategory', 'text', { maxLength: 100 })}
        {input('sourceDetail', 'text', { maxLength: 255 })}
        {input('metAtEvent', 'text', { maxLength: 255 })}
      </fieldset>
      <FieldRow id="partner-notes" label={t('partnerFields.notes')}>
        <textarea id="partner-notes" value={draft.notes} onChange={set('notes')} />
      </FieldRow>
      <RecordFormActions form={form} />
    </form>
  );
}
