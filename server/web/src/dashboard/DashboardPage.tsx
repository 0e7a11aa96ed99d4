import { useTranslation } from 'react-i18next';
import { ActivitiesPanel } from './ActivitiesPanel';
import { CallsPanel } from './CallsPanel';
import { OpportunitiesPanel } from './OpportunitiesPanel';

/** My dashboard (Opacc's per-user start page): what I have to do, whom to call, and what I may win. */
export function DashboardPage() {
  const { t } = useTranslation();
  return (
    <div className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <div className="dashboard-panels">
        <ActivitiesPanel />
        <CallsPanel />
        <OpportunitiesPanel />
      </div>
    </div>
  );
}
