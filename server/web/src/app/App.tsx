import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { DashboardPage } from '../dashboard/DashboardPage';
import { LoginPage } from '../login/LoginPage';
import { RequireSession } from '../session/RequireSession';
import { NotFound } from '../ui/states';
import { Shell } from './Shell';

/*
 * The login and the dashboard (where a day starts) are in the first bundle; every other page is its own chunk,
 * loaded when first opened (Shell shows the loading state meanwhile), so the first page parses less JavaScript and
 * the kanban's drag and drop or the list views' table code load only with their pages.
 */
const named = <K extends string, M extends Record<K, React.ComponentType>>(load: () => Promise<M>, name: K) =>
  lazy(() => load().then((module) => ({ default: module[name] })));
const PasswordPage = named(() => import('../account/PasswordPage'), 'PasswordPage');
const ActivitiesPage = named(() => import('../activities/ActivitiesPage'), 'ActivitiesPage');
const LeadsPage = named(() => import('../leads/LeadsPage'), 'LeadsPage');
const OpportunityPage = named(() => import('../opportunity/OpportunityPage'), 'OpportunityPage');
const PartnerPage = named(() => import('../partners/PartnerPage'), 'PartnerPage');
const PartnersPage = named(() => import('../partners/PartnersPage'), 'PartnersPage');
const PipelinePage = named(() => import('../pipeline/PipelinePage'), 'PipelinePage');

/** The client routes. The server answers each of them with the app's page (server/src/web/client-routes.ts). */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <Shell />
          </RequireSession>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="pipeline" element={<PipelinePage />} />
        <Route path="opportunities/:id" element={<OpportunityPage />} />
        <Route path="leads" element={<LeadsPage />} />
        <Route path="leads/:id" element={<OpportunityPage />} />
        <Route path="partners" element={<PartnersPage />} />
        <Route path="activities" element={<ActivitiesPage />} />
        <Route path="partners/:id" element={<PartnerPage />} />
        <Route path="account/password" element={<PasswordPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
