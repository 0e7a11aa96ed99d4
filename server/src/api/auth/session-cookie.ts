import type { Request, Response } from 'express';
import { SESSION_COOKIE, SESSION_LIFETIME_MS } from '../../domain/users/sessions';
import { servicesOf } from '../../http/context';

/**
 * HttpOnly keeps the secret away from scripts; SameSite=Lax keeps it off cross-site POSTs (the CSRF token is the
 * second line); Secure when served over https (AKTE_SESSION_SECURE / an https public URL).
 */
function cookieOptions(req: Request) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    secure: servicesOf(req).config.secureCookies,
  };
}

export function setSessionCookie(req: Request, res: Response, secret: string): void {
  res.cookie(SESSION_COOKIE, secret, { ...cookieOptions(req), maxAge: SESSION_LIFETIME_MS });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

export function sessionCookieOf(req: Request): string | undefined {
  return (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
}
