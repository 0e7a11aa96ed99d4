import { createHash, randomBytes } from 'node:crypto';
import { Op, Transaction } from 'sequelize';
import { ApiToken, User } from './model';

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

/** Finds the active user behind a token secret and stamps the token's last use (at most once a minute). */
export async function userForToken(secret: string): Promise<{ user: User; token: ApiToken } | null> {
  if (!secret.startsWith(PREFIX)) return null;
  const token = await ApiToken.findOne({ where: { tokenHash: hashToken(secret), revokedAt: { [Op.is]: null } } });
  if (!token) return null;
  const user = await User.findOne({ where: { id: token.userId, active: true } });
  if (!user) return null;
  const now = new Date();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await ApiToken.update({ lastUsedAt: now }, { where: { id: token.id } });
  }
  return { user, token };
}
