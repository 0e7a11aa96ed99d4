import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { actorForToken } from '../../domain/users/tokens';
import { resolveSession, SESSION_COOKIE } from '../../domain/users/sessions';
import { actorForUser } from '../../domain/users/actors';
import { ForbiddenError, UnauthorizedError } from '../../domain/errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the actor from `Authorization: Bearer <personal API token>` or from the session cookie. Requests that
 * carry neither stay anonymous; `requireActor` turns that into a 401. Cookie-authenticated requests that change
 * state must echo the session's CSRF token in `X-CSRF-Token` (a cross-site form cannot read it); token-authenticated
 * requests need no CSRF token because browsers never attach a bearer token by themselves.
 */
export async function authenticate(req: Request, _res: Response, next: NextFunction): Promise<void> {
  const header = req.headers.authorization;
  if (header) {
    const [scheme, secret] = header.split(/\s+/, 2);
    if (scheme?.toLowerCase() !== 'bearer' || !secret) {
      throw new UnauthorizedError('Unsupported Authorization header: use "Bearer <API token>"');
    }
    const actor = await actorForToken(req.akte.services.sequelize, secret);
    if (!actor)
      throw new UnauthorizedError(
        'The API token is invalid or has been revoked: reconnect to get a new one',
        'invalid_token',
      );
    req.akte.actor = actor;
    req.akte.authMethod = 'token';
    return next();
  }
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  // Logging in does not act on the old session's authority (it replaces it), so a stale cookie must neither
  // authenticate nor trip the CSRF check of the login form.
  if (cookie && !isLogin(req)) {
    const found = await resolveSession(cookie);
    if (found) {
      req.akte.actor = await actorForUser(found.user);
      req.akte.authMethod = 'session';
      req.akte.csrfToken = found.session.csrfToken;
      if (!SAFE_METHODS.has(req.method)) assertCsrf(req, found.session.csrfToken);
    }
  }
  next();
}

function isLogin(req: Request): boolean {
  return req.method === 'POST' && req.path === '/auth/login';
}

function assertCsrf(req: Request, expected: string): void {
  const given = req.get('x-csrf-token') ?? '';
  const ok = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!ok) throw new ForbiddenError('Missing or wrong CSRF token (send the X-CSRF-Token header)', 'csrf_failed');
}

export function requireActor(req: Request, _res: Response, next: NextFunction): void {
  if (!req.akte.actor) throw new UnauthorizedError();
  next();
}
