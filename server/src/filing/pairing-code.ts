import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Pairing codes: what the consent page hands back to the add-in, and the add-in exchanges once for an API token.
 * A code is `v1.<payload>.<HMAC-SHA256>` (base64url). The signature makes it unforgeable without a database row per
 * issued code; the nonce is recorded when the code is redeemed, so it works once; and it expires after two
 * minutes, so one that leaks from a URL or a log is worthless soon after. Pure: the secret and clock are passed in.
 */
export const PAIRING_CODE_LIFETIME_MS = 2 * 60 * 1000;

export type PairingClient = 'outlook' | 'thunderbird';

export interface PairingClaims {
  userId: number;
  deviceName: string;
  client: PairingClient;
  nonce: string;
  expiresAt: number;
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const sign = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(`akte-pairing.${payload}`).digest();

export function issuePairingCode(
  secret: string,
  claims: Omit<PairingClaims, 'nonce' | 'expiresAt'>,
  now = Date.now(),
): { code: string; claims: PairingClaims } {
  const full: PairingClaims = {
    ...claims,
    nonce: randomBytes(16).toString('hex'),
    expiresAt: now + PAIRING_CODE_LIFETIME_MS,
  };
  const payload = b64(
    JSON.stringify({ u: full.userId, d: full.deviceName, c: full.client, n: full.nonce, e: full.expiresAt }),
  );
  return { code: `v1.${payload}.${b64(sign(secret, payload))}`, claims: full };
}

export type CodeCheck =
  { ok: true; claims: PairingClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

export function verifyPairingCode(secret: string, code: string, now = Date.now()): CodeCheck {
  const [version, payload, signature, ...rest] = code.trim().split('.');
  if (version !== 'v1' || !payload || !signature || rest.length) return { ok: false, reason: 'malformed' };
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  let raw: { u?: unknown; d?: unknown; c?: unknown; n?: unknown; e?: unknown };
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof raw;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { u, d, c, n, e } = raw;
  if (
    typeof u !== 'number' ||
    typeof d !== 'string' ||
    (c !== 'outlook' && c !== 'thunderbird') ||
    typeof n !== 'string' ||
    typeof e !== 'number'
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (now > e) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { userId: u, deviceName: d, client: c, nonce: n, expiresAt: e } };
}

/** The name of the personal API token a pairing creates, e.g. "Outlook on Laptop Anna" (revocable in the web UI). */
export function pairedTokenName(client: PairingClient, deviceName: string): string {
  return `${client === 'thunderbird' ? 'Thunderbird' : 'Outlook'} on ${deviceName}`.slice(0, 200);
}

/**
 * Where the consent page may send the code: only pages of the allowed origins (the server's own public URL — the
 * add-in is served by the server under /addin/). Anything else would hand a login code to a foreign site.
 */
export function isAllowedRedirect(redirect: string, allowedOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(redirect);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return allowedOrigins.some((origin) => {
    try {
      return new URL(origin).origin === url.origin;
    } catch {
      return false;
    }
  });
}

/** A device name as shown in the token list: printable, single line, 1–100 characters. */
export function cleanDeviceName(raw: string): string {
  return raw
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
}
