import type { Services } from '../http/context';
import { ConflictError, NotFoundError } from '../domain/errors';
import { User } from '../domain/users/model';
import { actorForUser } from '../domain/users/actors';
import { serverKeyOf } from '../secrets/server-key';
import { openMailboxPassword } from './credentials';
import {
  cursorAfterSelectedFetch,
  FetchPlan,
  FolderStatus,
  foldersToCheck,
  planFolderFetch,
  planSelectedFolderFetch,
} from './folder-cursor';
import { describeImapError, ImapSession } from './imap-session';
import { leaseOwnerName, type Lease } from '../workers/leases';
import { mailboxLeases } from './leases';
import { CheckReport, GatewayFolder, GatewayMailbox } from './model';
import { ownMailDomains } from './route-facts';
import { neverLogEntriesFor } from '../filing/settings';
import type { MailboxConnections } from './idle-watch';
import { Screened, screenHeaders } from './screen-headers';
import { ReadyMessage, readMessage, storeMessages, TakeContext, TakeOutcome } from './take-message';

export interface CheckOptions {
  /** This worker's name in leases. */
  owner?: string;
  leaseMs?: number;
  /** The IDLE listeners' connections (idle-watch.ts): a check uses its mailbox's instead of opening another. */
  connections?: MailboxConnections;
  /** Test hooks standing in for a crash: after a message was fetched, after its transaction committed. */
  faults?: { afterFetch?: (uid: number) => void; afterCommit?: (uid: number) => void };
}

const DEFAULT_LEASE_MS = 5 * 60_000;
/** A group's transaction holds SQLite's write lock for a few milliseconds: small enough for everyone else. */
const GROUP_MESSAGES = 25;
const GROUP_BYTES = 8 * 1024 * 1024;

/**
 * One pass over a mailbox's folders (`mail-check`, "check now", the periodic worker): claim its lease, open one IMAP
 * connection, and for each folder in turn take the messages after its cursor, stored in groups of up to 25 per
 * transaction. The cursor moves only after the messages below it are stored (after every fetch batch and at the
 * folder's end), so a crash anywhere repeats at most a batch — and a repeated message is found again by its
 * identity, never stored twice (take-message.ts).
 * The report is the mailbox's status (last check, taken, skipped by reason, errors).
 */
export async function checkMailbox(
  services: Services,
  mailboxId: number,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const { sequelize } = services;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const mailbox = await GatewayMailbox.findByPk(mailboxId);
  if (!mailbox) throw new NotFoundError('Mailbox', mailboxId);
  const fence = await mailboxLeases.claim(sequelize, options.owner ?? leaseOwnerName(), new Date(), leaseMs, mailboxId);
  if (!fence) throw new ConflictError(`Mailbox ${mailboxId} is being checked right now`, 'mailbox_busy');
  const report: CheckReport = { taken: 0, skipped: 0, skippedBy: {}, errors: [] };
  try {
    await runCheck(services, mailbox, fence, leaseMs, report, options);
  } catch (err) {
    report.errors.push(describeImapError(err));
  }
  await recordStatus(services, mailbox, fence, report);
  return report;
}

async function runCheck(
  services: Services,
  mailbox: GatewayMailbox,
  fence: Lease,
  leaseMs: number,
  report: CheckReport,
  options: CheckOptions,
): Promise<void> {
  const owner = await User.findByPk(mailbox.ownerUserId);
  if (!owner || !owner.active) throw new Error('the mailbox owner is no active user');
  const ctx: TakeContext = {
    sequelize: services.sequelize,
    blobs: services.blobs,
    fence,
    mailbox,
    actor: { ...(await actorForUser(owner)), email: mailbox.address },
    ownDomains: await ownMailDomains(),
    neverLog: await neverLogEntriesFor(mailbox.ownerUserId),
    afterCommit: options.faults?.afterCommit,
  };
  // One connection per account (issue #14): the IDLE listener's, which has INBOX selected already — opening a
  // 10,000-message folder costs Dovecot 0.3–1.5 s, answering NOOP on an open one a millisecond — else a new one.
  const lent = options.connections?.lend(mailbox) ?? null;
  const session =
    lent?.session ??
    (await ImapSession.open({
      ...mailbox.get({ plain: true }),
      password: openMailboxPassword(serverKeyOf(services.config), mailbox.passwordSealed),
    }));
  try {
    // LIST only when the folders are not chosen: INBOX and the \Sent folder are found through it.
    const listed = mailbox.folders?.length ? [] : await session.listFolders();
    for (const path of foldersToCheck(mailbox.folders, listed)) {
      try {
        await checkFolder(ctx, session, path, leaseMs, report, options);
      } catch (err) {
        // A folder that cannot be read (renamed, deleted) does not stop the others; a lost lease does.
        if ((err as { code?: string }).code === 'mailbox_busy') throw err;
        report.errors.push(`${path}: ${describeImapError(err)}`);
      }
    }
  } finally {
    if (lent) await lent.release();
    else await session.close();
  }
}

async function checkFolder(
  ctx: TakeContext,
  session: ImapSession,
  path: string,
  leaseMs: number,
  report: CheckReport,
  options: CheckOptions,
): Promise<void> {
  const [row] = await GatewayFolder.findOrCreate({
    where: { mailboxId: ctx.mailbox.id, path },
    defaults: { mailboxId: ctx.mailbox.id, path, uidValidity: null, highestModseq: null, uidNext: null },
  });
  const opened = await openFolder(session, row, path);
  const saveCursor = (values: Partial<GatewayFolder>) =>
    mailboxLeases.inLease(ctx.sequelize, ctx.fence, (tx) => row.update(values, { transaction: tx }));
  const { plan, uidValidity, status } = opened;
  if (plan.action === 'none') {
    // An empty folder opened for its first check keeps its counters: the next check asks STATUS and opens nothing.
    if (opened.examined && status && row.uidValidity === null) await saveCursor(cursorAfterExamine(row, status));
    return;
  }
  // A new UIDVALIDITY: start over at UID 0, uidNext unknown until the folder is through (a crash re-keys again).
  if (plan.rekey) await saveCursor({ uidValidity, lastUid: 0, uidNext: null, highestModseq: null });
  const count = (outcome: TakeOutcome) => {
    if (outcome.taken) report.taken++;
    else {
      report.skipped++;
      report.skippedBy[outcome.reason] = (report.skippedBy[outcome.reason] ?? 0) + 1;
    }
  };
  // Messages are stored in groups, one transaction each: a commit per message would cost more than the message.
  // While a group's statements run on SQLite's/MariaDB's side, the next messages are parsed: at most one group is
  // in flight, and the cursor waits for it.
  let group: ReadyMessage[] = [];
  let groupBytes = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const stored = group;
    group = [];
    groupBytes = 0;
    await inFlight;
    inFlight = storeMessages(ctx, stored).then((outcomes) => outcomes.forEach(count));
    // A failed group fails the folder at the next wait, before any cursor moves.
    inFlight.catch(() => undefined);
  };
  const settle = async () => {
    await flush();
    await inFlight;
  };
  const add = async (ready: ReadyMessage, bytes: number) => {
    group.push(ready);
    groupBytes += bytes;
    if (group.length >= GROUP_MESSAGES || groupBytes >= GROUP_BYTES) await flush();
  };
  try {
    for (const batch of await session.uidBatchesAfter(plan.afterUid)) {
      // Headers first: routing decides on them, and only a taken message's whole source is fetched.
      const screened = await screenHeaders(ctx, await session.headersOf(batch));
      // Stored in UID order (a reply after the message it answers): the ready ones wait for the fetched before them.
      const waiting = screened.filter((s): s is Extract<Screened, { ready: ReadyMessage }> => 'ready' in s);
      const addWaitingBelow = async (uid: number) => {
        while (waiting.length && waiting[0].uid < uid) {
          const next = waiting.shift()!;
          options.faults?.afterFetch?.(next.uid);
          await add(next.ready, 0);
        }
      };
      for (const item of screened) if ('outcome' in item) count(item.outcome);
      const wanted = screened.filter((s) => 'fetchSource' in s).map((s) => s.uid);
      for await (const item of session.sourcesOf(wanted)) {
        await addWaitingBelow(item.uid);
        options.faults?.afterFetch?.(item.uid);
        const read = await readMessage(ctx, item.uid, item.source);
        if ('taken' in read) count(read);
        else await add(read, item.source.length);
      }
      await addWaitingBelow(Infinity);
      // Every UID of the batch was handed out (expunged ones simply never came): the cursor may move past it.
      await settle();
      await saveCursor({ uidValidity, lastUid: batch[batch.length - 1] });
      await mailboxLeases.renew(ctx.sequelize, ctx.fence, new Date(), leaseMs);
    }
    await settle();
  } finally {
    // Never leave a group's transaction running behind a failed folder.
    await inFlight.catch(() => undefined);
  }
  // The whole folder is through: UIDNEXT and HIGHESTMODSEQ now say "nothing new" until something arrives.
  await saveCursor(
    status ? cursorAfterExamine(row, status) : cursorAfterSelectedFetch(row, uidValidity, session.highestUid),
  );
}

const cursorAfterExamine = (row: GatewayFolder, status: FolderStatus) => ({
  uidValidity: status.uidValidity,
  lastUid: Math.max(row.lastUid, status.uidNext - 1),
  uidNext: status.uidNext,
  highestModseq: status.highestModseq,
});

/**
 * What to fetch of a folder, and the counters its cursor ends on (`status`; null for the folder the connection had
 * selected already, whose cursor ends on the highest UID the fetch saw — folder-cursor.ts).
 */
async function openFolder(
  session: ImapSession,
  row: GatewayFolder,
  path: string,
): Promise<{ plan: FetchPlan; uidValidity: string; status: FolderStatus | null; examined: boolean }> {
  if (session.selected === path) {
    const selected = await session.refreshSelected();
    const plan = planSelectedFolderFetch(row, selected);
    return { plan, uidValidity: selected.uidValidity, status: null, examined: false };
  }
  // STATUS first: with nothing new (UIDVALIDITY, UIDNEXT and, with CONDSTORE, HIGHESTMODSEQ as stored — RFC 7162
  // §3.1.6) the folder is never opened, which on a large folder is most of a check's time. The EXAMINE that follows
  // otherwise is what the fetch and the stored cursor go by.
  const counters = row.uidValidity === null ? null : await session.status(path);
  if (counters && planFolderFetch(row, counters).action === 'none')
    return { plan: { action: 'none' }, uidValidity: counters.uidValidity, status: counters, examined: false };
  const status = await session.examine(path);
  return { plan: planFolderFetch(row, status), uidValidity: status.uidValidity, status, examined: true };
}

async function recordStatus(
  services: Services,
  mailbox: GatewayMailbox,
  fence: Lease,
  report: CheckReport,
): Promise<void> {
  const next = new Date(Date.now() + services.config.gatewayIntervalMs);
  try {
    await mailboxLeases.inLease(services.sequelize, fence, (tx) =>
      GatewayMailbox.increment(
        { takenTotal: report.taken, skippedTotal: report.skipped },
        { where: { id: mailbox.id }, transaction: tx },
      ).then(() =>
        GatewayMailbox.update(
          {
            status: report.errors.length ? 'error' : 'ok',
            lastError: report.errors[0] ?? null,
            lastCheckAt: new Date(),
            lastReport: report,
          },
          { where: { id: mailbox.id }, transaction: tx },
        ),
      ),
    );
  } finally {
    await mailboxLeases.release(services.sequelize, fence, next);
  }
}
