import { emailDomain, normalizeEmail } from '@akte/core';
import { Op, Transaction } from 'sequelize';
import type { Actor } from '../access/actor';
import { leadScope, partnerScope, within } from '../access/policy';
import { Lead } from '../domain/leads/model';
import { Message, MessageLink } from '../domain/messages/model';
import { Partner, PartnerEmail } from '../domain/partners/model';
import { User } from '../domain/users/model';
import type { EmailInput } from '../filing/email';
import { participantsOf } from '../filing/file-message';
import { isFreemailDomain } from '../filing/freemail';
import { decideNeverLog, isNeverLogged } from '../filing/never-log';
import type { PreparedEmail } from '../filing/prepare-email';
import { FilingRecord, RecordRef, refKey, visibleRecords } from '../filing/targets';
import { threadRecords } from '../filing/thread';
import type { GatewayMailbox } from './model';
import { plusAddressTarget } from './plus-address';
import { isInternalOnly, RoutingFacts } from './route-message';

/** The company's own mail domains: those of its users' addresses, freemail excluded (a gmail.com user is no domain). */
export async function ownMailDomains(tx?: Transaction): Promise<Set<string>> {
  const users = await User.findAll({ attributes: ['email'], transaction: tx });
  return new Set(users.map((u) => emailDomain(normalizeEmail(u.email))).filter((d) => d && !isFreemailDomain(d)));
}

/** What routing decided on, and the records among them seen visible to the actor on the way (keyed by refKey). */
export interface GatheredFacts {
  facts: RoutingFacts;
  /** Visibility was checked for these in the lookups' transaction: filing them needs no second check. */
  visible: ReadonlyMap<string, FilingRecord>;
}

/**
 * Looks up everything routeMessage (route-message.ts) decides on, as the mailbox's actor sees it: the thread's
 * records, the plus-addressed record, a stored copy's leads, the partners by address with their open opportunities.
 */
export async function gatherRoutingFacts(
  actor: Actor,
  mailbox: GatewayMailbox,
  email: EmailInput,
  prepared: PreparedEmail | null,
  ownDomains: ReadonlySet<string>,
  neverLogEntries: readonly string[],
  tx?: Transaction,
  directory?: PartnerDirectory,
): Promise<GatheredFacts> {
  const me = normalizeEmail(mailbox.address);
  const participants = participantsOf(email).map(normalizeEmail).filter(Boolean);
  const others = [...new Set(participants.filter((a) => a !== me))];
  const entries = neverLogEntries;
  const addresses = partnerAddresses(mailbox, email, entries);
  const neverLogged = decideNeverLog(participants, me, entries).action === 'refuse';
  const thread = await threadRecords(actor, email.inReplyTo, email.references, tx);
  const plus = plusAddressTarget(
    [...email.to, ...email.cc].map((a) => a.address),
    mailbox.address,
  );
  const plusRecord = plus ? (await visibleRecords(actor, [plus], tx)).get(refKey(plus)) : undefined;
  const partners = directory ?? (await partnerDirectory(actor, addresses, tx));
  const visible = new Map<string, FilingRecord>([
    ...thread.map((r): [string, FilingRecord] => [refKey(r), r]),
    ...(plusRecord ? [[refKey(plusRecord), plusRecord] as [string, FilingRecord]] : []),
    ...partners.recordsOf(addresses).map((r): [string, FilingRecord] => [refKey(r), r]),
  ]);
  const facts: RoutingFacts = {
    mailboxKind: mailbox.kind,
    // Automated mail is recognized from the header before anything is looked up (take-message.ts).
    automated: null,
    internalOnly: isInternalOnly(others.length ? others : participants, ownDomains),
    neverLogged,
    threadRecords: thread.map((r) => ({ recordType: r.recordType, recordId: r.recordId })),
    plusTarget: plusRecord ? plus : null,
    // Only a team mailbox makes leads; only there a stored copy's lead matters.
    leadsOfStoredCopy: prepared && mailbox.kind === 'team' ? await leadsOfStoredCopy(prepared, tx) : [],
    partners: partners.partnersOf(addresses),
  };
  return { facts, visible };
}

/** The addresses a message's partners are looked up by: every participant but the mailbox, never-logged ones left out. */
export function partnerAddresses(
  mailbox: Pick<GatewayMailbox, 'address'>,
  email: Pick<EmailInput, 'from' | 'to' | 'cc'>,
  neverLogEntries: readonly string[],
): string[] {
  const me = normalizeEmail(mailbox.address);
  const participants = participantsOf(email).map(normalizeEmail).filter(Boolean);
  return [...new Set(participants.filter((a) => a !== me && !isNeverLogged(a, neverLogEntries)))];
}

/** The leads a stored message with this very identity (Message-ID and content) is already on. */
async function leadsOfStoredCopy(prepared: PreparedEmail, tx?: Transaction): Promise<RecordRef[]> {
  const stored = await Message.findAll({
    where: { messageIdHash: prepared.message.values.messageIdHash, contentHash: prepared.message.contentHash },
    attributes: ['id'],
    transaction: tx,
  });
  if (!stored.length) return [];
  const links = await MessageLink.findAll({
    where: { messageId: { [Op.in]: stored.map((m) => m.id) }, recordType: 'lead' },
    attributes: ['recordId'],
    order: [['id', 'ASC']],
    transaction: tx,
  });
  return [...new Set(links.map((l) => l.recordId))].map((recordId) => ({ recordType: 'lead' as const, recordId }));
}

/** Partners by address, with their open opportunities, as an actor sees them: looked up once for many messages. */
export interface PartnerDirectory {
  partnersOf(addresses: readonly string[]): RoutingFacts['partners'];
  /** The same partners and open opportunities as the records filing takes (visibility checked by the lookup). */
  recordsOf(addresses: readonly string[]): FilingRecord[];
}

/**
 * The partners known by any of `addresses` (visible, not archived) with their open opportunities, in three queries
 * however many messages ask: a fetch group's messages are routed on one directory inside their transaction
 * instead of three lookups each. Each message's answer is what its own lookup would have been: partners in id
 * order, each with its open opportunities in id order.
 */
export async function partnerDirectory(
  actor: Actor,
  addresses: Iterable<string>,
  tx?: Transaction,
): Promise<PartnerDirectory> {
  const wanted = [...new Set(addresses)];
  const byAddress = new Map<string, number[]>();
  const openOf = new Map<number, number[]>();
  const records = new Map<string, FilingRecord>();
  const partnersOf = (list: readonly string[]) => {
    const ids = new Set(list.flatMap((a) => byAddress.get(a) ?? []));
    return [...ids]
      .sort((a, b) => a - b)
      .map((partnerId) => ({ partnerId, openOpportunityIds: openOf.get(partnerId) ?? [] }));
  };
  const directory: PartnerDirectory = {
    partnersOf,
    recordsOf: (list) =>
      partnersOf(list).flatMap(({ partnerId, openOpportunityIds }) =>
        [`partner:${partnerId}`, ...openOpportunityIds.map((id) => `lead:${id}`)].map((key) => records.get(key)!),
      ),
  };
  if (!wanted.length) return directory;
  const rows = await PartnerEmail.findAll({
    where: { emailNormalized: { [Op.in]: wanted } },
    attributes: ['partnerId', 'emailNormalized'],
    transaction: tx,
  });
  if (!rows.length) return directory;
  const partners = await Partner.findAll({
    where: within(partnerScope(actor), {
      archived: false,
      id: { [Op.in]: [...new Set(rows.map((r) => r.partnerId))] },
    }),
    attributes: ['id', 'name'],
    transaction: tx,
  });
  if (!partners.length) return directory;
  const visible = new Set(partners.map((p) => p.id));
  for (const p of partners)
    records.set(`partner:${p.id}`, { recordType: 'partner', recordId: p.id, name: p.name, partnerId: p.id });
  for (const row of rows) {
    if (!visible.has(row.partnerId)) continue;
    byAddress.set(row.emailNormalized, [...(byAddress.get(row.emailNormalized) ?? []), row.partnerId]);
  }
  const open = await Lead.findAll({
    where: within(leadScope(actor), {
      partnerId: { [Op.in]: [...visible] },
      type: 'opportunity',
      state: 'open',
      active: true,
    }),
    attributes: ['id', 'partnerId', 'name', 'type'],
    order: [['id', 'ASC']],
    transaction: tx,
  });
  for (const lead of open) {
    const { id: recordId, name, partnerId, type: leadType } = lead;
    records.set(`lead:${recordId}`, { recordType: 'lead', recordId, name, partnerId, leadType });
  }
  for (const lead of open) openOf.set(lead.partnerId!, [...(openOf.get(lead.partnerId!) ?? []), lead.id]);
  return directory;
}
