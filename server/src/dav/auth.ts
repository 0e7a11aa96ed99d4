import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Actor } from '../access/actor';
import { actorForToken } from '../domain/users/tokens';
import { DavError } from './errors';
import { throttledAddress } from '../domain/users/login-throttle';
import { AttemptLimit, countAttempt } from '../throttle/attempt-counts';

/**
 * HTTP Basic (RFC 7617) with the user's email as username and a personal API token as password: the one thing
 * iOS, DAVx5, Thunderbird and Evolution all offer. Tokens are looked up by hash; the email is then compared in
 * constant time so a valid token with a wrong username fails the same way as a wrong token.
 */
export const REALM = 'Akte';

/**
 * Failed logins per user name and client address (davLoginLimit): after 10 in 15 minutes every further failure of that
 * key gets 429 until the counts leave room. Counted on the attempt throttle every server process shares
 * (throttle/attempt-counts.ts), so N processes do not allow N times the failures. Tokens are random, so the limit only
 * keeps a misconfigured client or a guesser from hammering the token lookup.
 */
export const DAV_LOGIN_LIMIT = { max: 10, windowMs: 15 * 60_000 };

/**
 * The limit's key: the user name as sent (normalized like a login address) with the client address. Not the
 * address alone: colleagues behind one office NAT must not lock each other out with a mistyped token. Pure.
 */
export function davLoginKey(username: string, ip: string): string {
  return `${throttledAddress(username)}|${ip}`;
}

/** The limit a failed DAV login counts against (kind `dav-login`). Pure. */
export function davLoginLimit(username: string, ip: string): AttemptLimit {
  return { kind: 'dav-login', subject: davLoginKey(username, ip), ...DAV_LOGIN_LIMIT };
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
 * A valid token with its user's email always authenticates, however many failures its key has: the limit brakes
 * failures, it never locks out a client that knows the secret (a phone must keep syncing while a colleague's
 * misconfigured laptop behind the same NAT keeps failing). So the success path reads and writes no count — not one
 * statement beyond the token lookup on the requests phones send all day — and a failure costs one transaction that
 * counts it and decides. A password that is not token-shaped (no `akte_` prefix: an account password typed into a
 * client) is not looked up at all and fails straight away; it counts like a wrong token.
 */
export async function authenticateDav(req: Request): Promise<Actor> {
  const credentials = parseBasicAuth(req.headers.authorization);
  if (!credentials) throw unauthorized('Authentication required');
  const { sequelize } = req.akte.services;
  const actor = await actorForToken(sequelize, credentials.password);
  if (actor && sameText(actor.email, credentials.username)) return actor;
  const decision = await countAttempt(
    sequelize,
    [davLoginLimit(credentials.username, req.ip ?? 'unknown')],
    Date.now(),
  );
  if (!decision.allowed) {
    throw new DavError(429, 'Too many failed logins; try again later', undefined, {
      'Retry-After': String(decision.retryAfterSeconds),
    });
  }
  throw unauthorized('Wrong username or app password (use your email and a personal API token)');
}
