import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartnerCategory } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { useUser } from '../session/session';
import { FieldRow } from '../ui/FieldRow';
import { NewRecordForm } from '../ui/NewRecordForm';

/** A new company or person, customer or prospect, with a first email and phone; it opens in its form. */
export function NewPartnerForm() {
  const { t } = useTranslation();
  const user = useUser();
  const [name, setName] = useState('');
  const [isCompany, setIsCompany] = useState(true);
  const [category, setCategory] = useState<PartnerCategory>('prospect');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const create = () =>
    api.createPartner({
      name: name.trim(),
      isCompany,
      category,
      salespersonId: user.id,
      ...(email.trim() ? { emails: [{ email: email.trim() }] } : {}),
      ...(phone.trim() ? { phones: [{ number: phone.trim() }] } : {}),
    });
  return (
    <NewRecordForm
      summary={t('partners.new')}
      submitLabel={t('partners.create')}
      canSubmit={Boolean(name.trim())}
      create={create}
      listKey="partners"
      pathOf={(partner) => `/partners/${partner.id}`}
    >
      <FieldRow id="new-partner-name" label={t('list.name')}>
        <input id="new-partner-name" required maxLength={255} value={name} onChange={(e) => setName(e.target.value)} />
      </FieldRow>
      <FieldRow id="new-partner-kind" label={t('partners.kind')}>
        <select
          id="new-partner-kind"
          value={isCompany ? 'company' : 'person'}
          onChange={(e) => setIsCompany(e.target.value === 'company')}
        >
          <option value="company">{t('partners.company')}</option>
          <option value="person">{t('partners.person')}</option>
        </select>
      </FieldRow>
      <FieldRow id="new-partner-category" label={t('partners.category')}>
        <select
          id="new-partner-category"
          value={category}
          onChange={(e) => setCategory(e.target.value as PartnerCategory)}
        >
          <option value="prospect">{t('partners.categories.prospect')}</option>
          <option value="customer">{t('partners.categories.customer')}</option>
        </select>
      </FieldRow>
      <FieldRow id="new-partner-email" label={t('partners.email')}>
        <input
          id="new-partner-email"
          type="email"
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </FieldRow>
      <FieldRow id="new-partner-phone" label={t('partners.phone')}>
        <input
          id="new-partner-phone"
          type="tel"
          maxLength={64}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
      </FieldRow>
    </NewRecordForm>
  );
}
