import type { Actor } from '../../access/actor';
import { TeamMember, User } from './model';

/** Builds the policy's view of a user (role and team memberships). */
export async function actorForUser(user: User): Promise<Actor> {
  const memberships = await TeamMember.findAll({ where: { userId: user.id }, attributes: ['teamId'] });
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    teamIds: memberships.map((m) => m.teamId),
  };
}
