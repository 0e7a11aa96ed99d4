import { ConflictError } from '../domain/errors';
import { LeaseTable, type Lease } from '../workers/leases';

/**
 * Leases with fencing tokens on `gateway_mailboxes` (workers/leases.ts, as the sync's collections): a check claims
 * its mailbox, stores messages and moves cursors only in writes that prove the lease is still its own, renews the
 * lease after every batch and gives it back with the time of the next check. An enabled mailbox is due at
 * `next_check_at`.
 */
export class MailboxLeaseLostError extends ConflictError {
  constructor(lease: Lease) {
    super(`Mailbox ${lease.id} is being checked by another worker now`, 'mailbox_busy', {
      mailboxId: lease.id,
      token: lease.token,
    });
  }
}

export const mailboxLeases = new LeaseTable({
  table: 'gateway_mailboxes',
  dueColumn: 'next_check_at',
  dueAlso: { where: 'enabled = ?', params: () => [true] },
  lost: (lease) => new MailboxLeaseLostError(lease),
});
