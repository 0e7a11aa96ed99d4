import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Actor } from '../access/actor';
import { actorForToken } from '../domain/users/tokens';
import { DavError } from './errors';
import { throttledAddress } from '../domain/users/login-throttle';

/**
 * HTTP Basic (RFC 7617) with the user's email as username and a personal API token as password: the one thing
 * iOS, DAVx5, Thunderbird and Evolution all offer. Tokens are looked up by hash; the email is then compared in
 * constant time so a valid token with a wrong username fails the same way as a wrong token.
 */
export const REALM = 'Akte';

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;

/**
 * Failed logins per key (user name and client address, see davLoginKey): after MAX_FAILURES in WINDOW_MS every
 * further failure of that key gets 429 until the window ends. A fixed window is enough here: tokens are random,
 * so the limiter only keeps a misconfigured client or a guesser from hammering the token lookup.
 */
export class FailedLoginLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly max = MAX_FAILURES,
    private readonly windowMs = WINDOW_MS,
  ) {}

  blocked(key: string, now = Date.now()): boolean {
    return this.retryAfterSeconds(key, now) !== null;
  }

  /** Seconds until `key` may fail again, or null when it is not blocked. */
  retryAfterSeconds(key: string, now = Date.now()): number | null {
    const entry = this.failures.get(key);
    if (!entry) return null;
    if (now - entry.since > this.windowMs) {
      this.failures.delete(key);
      return null;
    }
    if (entry.count < this.max) return null;
    return Math.max(1, Math.ceil((entry.since + this.windowMs - now) / 1000));
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

/**
 * The limiter's key: the user name as sent (normalized like a login address) with the client address. Not the
 * address alone: colleagues behind one office NAT must not lock each other out with a mistyped token. Pure.
 */
export function davLoginKey(username: string, ip: string): string {
  return `${throttledAddress(username)}|${ip}`;
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

/**
 * A valid token with its user's email always authenticates, however many failures its key has: the limiter brakes
 * failures, it never locks out a client that knows the secret (a phone must keep syncing while a colleague's
 * misconfigured laptop behind the same NAT keeps failing).
 */
export async function authenticateDav(req: Request, limiter: FailedLoginLimiter): Promise<Actor> {
  const credentials = parseBasicAuth(req.headers.authorization);
  if (!credentials) throw unauthorized('Authentication required');
  const key = davLoginKey(credentials.username, req.ip ?? 'unknown');
  const actor = await actorForToken(req.akte.services.sequelize, credentials.password);
  if (actor && sameText(actor.email, credentials.username)) {
    limiter.succeed(key);
    return actor;
  }
  const wait = limiter.retryAfterSeconds(key);
  if (wait !== null) {
    throw new DavError(429, 'Too many failed logins; try again later', undefined, { 'Retry-After': String(wait) });
  }
  limiter.fail(key);
  throw unauthorized('Wrong username or app password (use your email and a personal API token)');
}
