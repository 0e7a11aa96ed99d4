import type { Sequelize } from 'sequelize';
import { createBackgroundWriter } from '../../db/background-writes';
import { inUnitOfWork } from '../../db/unit-of-work';
import { sqlIn } from '../../db/sql';

/**
 * "Last used" stamps of API tokens, written in the background instead of on the request that used the token.
 * Every REST and DAV request authenticates with a token; writing the stamp on that request made reads take the
 * database's write lock (on SQLite one writer at a time), so a phone's GET queued behind a large filing. The stamp
 * is noted here and written in one short transaction a few seconds later (db/background-writes.ts); the token list
 * shows pending stamps of this process at once. A stamp lost in a crash costs at most those few seconds of
 * "last used" precision.
 */
interface TokenUse {
  tokenId: number;
  at: Date;
}

const tokenUses = createBackgroundWriter<TokenUse>({
  delayMs: 5_000,
  write: (sequelize, uses) =>
    inUnitOfWork(sequelize, async (tx) => {
      const sql = sqlIn(tx);
      for (const { tokenId, at } of uses)
        await sql.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [at, tokenId]);
    }),
});

/** Notes that token `tokenId` was used at `at`; written within a few seconds. */
export function noteTokenUse(sequelize: Sequelize, tokenId: number, at: Date): void {
  tokenUses.note(sequelize, String(tokenId), { tokenId, at });
}

/** The stamp noted for `tokenId` and not yet written, if any. */
export function pendingTokenUse(sequelize: Sequelize, tokenId: number): Date | undefined {
  return tokenUses.pending(sequelize, String(tokenId))?.at;
}
