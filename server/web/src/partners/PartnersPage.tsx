import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Partner, PartnerCategory } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { formatDateTime } from '../ui/format';
import { useSearchInUrl } from '../ui/search-in-url';
import { useServerSortedPages } from '../ui/server-sorted-pages';
import { ServerSortedTable } from '../ui/ServerSortedTable';
import { NewPartnerForm } from './NewPartnerForm';
import { partnerSearchOf } from './partner-query';
import { SearchBox } from '../ui/SearchBox';

const SORTABLE = ['name', 'lastContactAt', 'createdAt'] as const;

/** Customers and prospects, companies and contact persons: one search box (name, email, phone), in the URL. */
export function PartnersPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const categoryParam = params.get('category');
  const category: PartnerCategory | undefined =
    categoryParam === 'customer' || categoryParam === 'prospect' ? categoryParam : undefined;
  const { q, search, setSearch, setFilters } = useSearchInUrl({ category });
  const filters = { ...partnerSearchOf(q), ...(category ? { category } : {}) };
  const list = useServerSortedPages({
    queryKey: ['partners', 'list', filters],
    initialSort: { id: 'name', desc: false },
    fetchPage: (page) => api.listPartners({ ...filters, ...page }),
  });
  const columns = useMemo(() => {
    const column = createColumnHelper<Partner>();
    const categoryText = (partner: Partner) => t(`partners.categories.${partner.category}`);
    return [
      column.accessor('name', {
        header: t('list.name'),
        enableHiding: false,
        cell: (cell) => <Link to={`/partners/${cell.row.original.id}`}>{cell.getValue()}</Link>,
      }),
      column.accessor((partner) => (partner.isCompany ? t('partners.company') : t('partners.person')), {
        id: 'kind',
        header: t('partners.kind'),
        meta: { groupable: true },
      }),
      column.accessor('category', {
        header: t('partners.category'),
        cell: (cell) => categoryText(cell.row.original),
        meta: { csv: categoryText, groupable: true },
      }),
      column.accessor((partner) => partner.emails[0]?.email ?? '', { id: 'email', header: t('partners.email') }),
      column.accessor((partner) => partner.phones[0]?.number ?? '', { id: 'phone', header: t('partners.phone') }),
      column.accessor('lastContactAt', {
        header: t('partners.lastContact'),
        cell: (cell) => (cell.getValue() ? formatDateTime(cell.getValue()!, i18n.language) : ''),
      }),
      column.accessor('contactCount', { header: t('partners.contactCount') }),
    ];
  }, [t, i18n.language]);

  return (
    <div className="list-page">
      <h1>{t('partners.title')}</h1>
      <NewPartnerForm />
      <div className="filter-bar" role="search">
        <label htmlFor="partners-category" className="visually-hidden">
          {t('partners.category')}
        </label>
        <select
          id="partners-category"
          value={category ?? ''}
          onChange={(event) => setFilters({ category: event.target.value || undefined })}
        >
          <option value="">{t('partners.allCategories')}</option>
          <option value="customer">{t('partners.categories.customer')}</option>
          <option value="prospect">{t('partners.categories.prospect')}</option>
        </select>
        <SearchBox
          id="partners-search"
          label={t('partners.search')}
          placeholder={t('partners.searchPlaceholder')}
          value={search}
          onChange={setSearch}
        />
      </div>
      <ServerSortedTable
        list={list}
        empty={q || category ? t('partners.noMatch') : t('partners.empty')}
        id="partners-list"
        label={t('partners.title')}
        columns={columns}
        sortable={SORTABLE}
        csvName="partners.csv"
        rowKey={(partner) => String(partner.id)}
      />
    </div>
  );
}
