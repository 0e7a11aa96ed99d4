import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Lead, LeadGroupQuery } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { stagesQuery, usersQuery } from '../api/reference-data';
import { sharedLeadColumns } from '../leads/lead-columns';
import { formatDay, formatMoney } from '../ui/format';
import { useServerSortedPages } from '../ui/server-sorted-pages';
import { ServerSortedTable } from '../ui/ServerSortedTable';

/** Columns the API sorts by (GET /leads?sort=…, domain/leads/list.ts). */
const SORTABLE = ['name', 'expectedRevenue', 'expectedClosing', 'createdAt'] as const;

/** The pipeline as a list: the same filters as the board, sorted by the server, grouped, columns chosen, CSV. */
export function PipelineList({ leadQuery }: { leadQuery: LeadGroupQuery }) {
  const { t, i18n } = useTranslation();
  const stages = useQuery(stagesQuery);
  const users = useQuery(usersQuery);
  const list = useServerSortedPages({
    queryKey: ['leads', 'list', leadQuery],
    initialSort: { id: 'createdAt', desc: true },
    fetchPage: (page) => api.listLeads({ ...leadQuery, ...page }),
  });

  const columns = useMemo(() => {
    const stageName = (lead: Lead) => stages.data?.find((stage) => stage.id === lead.stageId)?.name ?? '';
    const shared = sharedLeadColumns(t, i18n.language, users.data ?? []);
    const column = createColumnHelper<Lead>();
    return [
      column.accessor('name', {
        header: t('list.name'),
        enableHiding: false,
        cell: (cell) => <Link to={`/opportunities/${cell.row.original.id}`}>{cell.getValue()}</Link>,
      }),
      column.accessor('companyName', { header: t('list.company') }),
      column.accessor('stageId', {
        header: t('list.stage'),
        cell: (cell) => stageName(cell.row.original),
        meta: { csv: stageName, groupable: true },
      }),
      shared.salesperson,
      column.accessor('expectedRevenue', {
        header: t('list.expectedRevenue'),
        cell: (cell) => formatMoney(cell.getValue(), cell.row.original.currency, i18n.language),
      }),
      column.accessor('probability', { header: t('list.probability'), cell: (cell) => `${cell.getValue()} %` }),
      column.accessor('expectedClosing', {
        header: t('list.expectedClosing'),
        cell: (cell) => (cell.getValue() ? formatDay(cell.getValue()!, i18n.language) : ''),
      }),
      shared.createdAt,
    ];
  }, [t, i18n.language, stages.data, users.data]);

  return (
    <ServerSortedTable
      list={list}
      empty={t('pipeline.noMatch')}
      id="pipeline-list"
      label={t('pipeline.listLabel')}
      columns={columns}
      sortable={SORTABLE}
      csvName="pipeline.csv"
      rowKey={(lead) => String(lead.id)}
    />
  );
}
