import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useUser } from '../session/session';
import { formatMoney, TOTALS_CURRENCY } from '../ui/format';
import { Empty, ErrorMessage, Loading } from '../ui/states';

/** My open opportunities per stage, with expected and weighted revenue (one GROUP BY on the server). */
export function OpportunitiesPanel() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const query = useQuery({
    queryKey: ['leads', 'grouped', 'mine', user.id],
    queryFn: () => api.groupLeads('stage', { type: 'opportunity', state: 'open', salespersonId: user.id }),
  });
  const money = (amount: number) => formatMoney(amount, TOTALS_CURRENCY, i18n.language);
  const groups = (query.data ?? []).filter((group) => group.count > 0);
  const sum = (pick: (group: (typeof groups)[number]) => number) => groups.reduce((a, g) => a + pick(g), 0);

  return (
    <section className="panel" aria-labelledby="opportunities-title">
      <h2 id="opportunities-title">{t('dashboard.opportunities')}</h2>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && groups.length === 0 ? <Empty>{t('dashboard.noOpportunities')}</Empty> : null}
      {groups.length > 0 ? (
        <table className="totals">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.stage')}</th>
              <th scope="col" className="number">
                {t('dashboard.count')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.expected')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.weighted')}
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={String(group.key)} data-stage-id={group.key ?? ''}>
                <th scope="row">{group.label ?? t('dashboard.noStage')}</th>
                <td className="number">{group.count}</td>
                <td className="number">{money(group.expectedRevenue)}</td>
                <td className="number">{money(group.weightedRevenue)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('dashboard.total')}</th>
              <td className="number">{sum((g) => g.count)}</td>
              <td className="number">{money(sum((g) => g.expectedRevenue))}</td>
              <td className="number">{money(sum((g) => g.weightedRevenue))}</td>
            </tr>
          </tfoot>
        </table>
      ) : null}
    </section>
  );
}
