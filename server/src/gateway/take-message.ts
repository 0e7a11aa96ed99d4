import type { Sequelize, Transaction } from 'sequelize';
import type { Actor } from '../access/actor';
import type { BlobStore } from '../domain/documents/blob-store';
import { isMediaType } from '../domain/documents/names';
import { storeBlob } from '../domain/documents/service';
import { DomainError } from '../domain/errors';
import { normalizeMessageId } from '../domain/messages/message-id';
import { prepareMessage, PreparedMessage } from '../domain/messages/service';
import { createLeadFromEmail } from '../filing/create-from-email';
import type { EmailInput } from '../filing/email';
import { attachmentDocumentName, EmailToFile, fileEmails } from '../filing/file-message';
import { parseRawEmail } from '../filing/parse-mime';
import { neverLogEntriesFor } from '../filing/settings';
import { PreparedEmail, toMessageInput } from '../filing/prepare-email';
import { automatedMailKind, headerFields } from './automated-mail';
import type { Lease } from '../workers/leases';
import { mailboxLeases, MailboxLeaseLostError } from './leases';
import type { GatewayMailbox } from './model';
import { applyPrivacy, privacyLevelOf } from './privacy';
import { gatherRoutingFacts, partnerAddresses, partnerDirectory, PartnerDirectory } from './route-facts';
import { Route, routeMessage } from './route-message';
import { FilingRecord, refKey } from '../filing/targets';

/** What taking one message came to: stored (on which route) or skipped with a reason. */
export type TakeOutcome = { taken: true; by: string } | { taken: false; reason: string };

/** Everything one check shares between its messages. */
export interface TakeContext {
  sequelize: Sequelize;
  blobs: BlobStore;
  fence: Lease;
  mailbox: GatewayMailbox;
  /** The mailbox owner's rights, with the mailbox's address as "me" (direction, counterparty, never-log). */
  actor: Actor;
  ownDomains: ReadonlySet<string>;
  /** The owner's never-log entries, read once per check (filing decides again inside each transaction). */
  neverLog: string[];
  /** Test hook: runs after the message's transaction committed (a crash there must not store it twice). */
  afterCommit?: (uid: number) => void;
}

/** A message read and prepared, ready for its transaction. */
export interface ReadyMessage {
  uid: number;
  email: EmailInput;
  prepared: PreparedEmail;
}

/**
 * Everything of one fetched message that is not a row, before any transaction (issue #10: no parsing or large
 * writes under the write lock): automated mail is recognized from the header alone, the rest parsed, cut to the
 * mailbox's privacy level, and its attachments put into the blob store. Routing said from the header block already
 * that the message is taken (screen-headers.ts), so a private mail's body is never fetched and its files never
 * reach the disk.
 */
export async function readMessage(ctx: TakeContext, uid: number, source: Buffer): Promise<ReadyMessage | TakeOutcome> {
  const automated = automatedMailKind(headerFields(source));
  if (automated) return { taken: false, reason: automated };
  let email: EmailInput;
  try {
    email = await parseRawEmail(source);
  } catch (err) {
    if (err instanceof DomainError) return { taken: false, reason: 'unparsable' };
    throw err;
  }
  return readyMessage(ctx, uid, email);
}

/** A parsed message cut to the mailbox's privacy level, sanitized and fingerprinted once, its attachments stored. */
export async function readyMessage(ctx: TakeContext, uid: number, parsed: EmailInput): Promise<ReadyMessage> {
  const email = applyPrivacy(parsed, privacyLevelOf(ctx.mailbox));
  const message = prepareMessage(ctx.actor, toMessageInput(ctx.actor, email));
  return { uid, email, prepared: await prepare(ctx, email, message) };
}

/**
 * Stores read messages through the filing service (one code path stores a message, whatever brought it), routed
 * inside one fenced unit of work for the group: one commit for many small messages. A message the domain refuses
 * (a target made invisible meanwhile, a never-log list changed) must not hold the others back: the group is then
 * stored one message per transaction, and the refused one is skipped with its reason.
 *
 * Repeating this for the same bytes is harmless: the message is found by its identity (Message-ID and content),
 * its links and documents exist, and a lead made from it is found through the stored copy (route-message.ts).
 */
export async function storeMessages(ctx: TakeContext, ready: ReadyMessage[]): Promise<TakeOutcome[]> {
  if (!ready.length) return [];
  try {
    const routes = await mailboxLeases.inLease(ctx.sequelize, ctx.fence, async (tx) => {
      // The group's partners in three queries, not three per message (route-facts.ts).
      const addresses = ready.flatMap((m) => partnerAddresses(ctx.mailbox, m.email, ctx.neverLog));
      const directory = await partnerDirectory(ctx.actor, addresses, tx);
      // The never-log lists as this transaction sees them, read once for the group (filing decides on them again).
      const neverLog = await neverLogEntriesFor(ctx.actor.userId, tx);
      const group = new FilingGroup(ctx, tx, neverLog);
      const decided: Route[] = [];
      for (const message of ready) decided.push(await routeOne(ctx, message, tx, directory, group));
      await group.flush();
      return decided;
    });
    for (const message of ready) ctx.afterCommit?.(message.uid);
    return routes.map(outcomeOf);
  } catch (err) {
    // Not the message's fault (a lost lease, a busy or broken database): the check stops, the cursor stays.
    if (err instanceof MailboxLeaseLostError || !(err instanceof DomainError) || err.kind === 'busy') throw err;
    if (ready.length === 1) return [{ taken: false, reason: `refused_${err.code}` }];
  }
  const outcomes: TakeOutcome[] = [];
  for (const message of ready) outcomes.push(...(await storeMessages(ctx, [message])));
  return outcomes;
}

/**
 * The group's messages routed to records, filed together (filing/file-message.ts fileEmails: one statement per kind
 * of row for the whole group). Routing a message looks at what is stored — the thread its reply names, a stored
 * copy's leads — so a message naming a Message-ID still waiting here has the waiting ones stored first: it is routed
 * exactly as if every message before it had been stored one by one.
 */
class FilingGroup {
  private waiting: EmailToFile[] = [];
  private ids = new Set<string>();

  constructor(
    private readonly ctx: TakeContext,
    private readonly tx: Transaction,
    private readonly neverLogEntries: readonly string[],
  ) {}

  get domain() {
    return { actor: this.ctx.actor, sequelize: this.ctx.sequelize, tx: this.tx, blobs: this.ctx.blobs };
  }

  /** Before routing `email`: store the waiting messages if it names one of them (its own id, a thread's ids). */
  async before(email: EmailInput): Promise<void> {
    const named = [email.messageId, email.inReplyTo ?? '', ...email.references].map(normalizeMessageId);
    if (named.some((id) => id && this.ids.has(id))) await this.flush();
  }

  add(item: EmailToFile): void {
    this.waiting.push(item);
    this.ids.add(normalizeMessageId(item.prepared.email.messageId));
  }

  async flush(): Promise<void> {
    if (!this.waiting.length) return;
    const items = this.waiting;
    this.waiting = [];
    this.ids.clear();
    await fileEmails(this.domain, items, { neverLogEntries: this.neverLogEntries });
  }
}

async function routeOne(
  ctx: TakeContext,
  message: ReadyMessage,
  tx: Transaction,
  directory: PartnerDirectory,
  group: FilingGroup,
): Promise<Route> {
  const { email, prepared } = message;
  await group.before(email);
  const { facts, visible } = await gatherRoutingFacts(
    ctx.actor,
    ctx.mailbox,
    email,
    prepared,
    ctx.ownDomains,
    ctx.neverLog,
    tx,
    directory,
  );
  const decided = routeMessage(facts);
  if (decided.action === 'file') {
    // The targets were seen visible by the lookups just now, in this transaction: filing does not look again
    // (a stored copy's leads were not looked at that way: then filing checks them).
    const records = decided.targets.map((t) => visible.get(refKey(t)));
    const visibleTargets = records.every((r) => r !== undefined) ? (records as FilingRecord[]) : undefined;
    group.add({ prepared, targets: decided.targets, visibleTargets });
  }
  if (decided.action === 'create_lead') {
    // A lead from the team alias: subject → name, sender → contact; no partner is created (conversion does that).
    await group.flush();
    await createLeadFromEmail(group.domain, prepared, {
      teamId: ctx.mailbox.teamId,
      salespersonId: null,
      source: 'email',
    });
  }
  return decided;
}

export function outcomeOf(route: Route): TakeOutcome {
  if (route.action === 'skip') return { taken: false, reason: route.reason };
  return { taken: true, by: route.action === 'create_lead' ? 'new_lead' : route.by };
}

/** The CPU and blob work before the transaction (filing/prepare-email.ts without its never-log refusal: routing decides). */
async function prepare(ctx: TakeContext, email: EmailInput, message: PreparedMessage): Promise<PreparedEmail> {
  const { attachments, ...rest } = email;
  const stored = [];
  for (const attachment of attachments) {
    stored.push({
      name: attachmentDocumentName(attachment.name),
      mediaType: isMediaType(attachment.mediaType) ? attachment.mediaType : 'application/octet-stream',
      blob: await storeBlob(ctx.blobs, attachment.content),
    });
  }
  return { email: rest, message, attachments: stored };
}
