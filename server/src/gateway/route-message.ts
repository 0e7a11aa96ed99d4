import type { RecordRef } from '../filing/targets';
import type { AutomatedKind } from './automated-mail';
import type { MailboxKind } from './model';

/** Why a message was not taken (the mailbox status counts them by reason). */
export type SkipReason = AutomatedKind | 'internal' | 'never_log' | 'no_known_contact';

/** What the gateway found out about one message before deciding (lookups done by the caller, route-facts.ts). */
export interface RoutingFacts {
  mailboxKind: MailboxKind;
  automated: AutomatedKind | null;
  /** Every participant is a colleague (an address of the company's own domains, or a CRM user). */
  internalOnly: boolean;
  /** Every participant but the mailbox is on a never-log list (filing/never-log.ts). */
  neverLogged: boolean;
  /** Records the thread is filed on, through Message-IDs that name one stored message (filing/thread.ts). */
  threadRecords: RecordRef[];
  /** The visible record a plus-address names (plus-address.ts), or null. */
  plusTarget: RecordRef | null;
  /** The message is already stored and on a lead (a copy from another mailbox, or this one before a crash). */
  leadsOfStoredCopy: RecordRef[];
  /** Partners known by a participant's address, each with its open opportunities. */
  partners: Array<{ partnerId: number; openOpportunityIds: number[] }>;
}

export type Route =
  | { action: 'skip'; reason: SkipReason }
  | { action: 'file'; targets: RecordRef[]; by: 'thread' | 'plus_address' | 'address' | 'stored_copy' }
  | { action: 'create_lead' };

/**
 * Where an incoming message goes, in the order (#14): automated mail, internal-only and never-logged mail
 * are skipped; a reply goes where its thread is; a plus-address names its record; a team mailbox turns anything
 * else into a new lead; a personal mailbox puts it into the history of the partners it was exchanged with (and on
 * a partner's open opportunity when there is exactly one — with two, which one is a guess), and skips mail with
 * nobody the CRM knows (a person's private mail is not the company's business).
 */
export function routeMessage(facts: RoutingFacts): Route {
  if (facts.automated) return { action: 'skip', reason: facts.automated };
  if (facts.neverLogged) return { action: 'skip', reason: 'never_log' };
  if (facts.internalOnly) return { action: 'skip', reason: 'internal' };
  if (facts.threadRecords.length) return { action: 'file', targets: facts.threadRecords, by: 'thread' };
  if (facts.plusTarget) return { action: 'file', targets: [facts.plusTarget], by: 'plus_address' };
  if (facts.mailboxKind === 'team') {
    // Idempotence: a crash after the commit, or the same mail in two team mailboxes, must not make a second lead.
    if (facts.leadsOfStoredCopy.length) return { action: 'file', targets: facts.leadsOfStoredCopy, by: 'stored_copy' };
    return { action: 'create_lead' };
  }
  if (!facts.partners.length) return { action: 'skip', reason: 'no_known_contact' };
  const targets: RecordRef[] = [];
  for (const partner of facts.partners) {
    targets.push({ recordType: 'partner', recordId: partner.partnerId });
    if (partner.openOpportunityIds.length === 1)
      targets.push({ recordType: 'lead', recordId: partner.openOpportunityIds[0] });
  }
  return { action: 'file', targets: dedupe(targets), by: 'address' };
}

function dedupe(refs: RecordRef[]): RecordRef[] {
  const seen = new Map(refs.map((r) => [`${r.recordType}:${r.recordId}`, r]));
  return [...seen.values()];
}

/**
 * Internal-only: every participant's domain is one of the company's own (the domains of its users' addresses).
 * Mail among colleagues is not customer history. Freemail domains never count as own (filing/freemail.ts decides
 * that before this is called).
 */
export function isInternalOnly(participants: readonly string[], ownDomains: ReadonlySet<string>): boolean {
  const domains = participants.map((a) => a.toLowerCase().split('@')[1] ?? '').filter(Boolean);
  return domains.length > 0 && domains.every((d) => ownDomains.has(d));
}
