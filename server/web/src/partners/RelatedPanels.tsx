import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Partner } from '../../../../core/src/api-client';
import { contactsOfQuery, openLeadsOfQuery } from './queries';
import { formatMoney } from '../ui/format';
import { Empty, ErrorMessage, Loading } from '../ui/states';

/** A company's contact persons, and the partner's open leads and opportunities. */
export function RelatedPanels({ partner }: { partner: Partner }) {
  const { t, i18n } = useTranslation();
  const contacts = useQuery({ ...contactsOfQuery(partner.id), enabled: partner.isCompany });
  const leads = useQuery(openLeadsOfQuery(partner.id));
  return (
    <>
      {partner.isCompany ? (
        <section className="panel" aria-labelledby="contacts-title">
          <h2 id="contacts-title">{t('partners.contacts')}</h2>
          {contacts.isPending ? <Loading /> : null}
          {contacts.isError ? <ErrorMessage error={contacts.error} /> : null}
          {contacts.isSuccess && contacts.data.items.length === 0 ? <Empty>{t('partners.noContacts')}</Empty> : null}
          <ul className="plain-list">
            {contacts.data?.items.map((person) => (
              <li key={person.id}>
                <Link to={`/partners/${person.id}`}>{person.name}</Link>
                {person.jobTitle ? ` · ${person.jobTitle}` : ''}
                {person.emails[0] ? ` · ${person.emails[0].email}` : ''}
                {person.phones[0] ? ` · ${person.phones[0].number}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="partner-leads-title">
        <h2 id="partner-leads-title">{t('partners.openOpportunities')}</h2>
        {leads.isPending ? <Loading /> : null}
        {leads.isError ? <ErrorMessage error={leads.error} /> : null}
        {leads.isSuccess && leads.data.items.length === 0 ? <Empty>{t('partners.noOpportunities')}</Empty> : null}
        <ul className="plain-list">
          {leads.data?.items.map((lead) => (
            <li key={lead.id}>
              <Link to={lead.type === 'lead' ? `/leads/${lead.id}` : `/opportunities/${lead.id}`}>{lead.name}</Link>
              {' · '}
              {lead.type === 'lead' ? t('leads.kind') : formatMoney(lead.expectedRevenue, lead.currency, i18n.language)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
