import { normalizeEmail } from '@akte/core';
import type { Mailbox } from './model';

export interface AddressRow {
  emailNormalized: string;
  role: 'from' | 'to' | 'cc';
}

/**
 * The rows of message_addresses for one message: each valid address once per role, normalized for matching
 * (core/src/normalize.ts). Invalid addresses are skipped: they are kept in the message, but nothing can match them.
 */
export function addressRows(from: Mailbox | null, to: readonly Mailbox[], cc: readonly Mailbox[]): AddressRow[] {
  const rows: AddressRow[] = [];
  const seen = new Set<string>();
  const add = (mailbox: Mailbox, role: AddressRow['role']) => {
    const emailNormalized = normalizeEmail(mailbox.address);
    const key = `${role} ${emailNormalized}`;
    if (!emailNormalized || seen.has(key)) return;
    seen.add(key);
    rows.push({ emailNormalized, role });
  };
  if (from) add(from, 'from');
  for (const mailbox of to) add(mailbox, 'to');
  for (const mailbox of cc) add(mailbox, 'cc');
  return rows;
}
