import { createHash, randomBytes } from 'node:crypto';
import type { Sequelize, Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { dateOf, sqlOf } from '../../db/sql';
import { ApiToken, Role } from './model';
import { noteTokenUse } from './token-use';

/**
 * Personal API tokens (add-ins, DAV clients, scripts). The secret is shown once; only its SHA-256 is stored.
 * A fast hash is enough here because the secret is 32 random bytes, not a human password: there is nothing to
 * brute-force, and lookups by hash stay a single index probe on every request.
 */
const PREFIX = 'akte_';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface IssuedToken {
  token: ApiToken;
  /** The full secret: returned once, never stored. */
  secret: string;
}

export async function issueApiToken(userId: number, name: string, tx?: Transaction): Promise<IssuedToken> {
  const secret = PREFIX + randomBytes(32).toString('base64url');
  const token = await ApiToken.create(
    { userId, name, tokenHash: hashToken(secret), tokenPrefix: secret.slice(0, 12), lastUsedAt: null, revokedAt: null },
    { transaction: tx },
  );
  return { token, secret };
}

interface TokenActorRow {
  tokenId: number;
  lastUsedAt: string | Date | null;
  userId: number;
  email: string;
  name: string;
  role: Role;
  teamIds: string | null;
}

/**
 * The actor behind a token secret (active user, token not revoked), in one statement with the user's teams: every
 * REST and DAV request with a token starts here. Notes the token's last use at most once a minute.
 */
export async function actorForToken(sequelize: Sequelize, secret: string): Promise<Actor | null> {
  if (!secret.startsWith(PREFIX)) return null;
  const sql = sqlOf(sequelize);
  const [row] = await sql.all<TokenActorRow>(
    `SELECT t.id AS tokenId, t.last_used_at AS lastUsedAt, u.id AS userId, u.email AS email, u.name AS name,
            u.role AS role, (SELECT GROUP_CONCAT(m.team_id) FROM team_members m WHERE m.user_id = u.id) AS teamIds
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active = 1`,
    [hashToken(secret)],
  );
  if (!row) return null;
  const now = new Date();
  const lastUsed = dateOf(row.lastUsedAt);
  // Noted, not written here: an authenticated read must never take the database's write lock (token-use.ts).
  if (!lastUsed || now.getTime() - lastUsed.getTime() > 60_000) noteTokenUse(sequelize, row.tokenId, now);
  return {
    userId: row.userId,
    email: row.email,
    name: row.name,
    role: row.role,
    teamIds: row.teamIds ? String(row.teamIds).split(',').map(Number) : [],
  };
}
