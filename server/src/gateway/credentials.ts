import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ServerKey } from '../secrets/server-key';

/**
 * A mailbox password, sealed with the server key's `mail-gateway` subkey (AES-256-GCM, a fresh 96-bit nonce per
 * seal, NIST SP 800-38D; secrets/server-key.ts): the database holds `v1.<nonce>.<tag>.<ciphertext>` only, so a dump
 * or a backup does not reveal anyone's mail password. Opened with another key, authentication fails loudly.
 */
const PURPOSE = 'mail-gateway';

export function sealMailboxPassword(key: ServerKey, secret: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.subkey(PURPOSE), nonce);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', ...[nonce, cipher.getAuthTag(), data].map((p) => p.toString('base64url'))].join('.');
}

export function openMailboxPassword(key: ServerKey, sealed: string): string {
  const [version, nonce, tag, data] = sealed.split('.');
  if (version !== 'v1' || data === undefined) throw new Error('The mailbox password is not in a known sealed format');
  const decipher = createDecipheriv('aes-256-gcm', key.subkey(PURPOSE), Buffer.from(nonce, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'The mailbox password cannot be opened with this server key (AKTE_SECRET_KEY or data/secret.key changed?)',
    );
  }
}
