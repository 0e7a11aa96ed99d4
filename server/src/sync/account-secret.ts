import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ServerKey } from '../secrets/server-key';

/**
 * A remote account's password, sealed with the server key's `sync-accounts` subkey (AES-256-GCM, a fresh 96-bit
 * nonce per seal, NIST SP 800-38D): the database holds `v1.<nonce>.<tag>.<ciphertext>` only, so a dump, a backup or
 * a read-only SQL injection does not reveal a user's Nextcloud password. A sealed value opened with another key
 * fails authentication instead of yielding garbage.
 */
const PURPOSE = 'sync-accounts';

export function sealSecret(key: ServerKey, secret: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.subkey(PURPOSE), nonce);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', nonce, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function openSecret(key: ServerKey, sealed: string): string {
  const [version, nonce, tag, data] = sealed.split('.');
  if (version !== 'v1' || data === undefined) throw new Error('The account secret is not in a known sealed format');
  const decipher = createDecipheriv('aes-256-gcm', key.subkey(PURPOSE), Buffer.from(nonce, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'The account secret cannot be opened with this server key (AKTE_SECRET_KEY or data/secret.key changed?)',
    );
  }
}
