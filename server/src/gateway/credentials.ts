import type { ServerKey } from '../secrets/server-key';
import { openSecret, sealSecret, type SealPurpose } from '../secrets/sealed-secret';

/**
 * A mailbox password (IMAP, and the SMTP account's), sealed with the server key's `mail-gateway` subkey
 * (secrets/sealed-secret.ts): never in clear in the database, and not to be opened with the sync accounts' subkey.
 */
const MAILBOX_PASSWORD: SealPurpose = { purpose: 'mail-gateway', noun: 'mailbox password' };

export function sealMailboxPassword(key: ServerKey, secret: string): string {
  return sealSecret(key, MAILBOX_PASSWORD, secret);
}

export function openMailboxPassword(key: ServerKey, sealed: string): string {
  return openSecret(key, MAILBOX_PASSWORD, sealed);
}
