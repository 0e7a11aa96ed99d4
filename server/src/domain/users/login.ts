import { normalizeEmail } from '@akte/core';
import { User } from './model';
import { hashPassword, verifyPassword } from './passwords';

/**
 * A hash of a random string, verified against when the email is unknown, so that "no such user" costs the same
 * scrypt time as "wrong password" and response timing does not reveal which addresses have accounts.
 */
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword(`decoy-${Date.now()}-${process.pid}`));

/** The active user with this email and password, or null. Emails compare case-insensitively. */
export async function checkCredentials(email: string, password: string): Promise<User | null> {
  const normalized = normalizeEmail(email);
  const user = normalized ? await User.findOne({ where: { email: normalized, active: true } }) : null;
  if (!user || !user.passwordHash) {
    await verifyPassword(password, await decoy());
    return null;
  }
  return (await verifyPassword(password, user.passwordHash)) ? user : null;
}
