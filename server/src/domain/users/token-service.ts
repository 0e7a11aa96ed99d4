import { Op, WhereOptions } from 'sequelize';
import type { Actor } from '../../access/actor';
import { assertCanConfigure, isAdmin } from '../../access/policy';
import { NotFoundError } from '../errors';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import type { DomainContext } from '../context';
import { TokenDto, tokenDto } from './dto';
import { ApiToken } from './model';
import { issueApiToken } from './tokens';
import { pendingTokenUse } from './token-use';

export interface TokenListQuery {
  /** Administrators may look at another user's tokens. */
  userId?: number;
  limit: number;
  cursor?: string;
}

const newestFirst: SortSpec = { field: 'id', direction: 'desc' };

/** Tokens are personal: everyone sees their own; administrators any user's (to revoke a lost device's token). */
function tokensOf(actor: Actor, userId?: number): WhereOptions {
  if (userId === undefined || userId === actor.userId) return { userId: actor.userId };
  assertCanConfigure(actor, 'user');
  return { userId };
}

export async function listTokens(
  actor: Actor,
  query: TokenListQuery,
): Promise<{ items: TokenDto[]; nextCursor: string | null }> {
  const rows = await ApiToken.findAll({
    where: { [Op.and]: [tokensOf(actor, query.userId), afterCursor(query.cursor, newestFirst)] },
    order: orderFor(newestFirst),
    limit: query.limit + 1,
  });
  const page = toPage(rows, query.limit, newestFirst, (token) => token.id);
  // A use noted by this process and not yet written (token-use.ts) is shown already.
  const withPendingUse = (token: ApiToken) => {
    const pending = pendingTokenUse(ApiToken.sequelize!, token.id);
    if (pending && (!token.lastUsedAt || pending > token.lastUsedAt)) token.lastUsedAt = pending;
    return tokenDto(token);
  };
  return { items: page.items.map(withPendingUse), nextCursor: page.nextCursor };
}

export async function createToken(ctx: DomainContext, name: string): Promise<{ token: TokenDto; secret: string }> {
  const issued = await issueApiToken(ctx.actor.userId, name.trim(), ctx.tx);
  return { token: tokenDto(issued.token), secret: issued.secret };
}

/**
 * Revokes a token; revoking twice is harmless (the first revocation time stays). Another user's token is a 404 for
 * non-administrators, never a 403: its existence is none of their business.
 */
export async function revokeToken(ctx: DomainContext, id: number): Promise<TokenDto> {
  const where: WhereOptions = isAdmin(ctx.actor) ? { id } : { id, userId: ctx.actor.userId };
  const token = await ApiToken.findOne({ where, transaction: ctx.tx });
  if (!token) throw new NotFoundError('API token', id);
  if (!token.revokedAt) await token.update({ revokedAt: new Date() }, { transaction: ctx.tx });
  return tokenDto(token);
}
