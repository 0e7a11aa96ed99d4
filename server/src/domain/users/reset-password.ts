import type { Transaction } from 'sequelize';
import { User } from './model';
import { hashPassword } from './passwords';
import { destroyUserSessions } from './sessions';

/**
 * An operator's reset of a forgotten password (`npm run akte -- reset-password`): the new password replaces the
 * old, and every browser session of the user ends, as after a password change, since whoever knew the old password
 * may be signed in. Personal API tokens stay valid: they are devices, each revocable on its own, and a phone
 * should not stop syncing because its owner forgot the password.
 */
export async function resetPassword(user: User, password: string, tx: Transaction): Promise<void> {
  await user.update({ passwordHash: await hashPassword(password) }, { transaction: tx });
  await destroyUserSessions(user.id, tx);
}
