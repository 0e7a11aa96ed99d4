import { createColumnHelper } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { Lead } from '../../../../core/src/api-client';
import { formatDay } from '../ui/format';

const column = createColumnHelper<Lead>();

/** The columns the leads list and the pipeline list both show, the same way in each. */
export function sharedLeadColumns(t: TFunction, language: string, users: ReadonlyArray<{ id: number; name: string }>) {
  const userName = (lead: Lead) => users.find((user) => user.id === lead.salespersonId)?.name ?? '';
  return {
    salesperson: column.accessor('salespersonId', {
      header: t('list.salesperson'),
      cell: (cell) => userName(cell.row.original),
      meta: { csv: userName, groupable: true },
    }),
    createdAt: column.accessor('createdAt', {
      header: t('list.createdAt'),
      cell: (cell) => formatDay(cell.getValue().slice(0, 10), language),
    }),
  };
}
