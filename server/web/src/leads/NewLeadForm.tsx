import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { useUser } from '../session/session';
import { useErrorMessage } from '../ui/states';

const FIELDS = ['name', 'contactName', 'companyName', 'emailFrom', 'phone', 'source'] as const;
type Field = (typeof FIELDS)[number];

/** A new lead from what the person knows (the name is required); it opens in its form afterwards. */
export function NewLeadForm() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const messageOf = useErrorMessage();
  const empty = Object.fromEntries(FIELDS.map((field) => [field, ''])) as Record<Field, string>;
  const [values, setValues] = useState(empty);
  const create = useMutation({
    mutationFn: () => {
      const filled = Object.fromEntries(
        FIELDS.filter((field) => values[field].trim()).map((field) => [field, values[field].trim()]),
      ) as Record<Field, string>;
      return api.createLeadRecord({ ...filled, type: 'lead', salespersonId: user.id });
    },
    onSuccess: async (lead) => {
      setValues(empty);
      await queryClient.invalidateQueries({ queryKey: ['leads'] });
      void navigate(`/leads/${lead.id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <details className="panel new-record">
      <summary>{t('leads.new')}</summary>
      <form onSubmit={submit}>
        <div className="field-grid">
          {FIELDS.map((field) => (
            <div className="field" key={field}>
              <label htmlFor={`new-lead-${field}`}>{t(`leadFields.${field}`)}</label>
              <input
                id={`new-lead-${field}`}
                type={field === 'emailFrom' ? 'email' : field === 'phone' ? 'tel' : 'text'}
                required={field === 'name'}
                maxLength={255}
                value={values[field]}
                onChange={(event) => setValues((current) => ({ ...current, [field]: event.target.value }))}
              />
            </div>
          ))}
        </div>
        {create.isError ? (
          <p className="notice notice-error" role="alert">
            {messageOf(create.error)}
          </p>
        ) : null}
        <button type="submit" disabled={!values.name.trim() || create.isPending}>
          {t('leads.create')}
        </button>
      </form>
    </details>
  );
}
