import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Lead, LeadListQuery } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { usersQuery } from '../api/reference-data';
import { useSearchInUrl } from '../ui/search-in-url';
import { useServerSortedPages } from '../ui/server-sorted-pages';
import { ServerSortedTable } from '../ui/ServerSortedTable';
import { sharedLeadColumns } from './lead-columns';
import { NewLeadForm } from './NewLeadForm';
import { SearchBox } from '../ui/SearchBox';

const SORTABLE = ['name', 'createdAt'] as const;

/**
 * The leads not yet converted: open ones (or the lost ones), a search over name, contact, company and email, kept
 * in the URL (?show=lost&q=…); a new lead; each opens its form (convert, mark lost, source fields).
 */
export function LeadsPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const show = params.get('show') === 'lost' ? 'lost' : 'open';
  const { q, search, setSearch, setFilters } = useSearchInUrl({ show: show === 'lost' ? show : undefined });
  const users = useQuery(usersQuery);
  const leadQuery: LeadListQuery = {
    type: 'lead',
    ...(show === 'lost' ? { state: 'lost', active: 'false' } : { state: 'open' }),
    ...(q ? { q } : {}),
  };
  const list = useServerSortedPages({
    queryKey: ['leads', 'leads-list', leadQuery],
    initialSort: { id: 'createdAt', desc: true },
    fetchPage: (page) => api.listLeads({ ...leadQuery, ...page }),
  });
  const columns = useMemo(() => {
    const shared = sharedLeadColumns(t, i18n.language, users.data ?? []);
    const column = createColumnHelper<Lead>();
    return [
      column.accessor('name', {
        header: t('list.name'),
        enableHiding: false,
        cell: (cell) => <Link to={`/leads/${cell.row.original.id}`}>{cell.getValue()}</Link>,
      }),
      column.accessor('contactName', { header: t('leadFields.contactName') }),
      column.accessor('companyName', { header: t('list.company') }),
      column.accessor('emailFrom', { header: t('leadFields.emailFrom') }),
      column.accessor('source', { header: t('list.source'), meta: { groupable: true } }),
      shared.salesperson,
      shared.createdAt,
    ];
  }, [t, i18n.language, users.data]);

  return (
    <div className="list-page">
      <h1>{t('leads.title')}</h1>
      <NewLeadForm />
      <div className="filter-bar" role="search">
        <label htmlFor="leads-show" className="visually-hidden">
          {t('leads.show')}
        </label>
        <select
          id="leads-show"
          value={show}
          onChange={(event) => setFilters({ show: event.target.value === 'lost' ? 'lost' : undefined })}
        >
          <option value="open">{t('leads.shows.open')}</option>
          <option value="lost">{t('leads.shows.lost')}</option>
        </select>
        <SearchBox
          id="leads-search"
          label={t('leads.search')}
          placeholder={t('pipeline.searchPlaceholder')}
          value={search}
          onChange={setSearch}
        />
      </div>
      <ServerSortedTable
        list={list}
        empty={q || show === 'lost' ? t('leads.noMatch') : t('leads.empty')}
        id="leads-list"
        label={t('leads.title')}
        columns={columns}
        sortable={SORTABLE}
        csvName="leads.csv"
        rowKey={(lead) => String(lead.id)}
      />
    </div>
  );
}
