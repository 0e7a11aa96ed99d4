import { Op, Transaction, WhereOptions } from 'sequelize';
import { normalizeEmail } from '@akte/core';
import type { Actor } from '../../access/actor';
import { assertCanConfigure, isAdmin } from '../../access/policy';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import type { DomainContext } from '../context';
import { UserDto, userDto } from './dto';
import { Role, User } from './model';
import { hashPassword, verifyPassword } from './passwords';
import { destroyUserSessions } from './sessions';
import { assertMayPatchUser, needsCurrentPassword, removesAdministrator, UserPatch } from './user-rules';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  locale?: string;
  /** Without a password the account cannot log in until an administrator sets one. */
  password?: string;
}

export interface UserListQuery {
  q?: string;
  active: 'true' | 'false' | 'all';
  limit: number;
  cursor?: string;
}

const byName: SortSpec = { field: 'name', direction: 'asc' };

/** Everyone lists active users (to pick a salesperson); only administrators see deactivated accounts. */
export async function listUsers(
  actor: Actor,
  query: UserListQuery,
): Promise<{ items: UserDto[]; nextCursor: string | null }> {
  if (query.active !== 'true' && !isAdmin(actor)) {
    throw new ForbiddenError('Only administrators may list deactivated users', 'admin_only');
  }
  const filters: WhereOptions[] = [afterCursor(query.cursor, byName)];
  if (query.active !== 'all') filters.push({ active: query.active === 'true' });
  if (query.q) {
    // Wildcards are dropped rather than escaped: SQLite's LIKE has no default escape character.
    const pattern = `%${query.q.replace(/[\\%_]/g, '')}%`;
    filters.push({ [Op.or]: [{ name: { [Op.like]: pattern } }, { email: { [Op.like]: pattern } }] });
  }
  const rows = await User.findAll({ where: { [Op.and]: filters }, order: orderFor(byName), limit: query.limit + 1 });
  const page = toPage(rows, query.limit, byName, (user) => user.name);
  return { items: page.items.map(userDto), nextCursor: page.nextCursor };
}

export async function findUser(actor: Actor, id: number, tx?: Transaction): Promise<User> {
  const user = await User.findByPk(id, { transaction: tx });
  // Deactivated accounts are an administrator's business: to everyone else they do not exist.
  if (!user || (!user.active && !isAdmin(actor) && actor.userId !== id)) throw new NotFoundError('User', id);
  return user;
}

async function assertEmailFree(email: string, tx: Transaction, exceptId?: number): Promise<void> {
  const where: WhereOptions = exceptId ? { email, id: { [Op.ne]: exceptId } } : { email };
  if (await User.findOne({ where, transaction: tx })) {
    throw new ConflictError(`A user with the email ${email} already exists`, 'email_taken');
  }
}

function canonicalEmail(raw: string): string {
  const email = normalizeEmail(raw);
  if (!email) throw new ValidationError(`Invalid email address "${raw}"`, { email: ['Invalid email address'] });
  return email;
}

/** Creates a user without an access check: for the operator CLI and the demo loader, which act as the system. */
export async function insertUser(tx: Transaction, input: NewUser): Promise<User> {
  const email = canonicalEmail(input.email);
  await assertEmailFree(email, tx);
  return User.create(
    {
      email,
      name: input.name.trim(),
      role: input.role,
      locale: input.locale ?? 'de',
      passwordHash: input.password ? await hashPassword(input.password) : null,
    },
    { transaction: tx },
  );
}

export async function createUser(ctx: DomainContext, input: NewUser): Promise<User> {
  assertCanConfigure(ctx.actor, 'user');
  return insertUser(ctx.tx, input);
}

/**
 * Changes a user. The last active administrator cannot be demoted or deactivated (nobody could configure the CRM
 * any more). A password change signs the user out everywhere except the session that made the change.
 */
export async function updateUser(
  ctx: DomainContext,
  id: number,
  patch: UserPatch,
  options: { keepSessionSecret?: string; attempts?: PasswordCheckBrake } = {},
): Promise<User> {
  assertMayPatchUser(ctx.actor, id, patch);
  const user = await findUser(ctx.actor, id, ctx.tx);
  if (needsCurrentPassword(ctx.actor, id, patch)) await checkCurrentPassword(user, patch, options.attempts);
  if (removesAdministrator({ role: user.role, active: Boolean(user.active) }, patch)) {
    await assertAnotherAdministrator(id, ctx.tx);
  }
  const changes: Partial<{
    email: string;
    name: string;
    role: Role;
    locale: string;
    active: boolean;
    passwordHash: string;
  }> = {};
  if (patch.email !== undefined) {
    changes.email = canonicalEmail(patch.email);
    await assertEmailFree(changes.email, ctx.tx, id);
  }
  if (patch.name !== undefined) changes.name = patch.name.trim();
  if (patch.role !== undefined) changes.role = patch.role;
  if (patch.locale !== undefined) changes.locale = patch.locale;
  if (patch.active !== undefined) changes.active = patch.active;
  if (patch.password !== undefined) changes.passwordHash = await hashPassword(patch.password);
  await user.update(changes, { transaction: ctx.tx });
  if (patch.password !== undefined || patch.active === false) {
    await destroyUserSessions(id, ctx.tx, patch.active === false ? undefined : options.keepSessionSecret);
  }
  return user;
}

/**
 * The brake on guessing passwords (login-throttle.ts, PasswordAttempts bound to the caller's address and IP). A
 * stolen session must not become an oracle for the account's password: the current-password check counts like a
 * login. The outcome is only noted here: the check runs inside the unit of work, which a wrong password rolls back,
 * so the caller writes the count after it.
 */
export interface PasswordCheckBrake {
  /** Reads the counts; throws TooManyAttemptsError when the caller must wait. */
  assertAllowed(): Promise<void>;
  recordFailure(): void;
  recordSuccess(): void;
}

async function checkCurrentPassword(user: User, patch: UserPatch, attempts?: PasswordCheckBrake): Promise<void> {
  await attempts?.assertAllowed();
  const ok = patch.currentPassword !== undefined && (await verifyPassword(patch.currentPassword, user.passwordHash));
  if (!ok) {
    // A missing current password is a form error, not a guess: only a wrong one counts.
    if (patch.currentPassword !== undefined) attempts?.recordFailure();
    throw new ValidationError('The current password is missing or wrong', {
      currentPassword: ['The current password is missing or wrong'],
    });
  }
  attempts?.recordSuccess();
}

async function assertAnotherAdministrator(exceptId: number, tx: Transaction): Promise<void> {
  // Row locks (MySQL) so two requests demoting the last two administrators at once cannot both succeed;
  // SQLite serializes writing transactions anyway.
  const admins = await User.findAll({
    where: { role: 'admin', active: true, id: { [Op.ne]: exceptId } },
    attributes: ['id'],
    lock: tx.LOCK.UPDATE,
    transaction: tx,
  });
  if (!admins.length) {
    throw new ConflictError('The last active administrator cannot be demoted or deactivated', 'last_admin');
  }
}
