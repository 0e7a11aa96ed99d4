import type { ServerKey } from '../secrets/server-key';
import { openSecret, sealSecret, type SealPurpose } from '../secrets/sealed-secret';

/**
 * A remote account's password, sealed with the server key's `sync-accounts` subkey (secrets/sealed-secret.ts): a
 * dump, a backup or a read-only SQL injection does not reveal a user's Nextcloud password.
 */
const ACCOUNT_PASSWORD: SealPurpose = { purpose: 'sync-accounts', noun: 'account secret' };

export function sealAccountPassword(key: ServerKey, secret: string): string {
  return sealSecret(key, ACCOUNT_PASSWORD, secret);
}

export function openAccountPassword(key: ServerKey, sealed: string): string {
  return openSecret(key, ACCOUNT_PASSWORD, sealed);
}
