import type { Actor } from '../../access/actor';
import { ForbiddenError } from '../errors';
import type { Role } from './model';

export interface UserPatch {
  email?: string;
  name?: string;
  role?: Role;
  locale?: string;
  active?: boolean;
  password?: string;
  currentPassword?: string;
}

/** What a user may change about themselves without being an administrator. */
const SELF_SERVICE_FIELDS: ReadonlySet<keyof UserPatch> = new Set(['name', 'locale', 'password', 'currentPassword']);

/**
 * Administrators change anyone; everyone else only their own name, locale and password. Pure: decides from the
 * actor, the target id and the patch's keys.
 */
export function assertMayPatchUser(actor: Actor, targetId: number, patch: UserPatch): void {
  if (actor.role === 'admin') return;
  if (actor.userId !== targetId) throw new ForbiddenError('Only administrators may change other users', 'admin_only');
  const forbidden = Object.keys(patch).filter((key) => !SELF_SERVICE_FIELDS.has(key as keyof UserPatch));
  if (forbidden.length) {
    throw new ForbiddenError(`Only administrators may change ${forbidden.join(', ')}`, 'admin_only');
  }
}

/** Whether the patch turns an active administrator into something that can no longer administer. */
export function removesAdministrator(before: { role: Role; active: boolean }, patch: UserPatch): boolean {
  const wasAdmin = before.role === 'admin' && before.active;
  const staysAdmin = (patch.role ?? before.role) === 'admin' && (patch.active ?? before.active);
  return wasAdmin && !staysAdmin;
}

/** Changing one's own password needs the current one, so a hijacked session cannot lock the owner out. */
export function needsCurrentPassword(actor: Actor, targetId: number, patch: UserPatch): boolean {
  return patch.password !== undefined && actor.userId === targetId;
}
