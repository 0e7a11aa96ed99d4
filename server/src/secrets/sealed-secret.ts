import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ServerKey } from './server-key';

/**
 * A password for a remote server (a DAV account's, a mailbox's) that the database keeps, sealed with the server key's
 * subkey for one purpose (AES-256-GCM, a fresh 96-bit nonce per seal, NIST SP 800-38D): the database holds
 * `v1.<nonce>.<tag>.<ciphertext>` only, so a dump, a backup or a read-only SQL injection does not reveal it. A sealed
 * value opened with another key or for another purpose fails authentication loudly instead of yielding garbage.
 */
export interface SealPurpose {
  /** The HKDF purpose of the subkey (server-key.ts): one per kind of secret, never shared. */
  purpose: string;
  /** What the secret is, in error messages: "mailbox password", "account secret". */
  noun: string;
}

export function sealSecret(key: ServerKey, use: SealPurpose, secret: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.subkey(use.purpose), nonce);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', ...[nonce, cipher.getAuthTag(), data].map((p) => p.toString('base64url'))].join('.');
}

export function openSecret(key: ServerKey, use: SealPurpose, sealed: string): string {
  const [version, nonce, tag, data] = sealed.split('.');
  if (version !== 'v1' || data === undefined) throw new Error(`The ${use.noun} is not in a known sealed format`);
  const decipher = createDecipheriv('aes-256-gcm', key.subkey(use.purpose), Buffer.from(nonce, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      `The ${use.noun} cannot be opened with this server key (AKTE_SECRET_KEY or data/secret.key changed?)`,
    );
  }
}
