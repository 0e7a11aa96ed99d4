import { DomainError } from '../domain/errors';
import type { EmailInput } from '../filing/email';
import { threadMessageIds } from '../filing/thread';
import { automatedMailKind, headerFields } from './automated-mail';
import { parseHeaderEmail } from './header-email';
import type { FetchedMessage } from './imap-session';
import { bodyNeeded, privacyLevelOf } from './privacy';
import { gatherRoutingFacts, partnerAddresses, partnerDirectory } from './route-facts';
import { routeMessage } from './route-message';
import { outcomeOf, ReadyMessage, readyMessage, TakeContext, TakeOutcome } from './take-message';

/** What a message's header block told, before its body was fetched. */
export type Screened =
  /** Skipped: its body is never fetched, parsed or hashed. */
  | { uid: number; outcome: TakeOutcome }
  /** Taken, or not decidable from the header: the whole message is fetched and read. */
  | { uid: number; fetchSource: true }
  /** Taken, and the header is all the mailbox keeps (metadata or subject only): ready as it is. */
  | { uid: number; ready: ReadyMessage };

/**
 * Routes a fetch batch on its header blocks (BODY.PEEK[HEADER]): every rule of route-message.ts decides on header
 * fields and lookups alone (automated mail, never-log, internal-only, thread, plus-address, team alias, partners by
 * address), so auto-replies, bulk mail, strangers in a personal mailbox are skipped without their bodies — in the
 * bench mix a fifth of the messages and of their parsing and hashing. The partners of the whole batch are looked up
 * at once (three queries). The transaction routes a taken message again on what it then sees (take-message.ts).
 */
export async function screenHeaders(ctx: TakeContext, heads: readonly FetchedMessage[]): Promise<Screened[]> {
  const parsed: Array<{ uid: number; email: EmailInput }> = [];
  const screened = new Map<number, Screened>();
  for (const { uid, source } of heads) {
    const automated = automatedMailKind(headerFields(source));
    if (automated) {
      screened.set(uid, { uid, outcome: { taken: false, reason: automated } });
      continue;
    }
    try {
      parsed.push({ uid, email: parseHeaderEmail(source) });
    } catch (err) {
      // The whole message decides (and names the reason): a header alone may look broken where the message is not.
      if (!(err instanceof DomainError)) throw err;
      screened.set(uid, { uid, fetchSource: true });
    }
  }
  const addresses = parsed.flatMap(({ email }) => partnerAddresses(ctx.mailbox, email, ctx.neverLog));
  const directory = await partnerDirectory(ctx.actor, addresses);
  const level = privacyLevelOf(ctx.mailbox);
  const taken = new Set<string>();
  for (const { uid, email } of parsed) {
    const { facts } = await gatherRoutingFacts(
      ctx.actor,
      ctx.mailbox,
      email,
      null,
      ctx.ownDomains,
      ctx.neverLog,
      undefined,
      directory,
    );
    const route = routeMessage(facts);
    // A reply to a message taken earlier in this batch: that one is not stored yet, so its thread cannot be seen
    // here — the transaction, which stores them in UID order, decides.
    const threadInBatch = threadMessageIds(email.inReplyTo, email.references).some((id) => taken.has(id));
    if (route.action === 'skip' && !threadInBatch) {
      screened.set(uid, { uid, outcome: outcomeOf(route) });
      continue;
    }
    taken.add(email.messageId);
    if (bodyNeeded(level, email.messageIdSynthesized)) screened.set(uid, { uid, fetchSource: true });
    else screened.set(uid, { uid, ready: await readyMessage(ctx, uid, email) });
  }
  return heads.map(({ uid }) => screened.get(uid)!);
}
