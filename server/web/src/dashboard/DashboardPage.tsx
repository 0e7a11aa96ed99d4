import { useTranslation } from 'react-i18next';
import { ActivitiesPanel } from './ActivitiesPanel';
import { CallsPanel } from './CallsPanel';
import { OpportunitiesPanel } from './OpportunitiesPanel';
import { RecentHistoryPanel } from './RecentHistoryPanel';

/**
 * My dashboard (Opacc's per-user start page): what I have to do, whom to call, what I may win, and what happened
 * lately on my records.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  return (
    <div className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <div className="dashboard-panels">
        <ActivitiesPanel />
        <CallsPanel />
        <OpportunitiesPanel />
        <RecentHistoryPanel />
      </div>
    </div>
  );
}
