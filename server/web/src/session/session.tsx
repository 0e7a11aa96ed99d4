import { useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { UserSummary } from '../../../../core/src/api-client';
import { api, setCsrfToken } from '../api/client';
import { onSessionExpired } from './expiry';

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason: 'none' | 'expired' | 'loggedOut' }
  | { status: 'active'; user: UserSummary };

interface SessionApi {
  state: SessionState;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Called on any 401: the session ended while the user was on a page. */
  expired(): void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

/** The user of the active session; only inside pages that RequireSession guards. */
export function useUser(): UserSummary {
  const { state } = useSession();
  if (state.status !== 'active') throw new Error('useUser without an active session');
  return state.user;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    api.session().then(
      (info) => {
        if (cancelled) return;
        setCsrfToken(info.csrfToken);
        setState({ status: 'active', user: info.user });
      },
      () => {
        // 401 (no or an expired session) and an unreachable server alike: the login page, which reports the latter.
        if (!cancelled) setState({ status: 'anonymous', reason: 'none' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const result = await api.login(email, password);
    setCsrfToken(result.csrfToken);
    setState({ status: 'active', user: result.user });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // Already ended (401) is what we wanted; a failure otherwise still ends the session on this side.
    }
    setCsrfToken(null);
    // Another user may log in next in this tab: nothing of this one's data may stay in the cache.
    queryClient.clear();
    setState({ status: 'anonymous', reason: 'loggedOut' });
  }, [queryClient]);

  const expired = useCallback(() => {
    setCsrfToken(null);
    queryClient.clear();
    setState((previous) => (previous.status === 'active' ? { status: 'anonymous', reason: 'expired' } : previous));
  }, [queryClient]);

  useEffect(() => onSessionExpired(expired), [expired]);

  const value = useMemo(() => ({ state, login, logout, expired }), [state, login, logout, expired]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
