import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError, isSessionExpired } from './api/client';
import { stagesQuery, usersQuery } from './api/reference-data';
import { App } from './app/App';
import { prefetchPageData } from './app/page-data';
import { setupI18n } from './i18n/setup';
import { notifySessionExpired } from './session/expiry';
import { SessionProvider } from './session/session';
import './styles.css';

setupI18n();

const onError = (error: unknown) => {
  if (isSessionExpired(error)) notifySessionExpired();
};

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      // A 4xx answer is the same on the next try (not found, forbidden, expired); only the rest is retried once.
      retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status < 500),
      staleTime: 10_000,
    },
  },
});

// The reference data in parallel with the session check (both preloaded by index.html), before any page asks.
// Without a session they answer 401, which ends nothing (the session check decides) and is fetched again later.
void queryClient.prefetchQuery(stagesQuery);
void queryClient.prefetchQuery(usersQuery);
// And the data of the page opened (a record's form, the dashboard), while the first render and the check run.
prefetchPageData(queryClient, window.location.pathname);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
