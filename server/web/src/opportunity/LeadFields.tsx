import { useTranslation } from 'react-i18next';
import type { Lead } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { formatMoney } from '../ui/format';
import { FieldRow } from '../ui/FieldRow';
import { RecordFormActions, SalespersonField, useRecordDraft } from '../ui/record-form';
import { draftOf, LeadDraft, patchOf } from './lead-patch';

type TextKey = Exclude<keyof LeadDraft, 'salespersonId' | 'description'>;

/** Every field a person edits on a lead or opportunity, saved in one PATCH of what changed. */
export function LeadFields({ lead, onSaved }: { lead: Lead; onSaved(): Promise<void> }) {
  const { t, i18n } = useTranslation();
  const form = useRecordDraft({
    draftOf: () => draftOf(lead),
    patchOf: (draft: LeadDraft) => patchOf(lead, draft),
    save: (patch) => api.updateLead(lead.id, patch),
    onSaved,
  });
  const { draft, set } = form;
  const input = (field: TextKey, type = 'text', extra: Record<string, unknown> = {}) => (
    <FieldRow id={`lead-${field}`} label={t(`leadFields.${field}`)}>
      <input id={`lead-${field}`} type={type} value={draft[field]} onChange={set(field)} {...extra} />
    </FieldRow>
  );

  return (
    <form className="panel record-form" onSubmit={form.submit} aria-labelledby="lead-fields-title">
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
        <SalespersonField id="lead-salespersonId" value={draft.salespersonId} onChange={set('salespersonId')} />
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
      <FieldRow id="lead-description" label={t('leadFields.description')}>
        <textarea id="lead-description" value={draft.description} onChange={set('description')} />
      </FieldRow>
      <RecordFormActions form={form} />
    </form>
  );
}
