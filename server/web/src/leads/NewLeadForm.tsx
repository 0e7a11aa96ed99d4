import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useUser } from '../session/session';
import { FieldRow } from '../ui/FieldRow';
import { NewRecordForm } from '../ui/NewRecordForm';

const FIELDS = ['name', 'contactName', 'companyName', 'emailFrom', 'phone', 'source'] as const;
type Field = (typeof FIELDS)[number];

/** A new lead from what the person knows (the name is required); it opens in its form afterwards. */
export function NewLeadForm() {
  const { t } = useTranslation();
  const user = useUser();
  const empty = Object.fromEntries(FIELDS.map((field) => [field, ''])) as Record<Field, string>;
  const [values, setValues] = useState(empty);
  const create = () => {
    const filled = Object.fromEntries(
      FIELDS.filter((field) => values[field].trim()).map((field) => [field, values[field].trim()]),
    ) as Record<Field, string>;
    return api.createLeadRecord({ ...filled, type: 'lead', salespersonId: user.id });
  };
  return (
    <NewRecordForm
      summary={t('leads.new')}
      submitLabel={t('leads.create')}
      canSubmit={Boolean(values.name.trim())}
      create={create}
      listKey="leads"
      pathOf={(lead) => `/leads/${lead.id}`}
      onCreated={() => setValues(empty)}
    >
      {FIELDS.map((field) => (
        <FieldRow key={field} id={`new-lead-${field}`} label={t(`leadFields.${field}`)}>
          <input
            id={`new-lead-${field}`}
            type={field === 'emailFrom' ? 'email' : field === 'phone' ? 'tel' : 'text'}
            required={field === 'name'}
            maxLength={255}
            value={values[field]}
            onChange={(event) => setValues((current) => ({ ...current, [field]: event.target.value }))}
          />
        </FieldRow>
      ))}
    </NewRecordForm>
  );
}
