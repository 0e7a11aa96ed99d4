import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading } from '../ui/states';
import { loginPathFor } from './return-path';
import { useSession } from './session';

/** Pages behind the login: without a session, to the login page, which brings the user back here afterwards. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'anonymous') {
    const target = loginPathFor(location.pathname + location.search);
    return <Navigate to={target} replace state={{ reason: state.reason }} />;
  }
  return <>{children}</>;
}
