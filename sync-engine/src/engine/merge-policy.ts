import type { RecordKind } from '../codecs/fields';
import type { SyncDirection } from './storage-port';

export type Side = 'crm' | 'remote';

/**
 * Who wins when the same field changed on both sides since the last sync. Never a clock: the two systems' clocks
 * (and LAST-MODIFIED, REV) are not comparable, and "newest wins" is how vdirsyncer and Outlook importers lose edits.
 */
export interface MergePolicy {
  default: Side;
  fields: Readonly<Record<string, Side>>;
}

/**
 * Defaults from issue #11: CRM-owned fields (salesperson, stage, links to records — none of which a vCard carries,
 * plus the CRM's own classification: name, company, tags) win in the CRM; a person's own contact data — phones,
 * emails, addresses, birthday, note — wins remotely, where the person's phone or mail client keeps it current.
 * Events and tasks: the CRM wins (it holds the meeting's business context), except the attendee answers, which
 * the remote calendar receives from invitations.
 */
export function defaultMergePolicy(kind: RecordKind): MergePolicy {
  if (kind === 'contact') {
    return {
      default: 'crm',
      fields: {
        phones: 'remote',
        emails: 'remote',
        addresses: 'remote',
        birthday: 'remote',
        notes: 'remote',
        website: 'remote',
        jobTitle: 'remote',
      },
    };
  }
  if (kind === 'event') return { default: 'crm', fields: { attendees: 'remote' } };
  return { default: 'crm', fields: {} };
}

/**
 * A one-way collection's policy: the side it syncs from wins every field changed on both sides. The defaults say
 * whose edit is likelier to be current; in "to the CRM only" / "from the CRM only" the person already said it.
 */
export function policyForDirection(direction: SyncDirection, policy: MergePolicy): MergePolicy {
  if (direction === 'to-crm') return { default: 'remote', fields: {} };
  if (direction === 'from-crm') return { default: 'crm', fields: {} };
  return policy;
}

/** A collection's configured overrides on top of the defaults. */
export function withOverrides(policy: MergePolicy, overrides: Readonly<Record<string, Side>> = {}): MergePolicy {
  return { default: policy.default, fields: { ...policy.fields, ...overrides } };
}

export function winnerOf(policy: MergePolicy, field: string): Side {
  return policy.fields[field] ?? policy.default;
}
