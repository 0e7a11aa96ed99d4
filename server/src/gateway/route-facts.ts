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
import { RecordRef, refKey, visibleRecords } from '../filing/targets';
import { threadRecords } from '../filing/thread';
import type { GatewayMailbox } from './model';
import { plusAddressTarget } from './plus-address';
import { isInternalOnly, RoutingFacts } from './route-message';

/** The company's own mail domains: those of its users' addresses, freemail excluded (a gmail.com user is no domain). */
export async function ownMailDomains(tx?: Transaction): Promise<Set<string>> {
  const users = await User.findAll({ attributes: ['email'], transaction: tx });
  return new Set(users.map((u) => emailDomain(normalizeEmail(u.email))).filter((d) => d && !isFreemailDomain(d)));
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
): Promise<RoutingFacts> {
  const me = normalizeEmail(mailbox.address);
  const participants = participantsOf(email).map(normalizeEmail).filter(Boolean);
  const others = [...new Set(participants.filter((a) => a !== me))];
  const entries = neverLogEntries;
  const neverLogged = decideNeverLog(participants, me, entries).action === 'refuse';
  const thread = await threadRecords(actor, email.inReplyTo, email.references, tx);
  const plus = plusAddressTarget(
    [...email.to, ...email.cc].map((a) => a.address),
    mailbox.address,
  );
  const plusVisible = plus ? (await visibleRecords(actor, [plus], tx)).has(refKey(plus)) : false;
  return {
    mailboxKind: mailbox.kind,
    // Automated mail is recognized from the header before anything is looked up (take-message.ts).
    automated: null,
    internalOnly: isInternalOnly(others.length ? others : participants, ownDomains),
    neverLogged,
    threadRecords: thread.map((r) => ({ recordType: r.recordType, recordId: r.recordId })),
    plusTarget: plusVisible ? plus : null,
    // Only a team mailbox makes leads; only there a stored copy's lead matters.
    leadsOfStoredCopy: prepared && mailbox.kind === 'team' ? await leadsOfStoredCopy(prepared, tx) : [],
    partners: await partnersByAddress(
      actor,
      others.filter((a) => !isNeverLogged(a, entries)),
      tx,
    ),
  };
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

async function partnersByAddress(
  actor: Actor,
  addresses: string[],
  tx?: Transaction,
): Promise<RoutingFacts['partners']> {
  if (!addresses.length) return [];
  const rows = await PartnerEmail.findAll({
    where: { emailNormalized: { [Op.in]: addresses } },
    attributes: ['partnerId'],
    transaction: tx,
  });
  if (!rows.length) return [];
  const partners = await Partner.findAll({
    where: within(partnerScope(actor), {
      archived: false,
      id: { [Op.in]: [...new Set(rows.map((r) => r.partnerId))] },
    }),
    attributes: ['id'],
    order: [['id', 'ASC']],
    transaction: tx,
  });
  if (!partners.length) return [];
  const open = await Lead.findAll({
    where: within(leadScope(actor), {
      partnerId: { [Op.in]: partners.map((p) => p.id) },
      type: 'opportunity',
      state: 'open',
      active: true,
    }),
    attributes: ['id', 'partnerId'],
    order: [['id', 'ASC']],
    transaction: tx,
  });
  return partners.map((p) => ({
    partnerId: p.id,
    openOpportunityIds: open.filter((l) => l.partnerId === p.id).map((l) => l.id),
  }));
}
