import type { Sequelize } from 'sequelize';
import type { Actor } from '../access/actor';
import type { BlobStore } from '../domain/documents/blob-store';
import { isMediaType } from '../domain/documents/names';
import { storeBlob } from '../domain/documents/service';
import { DomainError } from '../domain/errors';
import { prepareMessage } from '../domain/messages/service';
import { createLeadFromEmail } from '../filing/create-from-email';
import type { EmailInput } from '../filing/email';
import { attachmentDocumentName, fileEmail } from '../filing/file-message';
import { parseRawEmail } from '../filing/parse-mime';
import { PreparedEmail, toMessageInput } from '../filing/prepare-email';
import { automatedMailKind, headerFields } from './automated-mail';
import { fencedWrite, MailboxFence } from './leases';
import type { GatewayMailbox } from './model';
import { applyPrivacy } from './privacy';
import { gatherRoutingFacts } from './route-facts';
import { Route, routeMessage } from './route-message';

/** What taking one message came to: stored (on which route) or skipped with a reason. */
export type TakeOutcome = { taken: true; by: string } | { taken: false; reason: string };

/** Everything one check shares between its messages. */
export interface TakeContext {
  sequelize: Sequelize;
  blobs: BlobStore;
  fence: MailboxFence;
  mailbox: GatewayMailbox;
  /** The mailbox owner's rights, with the mailbox's address as "me" (direction, counterparty, never-log). */
  actor: Actor;
  ownDomains: ReadonlySet<string>;
  /** Test hook: runs after the message's transaction committed (a crash there must not store it twice). */
  afterCommit?: (uid: number) => void;
}

/**
 * One fetched message through the filing service (one code path stores a message, whatever brought it): read the
 * header for automated mail, parse, cut to the mailbox's privacy level, route, and store in one fenced unit of work.
 * Attachment bytes go to the blob store before the transaction (issue #10: no large writes under the write lock).
 * Repeating it for the same bytes is harmless: the message is found by its identity (Message-ID and content), its
 * links and documents exist, and a lead made from it is found through the stored copy (route-message.ts).
 */
export async function takeMessage(ctx: TakeContext, uid: number, source: Buffer): Promise<TakeOutcome> {
  const automated = automatedMailKind(headerFields(source));
  if (automated) return { taken: false, reason: automated };
  let email: EmailInput;
  try {
    email = await parseRawEmail(source);
  } catch (err) {
    if (err instanceof DomainError) return { taken: false, reason: 'unparsable' };
    throw err;
  }
  email = applyPrivacy(email, ctx.mailbox.kind === 'team' ? 'full' : ctx.mailbox.privacy);
  if (email.attachments.length) {
    // Decided once before any attachment byte is written: a private mail's files never reach the disk.
    const early = await routeOutsideTransaction(ctx, email);
    if (early.action === 'skip') return outcomeOf(early);
  }
  const prepared = await prepare(ctx, email);
  const route = await fencedWrite(ctx.sequelize, ctx.fence, async (tx) => {
    const facts = await gatherRoutingFacts(ctx.actor, ctx.mailbox, email, prepared, null, ctx.ownDomains, tx);
    const decided = routeMessage(facts);
    const domain = { actor: ctx.actor, sequelize: ctx.sequelize, tx, blobs: ctx.blobs };
    if (decided.action === 'file') await fileEmail(domain, prepared, decided.targets);
    if (decided.action === 'create_lead') {
      // A lead from the team alias: subject → name, sender → contact; no partner is created (conversion does that).
      await createLeadFromEmail(domain, prepared, { teamId: ctx.mailbox.teamId, salespersonId: null, source: 'email' });
    }
    return decided;
  });
  ctx.afterCommit?.(uid);
  return outcomeOf(route);
}

async function routeOutsideTransaction(ctx: TakeContext, email: EmailInput): Promise<Route> {
  const { attachments: _attachments, ...rest } = email;
  const message = prepareMessage(ctx.actor, toMessageInput(ctx.actor, rest));
  const prepared = { email: rest, message, attachments: [] };
  const facts = await gatherRoutingFacts(ctx.actor, ctx.mailbox, email, prepared, null, ctx.ownDomains);
  return routeMessage(facts);
}

function outcomeOf(route: Route): TakeOutcome {
  if (route.action === 'skip') return { taken: false, reason: route.reason };
  return { taken: true, by: route.action === 'create_lead' ? 'new_lead' : route.by };
}

/** The CPU and blob work before the transaction (filing/prepare-email.ts without its never-log refusal: routing decides). */
async function prepare(ctx: TakeContext, email: EmailInput): Promise<PreparedEmail> {
  const { attachments, ...rest } = email;
  const stored = [];
  for (const attachment of attachments) {
    stored.push({
      name: attachmentDocumentName(attachment.name),
      mediaType: isMediaType(attachment.mediaType) ? attachment.mediaType : 'application/octet-stream',
      blob: await storeBlob(ctx.blobs, attachment.content),
    });
  }
  return { email: rest, message: prepareMessage(ctx.actor, toMessageInput(ctx.actor, rest)), attachments: stored };
}
