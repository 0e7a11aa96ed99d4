import { Sequelize } from 'sequelize';
import { User } from './model';
import { generatePassword, hashPassword } from './passwords';

/**
 * Creates the first administrator when the database has no users yet. Without AKTE_ADMIN_PASSWORD a password is
 * generated and returned so the caller can print it once.
 */
export async function ensureAdministrator(
  sequelize: Sequelize,
  email: string,
  password?: string,
): Promise<{ created: boolean; generatedPassword?: string }> {
  if ((await User.count()) > 0) return { created: false };
  const chosen = password ?? generatePassword();
  await sequelize.transaction(async (tx) => {
    await User.create(
      { email: email.toLowerCase(), name: 'Administrator', passwordHash: await hashPassword(chosen), role: 'admin' },
      { transaction: tx },
    );
  });
  return { created: true, generatedPassword: password ? undefined : chosen };
}
