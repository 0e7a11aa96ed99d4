import { AkteApiClient, ApiError } from '../../../../core/src/api-client';

/**
 * The one API client of the back office: core's typed client on this origin with the session cookie (the browser
 * sends it by itself) and the session's CSRF token on every state-changing request. The session provider keeps the
 * token current (login, GET /auth/me).
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export const api = new AkteApiClient({ baseUrl: window.location.origin, csrfToken: () => csrfToken });

/** 401 on a cookie session: it expired, or was ended elsewhere (logout, password reset). */
export const isSessionExpired = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

export const isNotFound = (error: unknown): boolean => error instanceof ApiError && error.status === 404;

export { ApiError };
