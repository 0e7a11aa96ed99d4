import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Request, Response, Router } from 'express';
import cookieParser from 'cookie-parser';
import { servicesOf } from '../http/context';
import { checkCredentials } from '../domain/users/login';
import { passwordAttemptsOf, throttledAddress } from '../domain/users/login-throttle';
import { CONNECT_PAGE_CSP, PageError, PageLocale, renderConnectPage, renderErrorPage } from './connect-page';
import { cleanDeviceName, isAllowedRedirect, issuePairingCode, PairingClient } from './pairing-code';
import { pairingSecret } from './pairing';

/**
 * GET/POST /addin/connect — the page the add-in opens in a dialog (Office `displayDialogAsync`, or a Thunderbird
 * popup): sign in, approve the device, and be sent back to the add-in page with a one-time pairing code, which the
 * add-in exchanges at POST /api/v1/filing/pair. The page works before any session exists, so its CSRF protection is
 * a double-submit token: a random value in a SameSite=Strict cookie that must come back in the form.
 */
const CSRF_COOKIE = 'akte_connect_csrf';

export function connectRouter(): Router {
  const router = express.Router();
  router.use(cookieParser());
  router.get('/connect', showConnectPage);
  router.post('/connect', express.urlencoded({ extended: false, limit: '16kb' }), submitConnectPage);
  return router;
}

interface ConnectParams {
  deviceName: string;
  client: PairingClient;
  redirect: string;
}

function localeOf(req: Request): PageLocale {
  return req.acceptsLanguages('de', 'en') === 'en' ? 'en' : 'de';
}

function allowedOrigins(req: Request): string[] {
  return [servicesOf(req).config.publicUrl];
}

function pageHeaders(res: Response): void {
  res.set({
    'Content-Security-Policy': CONNECT_PAGE_CSP,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
  });
  res.type('html');
}

/** Validates device, client and redirect; answers the 400 page itself and returns null when they are bad. */
function readParams(req: Request, res: Response, source: Record<string, unknown>): ConnectParams | null {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const redirect = text(source.redirect);
  const deviceName = cleanDeviceName(text(source.device));
  const error: PageError | null = !isAllowedRedirect(redirect, allowedOrigins(req))
    ? 'badRedirect'
    : deviceName
      ? null
      : 'badDevice';
  if (error) {
    pageHeaders(res);
    res.status(400).send(renderErrorPage(localeOf(req), error));
    return null;
  }
  return { deviceName, client: text(source.client) === 'thunderbird' ? 'thunderbird' : 'outlook', redirect };
}

function withParam(url: string, name: string, value: string): string {
  const target = new URL(url);
  target.searchParams.set(name, value);
  return target.toString();
}

function sendForm(
  req: Request,
  res: Response,
  params: ConnectParams,
  status: number,
  error?: PageError,
  email?: string,
): void {
  const csrfToken = randomBytes(32).toString('base64url');
  res.cookie(CSRF_COOKIE, csrfToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: servicesOf(req).config.secureCookies,
    path: '/addin/connect',
    maxAge: 30 * 60 * 1000,
  });
  pageHeaders(res);
  res.status(status).send(
    renderConnectPage({
      locale: localeOf(req),
      ...params,
      csrfToken,
      email,
      error,
      cancelUrl: withParam(params.redirect, 'error', 'access_denied'),
    }),
  );
}

function showConnectPage(req: Request, res: Response): void {
  const params = readParams(req, res, req.query as Record<string, unknown>);
  if (params) sendForm(req, res, params, 200);
}

function csrfMatches(req: Request, given: unknown): boolean {
  const expected = (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE] ?? '';
  if (typeof given !== 'string' || !expected || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

async function submitConnectPage(req: Request, res: Response): Promise<void> {
  const form = (req.body ?? {}) as Record<string, unknown>;
  const params = readParams(req, res, form);
  if (!params) return;
  if (!csrfMatches(req, form.csrf)) return sendForm(req, res, params, 403, 'badForm');
  const email = typeof form.email === 'string' ? form.email.trim().slice(0, 254) : '';
  const password = typeof form.password === 'string' ? form.password.slice(0, 1024) : '';
  // The same brake as POST /api/v1/auth/login, and shared with it: this form checks the same passwords.
  const address = throttledAddress(email);
  const attempt = await passwordAttemptsOf(servicesOf(req)).start(address, req.ip ?? 'unknown');
  if (!attempt.decision.allowed) {
    res.set('Retry-After', String(attempt.decision.retryAfterSeconds));
    return sendForm(req, res, params, 429, 'tooManyAttempts', email);
  }
  const user = await attempt.check(async () => (address ? checkCredentials(address, password) : null));
  if (!user) return sendForm(req, res, params, 401, 'badLogin', email);

  const { code } = issuePairingCode(pairingSecret(servicesOf(req).config), {
    userId: user.id,
    deviceName: params.deviceName,
    client: params.client,
  });
  res.clearCookie(CSRF_COOKIE, { path: '/addin/connect' });
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  res.redirect(303, withParam(params.redirect, 'code', code));
}
