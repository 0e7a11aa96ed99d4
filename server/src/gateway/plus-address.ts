import { normalizeEmail } from '@akte/core';
import type { RecordRef } from '../filing/targets';

/**
 * The record a plus-address names: `sales+opp-42@example.com` or `sales+lead-42@…` → lead 42,
 * `sales+partner-7@…` → partner 7 (subaddressing, RFC 5233: the detail part after the separator). Only addresses
 * whose base is the mailbox's own address count: `sales+opp-42@` sent to another domain says nothing to this mailbox.
 */
export function plusAddressTarget(recipients: readonly string[], mailboxAddress: string): RecordRef | null {
  const mailbox = normalizeEmail(mailboxAddress);
  const at = mailbox.lastIndexOf('@');
  if (at <= 0) return null;
  const [local, domain] = [mailbox.slice(0, at), mailbox.slice(at + 1)];
  for (const raw of recipients) {
    const address = normalizeEmail(raw);
    const match = /^([^+@]+)\+(opp|lead|partner)-([1-9]\d{0,9})@(.+)$/.exec(address);
    if (!match || match[1] !== local || match[4] !== domain) continue;
    const id = Number(match[3]);
    if (!Number.isSafeInteger(id)) continue;
    return { recordType: match[2] === 'partner' ? 'partner' : 'lead', recordId: id };
  }
  return null;
}

/** The reply address that routes back to a record (outgoing mail puts it in Reply-To). */
export function plusAddressFor(mailboxAddress: string, ref: RecordRef): string {
  const at = mailboxAddress.lastIndexOf('@');
  const tag = ref.recordType === 'partner' ? 'partner' : 'opp';
  return `${mailboxAddress.slice(0, at)}+${tag}-${ref.recordId}${mailboxAddress.slice(at)}`;
}
