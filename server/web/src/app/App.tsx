import { Route, Routes } from 'react-router';
import { PasswordPage } from '../account/PasswordPage';
import { ActivitiesPage } from '../activities/ActivitiesPage';
import { DashboardPage } from '../dashboard/DashboardPage';
import { LeadsPage } from '../leads/LeadsPage';
import { LoginPage } from '../login/LoginPage';
import { OpportunityPage } from '../opportunity/OpportunityPage';
import { PartnerPage } from '../partners/PartnerPage';
import { PartnersPage } from '../partners/PartnersPage';
import { PipelinePage } from '../pipeline/PipelinePage';
import { RequireSession } from '../session/RequireSession';
import { NotFound } from '../ui/states';
import { Shell } from './Shell';

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
