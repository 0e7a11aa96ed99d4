import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { PartnerCategory } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { useUser } from '../session/session';
import { useErrorMessage } from '../ui/states';

/** A new company or person, customer or prospect, with a first email and phone; it opens in its form. */
export function NewPartnerForm() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const messageOf = useErrorMessage();
  const [name, setName] = useState('');
  const [isCompany, setIsCompany] = useState(true);
  const [category, setCategory] = useState<PartnerCategory>('prospect');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api.createPartner({
        name: name.trim(),
        isCompany,
        category,
        salespersonId: user.id,
        ...(email.trim() ? { emails: [{ email: email.trim() }] } : {}),
        ...(phone.trim() ? { phones: [{ number: phone.trim() }] } : {}),
      }),
    onSuccess: async (partner) => {
      await queryClient.invalidateQueries({ queryKey: ['partners'] });
      void navigate(`/partners/${partner.id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <details className="panel new-record">
      <summary>{t('partners.new')}</summary>
      <form onSubmit={submit}>
        <div className="field-grid">
          <div className="field">
            <label htmlFor="new-partner-name">{t('list.name')}</label>
            <input
              id="new-partner-name"
              required
              maxLength={255}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="new-partner-kind">{t('partners.kind')}</label>
            <select
              id="new-partner-kind"
              value={isCompany ? 'company' : 'person'}
              onChange={(e) => setIsCompany(e.target.value === 'company')}
            >
              <option value="company">{t('partners.company')}</option>
              <option value="person">{t('partners.person')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-partner-category">{t('partners.category')}</label>
            <select
              id="new-partner-category"
              value={category}
              onChange={(e) => setCategory(e.target.value as PartnerCategory)}
            >
              <option value="prospect">{t('partners.categories.prospect')}</option>
              <option value="customer">{t('partners.categories.customer')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-partner-email">{t('partners.email')}</label>
            <input
              id="new-partner-email"
              type="email"
              maxLength={254}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="new-partner-phone">{t('partners.phone')}</label>
            <input
              id="new-partner-phone"
              type="tel"
              maxLength={64}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
            />
          </div>
        </div>
        {create.isError ? (
          <p className="notice notice-error" role="alert">
            {messageOf(create.error)}
          </p>
        ) : null}
        <button type="submit" disabled={!name.trim() || create.isPending}>
          {t('partners.create')}
        </button>
      </form>
    </details>
  );
}
