import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Actor } from '../access/actor';
import { actorForToken } from '../domain/users/tokens';
import { DavError } from './errors';

/**
 * HTTP Basic (RFC 7617) with the user's email as username and a personal API token as password: the one thing
 * iOS, DAVx5, Thunderbird and Evolution all offer. Tokens are looked up by hash; the email is then compared in
 * constant time so a valid token with a wrong username fails the same way as a wrong token.
 */
export const REALM = 'Akte';

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;

/** Failed logins per client address: after MAX_FAILURES in WINDOW_MS every attempt gets 429 until the window ends. */
export class FailedLoginLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly max = MAX_FAILURES,
    private readonly windowMs = WINDOW_MS,
  ) {}

  blocked(key: string, now = Date.now()): boolean {
    const entry = this.failures.get(key);
    if (!entry) return false;
    if (now - entry.since > this.windowMs) {
      this.failures.delete(key);
      return false;
    }
    return entry.count >= this.max;
  }

  fail(key: string, now = Date.now()): void {
    const entry = this.failures.get(key);
    if (!entry || now - entry.since > this.windowMs) this.failures.set(key, { count: 1, since: now });
    else entry.count += 1;
    // Bound memory under a spray of addresses: forget the oldest entries.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}

export interface BasicCredentials {
  username: string;
  password: string;
}

/** Parses `Authorization: Basic …`; the username is URL-decoded because iOS sends `user%40example.com`. Pure. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  let username = decoded.slice(0, colon);
  try {
    username = decodeURIComponent(username);
  } catch {
    // A literal '%' in a username that is not an escape: keep it as sent.
  }
  return { username: username.trim(), password: decoded.slice(colon + 1) };
}

function sameText(a: string, b: string): boolean {
  // Hash first so the comparison is constant-time whatever the lengths.
  const ha = createHash('sha256').update(a.toLowerCase()).digest();
  const hb = createHash('sha256').update(b.toLowerCase()).digest();
  return timingSafeEqual(ha, hb);
}

function unauthorized(message: string): DavError {
  return new DavError(401, message, undefined, { 'WWW-Authenticate': `Basic realm="${REALM}", charset="UTF-8"` });
}

export async function authenticateDav(req: Request, limiter: FailedLoginLimiter): Promise<Actor> {
  const key = req.ip ?? 'unknown';
  if (limiter.blocked(key))
    throw new DavError(429, 'Too many failed logins; try again later', undefined, { 'Retry-After': '900' });
  const credentials = parseBasicAuth(req.headers.authorization);
  if (!credentials) throw unauthorized('Authentication required');
  const actor = await actorForToken(req.akte.services.sequelize, credentials.password);
  if (!actor || !sameText(actor.email, credentials.username)) {
    limiter.fail(key);
    throw unauthorized('Wrong username or app password (use your email and a personal API token)');
  }
  limiter.succeed(key);
  return actor;
}
