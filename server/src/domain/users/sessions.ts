import { createHash, randomBytes } from 'node:crypto';
import { Op, Transaction } from 'sequelize';
import { Session, User } from './model';

/**
 * Browser sessions, stored in the database so that any of several stateless server processes can serve any
 * request. The cookie holds a random secret; the table holds only its SHA-256 (a leaked table reveals no
 * usable cookie). Each session has its own CSRF token.
 */
export const SESSION_COOKIE = 'akte_session';
export const SESSION_LIFETIME_MS = 14 * 24 * 3600 * 1000;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function createSession(
  userId: number,
  tx?: Transaction,
): Promise<{ secret: string; csrfToken: string; expiresAt: Date }> {
  const secret = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('hex');
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  await Session.create({ idHash: hash(secret), userId, csrfToken, expiresAt }, { transaction: tx });
  return { secret, csrfToken, expiresAt };
}

export async function resolveSession(secret: string): Promise<{ user: User; session: Session } | null> {
  const session = await Session.findOne({ where: { idHash: hash(secret), expiresAt: { [Op.gt]: new Date() } } });
  if (!session) return null;
  const user = await User.findOne({ where: { id: session.userId, active: true } });
  return user ? { user, session } : null;
}

export async function destroySession(secret: string, tx?: Transaction): Promise<void> {
  await Session.destroy({ where: { idHash: hash(secret) }, transaction: tx });
}

/** Signs a user out everywhere (password change, deactivation), optionally keeping the session that asked. */
export async function destroyUserSessions(userId: number, tx?: Transaction, keepSecret?: string): Promise<void> {
  const where = keepSecret ? { userId, idHash: { [Op.ne]: hash(keepSecret) } } : { userId };
  await Session.destroy({ where, transaction: tx });
}

/** Removes expired sessions; called on login so the table does not grow with abandoned browsers. */
export async function pruneExpiredSessions(tx?: Transaction): Promise<void> {
  await Session.destroy({ where: { expiresAt: { [Op.lte]: new Date() } }, transaction: tx });
}
