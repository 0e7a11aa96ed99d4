import { Team, TeamMember, User } from '../domain/users/model';
import { hashPassword } from '../domain/users/passwords';
import { DEMO_ADMIN_KEY, DEMO_TEAMS, DEMO_USERS } from './data/people';
import { DemoContext, requireRef } from './demo-context';

/**
 * The demo salespeople (one shared password, hashed once) and their teams; the installation's administrator joins
 * them under DEMO_ADMIN_KEY.
 */
export async function insertPeople(
  ctx: DemoContext,
  password: string,
  administrator: { id: number; email: string; name: string },
): Promise<void> {
  ctx.users.set(DEMO_ADMIN_KEY, administrator);
  const passwordHash = await hashPassword(password);
  for (const demo of DEMO_USERS) {
    const user = await User.create(
      { email: demo.email.toLowerCase(), name: demo.name, role: demo.role, locale: demo.locale, passwordHash },
      { transaction: ctx.tx },
    );
    ctx.users.set(demo.key, { id: user.id, email: user.email, name: user.name });
  }
  for (const demo of DEMO_TEAMS) {
    const leader = requireRef(ctx.users, demo.leader, 'user');
    const team = await Team.create({ name: demo.name, leaderId: leader.id }, { transaction: ctx.tx });
    await TeamMember.bulkCreate(
      demo.members.map((key) => ({ teamId: team.id, userId: requireRef(ctx.users, key, 'user').id })),
      { transaction: ctx.tx },
    );
    ctx.teams.set(demo.key, team.id);
  }
}
