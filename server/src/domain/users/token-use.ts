import type { Sequelize } from 'sequelize';
import { inUnitOfWork } from '../../db/unit-of-work';
import { sqlIn } from '../../db/sql';

/**
 * "Last used" stamps of API tokens, written in the background instead of on the request that used the token.
 * Every REST and DAV request authenticates with a token; writing the stamp on that request made reads take the
 * database's write lock (on SQLite one writer at a time), so a phone's GET queued behind a large filing. The stamp
 * is noted here and written in one short transaction a few seconds later; the token list shows pending stamps
 * of this process at once. A stamp lost in a crash costs at most those few seconds of "last used" precision.
 */
const FLUSH_AFTER_MS = 5_000;

interface PendingUses {
  stamps: Map<number, Date>;
  timer: NodeJS.Timeout | null;
  /** The database is closing: nothing more is noted (a timer firing during close would open a new transaction). */
  closed: boolean;
}

const pendingOf = new WeakMap<Sequelize, PendingUses>();

function pendingFor(sequelize: Sequelize): PendingUses {
  let pending = pendingOf.get(sequelize);
  if (!pending) pendingOf.set(sequelize, (pending = { stamps: new Map(), timer: null, closed: false }));
  return pending;
}

/** Notes that token `tokenId` was used at `at`; written within FLUSH_AFTER_MS. */
export function noteTokenUse(sequelize: Sequelize, tokenId: number, at: Date): void {
  const pending = pendingFor(sequelize);
  if (pending.closed) return;
  pending.stamps.set(tokenId, at);
  if (pending.timer) return;
  pending.timer = setTimeout(() => void flushTokenUses(sequelize).catch(() => undefined), FLUSH_AFTER_MS);
  // A pending stamp must not keep a command-line process (or a test) alive.
  pending.timer.unref();
}

/** The stamp noted for `tokenId` and not yet written, if any. */
export function pendingTokenUse(sequelize: Sequelize, tokenId: number): Date | undefined {
  return pendingOf.get(sequelize)?.stamps.get(tokenId);
}

/**
 * Writes the noted stamps in one short transaction. Called by the timer and before the database closes; a failure
 * (database busy or closed) drops them: a "last used" stamp is not worth retrying.
 */
export async function flushTokenUses(sequelize: Sequelize): Promise<void> {
  const pending = pendingOf.get(sequelize);
  if (!pending) return;
  if (pending.timer) clearTimeout(pending.timer);
  pending.timer = null;
  if (!pending.stamps.size) return;
  const stamps = [...pending.stamps];
  pending.stamps.clear();
  await inUnitOfWork(sequelize, async (tx) => {
    const sql = sqlIn(tx);
    for (const [tokenId, at] of stamps)
      await sql.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [at, tokenId]);
  });
}

/** Writes what is pending and notes nothing more: called right before the database closes. */
export async function finishTokenUses(sequelize: Sequelize): Promise<void> {
  const pending = pendingFor(sequelize);
  pending.closed = true;
  await flushTokenUses(sequelize).catch(() => undefined);
}
