import { Op, Transaction, UniqueConstraintError } from 'sequelize';
import { BadRequestError } from '../domain/errors';
import { issueApiToken, IssuedToken } from '../domain/users/tokens';
import { User } from '../domain/users/model';
import { serverKeyOf, ServerKeySource } from '../secrets/server-key';
import { PairingCodeUse } from './model';
import { pairedTokenName, verifyPairingCode } from './pairing-code';

/**
 * The key pairing codes are signed with: derived from the server key (secrets/server-key.ts), which lives outside
 * the database, so a copy of the database cannot mint codes. Every process of an installation shares the server
 * key and therefore verifies the codes of every other. (Before, the key was a row of server_secrets; migration 0010
 * deleted it.)
 */
export function pairingSecret(config: ServerKeySource): string {
  return serverKeyOf(config).subkey('addin-pairing-codes').toString('hex');
}

const reasons = {
  malformed: 'The pairing code is not valid',
  signature: 'The pairing code is not valid',
  expired: 'The pairing code has expired (it is valid for 2 minutes): connect again',
  used: 'The pairing code has already been used: connect again',
  user: 'The account of this pairing code is no longer active',
  device: 'The device name does not match the one the pairing was approved for',
};

function invalidCode(reason: keyof typeof reasons): BadRequestError {
  return new BadRequestError(reasons[reason], 'invalid_pairing_code');
}

/**
 * Exchanges a pairing code for a personal API token, in the caller's transaction. The nonce's primary key makes
 * redemption single-use even when two requests race; codes that would have expired anyway are pruned. `secret`
 * comes from pairingSecret().
 */
export async function redeemPairingCode(
  secret: string,
  tx: Transaction,
  code: string,
  deviceName: string | undefined,
): Promise<IssuedToken & { user: User }> {
  const check = verifyPairingCode(secret, code);
  if (!check.ok) throw invalidCode(check.reason);
  const { claims } = check;
  if (deviceName !== undefined && deviceName.trim() !== claims.deviceName) throw invalidCode('device');
  const now = new Date();
  await PairingCodeUse.destroy({ where: { expiresAt: { [Op.lt]: now } }, transaction: tx });
  try {
    await PairingCodeUse.create(
      { nonce: claims.nonce, userId: claims.userId, expiresAt: new Date(claims.expiresAt), usedAt: now },
      { transaction: tx },
    );
  } catch (err) {
    if (err instanceof UniqueConstraintError) throw invalidCode('used');
    throw err;
  }
  const user = await User.findOne({ where: { id: claims.userId, active: true }, transaction: tx });
  if (!user) throw invalidCode('user');
  const issued = await issueApiToken(user.id, pairedTokenName(claims.client, claims.deviceName), tx);
  return { ...issued, user };
}
