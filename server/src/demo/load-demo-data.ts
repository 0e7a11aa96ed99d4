import { Op, Sequelize } from 'sequelize';
import { Partner } from '../domain/partners/model';
import { User } from '../domain/users/model';
import { generatePassword } from '../domain/users/passwords';
import { DEMO_USERS } from './data/people';
import { DemoContext } from './demo-context';
import { insertPeople } from './insert-people';
import { insertPartners } from './insert-partners';
import { insertLeads, insertPipelineConfig } from './insert-sales';
import { insertActivities, insertEvents, insertNotes } from './insert-schedule';
import { SeededRandom } from './prng';

export interface DemoOptions {
  /** The installation's administrator, who plays the demo's sales director (the demo creates no administrator). */
  administratorEmail: string;
  /** The password of every demo salesperson; generated (and printed once) when not given. */
  password?: string;
  /** "Today" for relative dates (overdue, due today, next week). */
  now?: Date;
  seed?: number;
}

const DEFAULT_SEED = 20240601;

/** What the roles mean, for the list of demo logins. */
const roleLabels: Record<string, string> = { all: 'sees all records', own: 'sees own records', admin: 'administrator' };

/**
 * Fills an empty CRM with a small sales organisation to explore: salespeople of both roles in three teams (the
 * installation's administrator is their director; the demo adds no administrator), the default pipeline, ~50
 * partners, ~30 leads, activities, calendars with events and notes. Everything is inserted in one transaction (all
 * or nothing) and partners, events and activities are change-tracked, so DAV and sync clients see them. The data
 * comes from a seeded generator: every install gets the same demo.
 *
 * Refuses to run on a database that already has partners or demo users, so a restart with AKTE_DEMO_DATA=1 never
 * duplicates anything.
 */
export async function loadDemoData(sequelize: Sequelize, options: DemoOptions): Promise<{ summary: string[] }> {
  const demoEmails = DEMO_USERS.map((u) => u.email.toLowerCase());
  const existing = (await Partner.count()) + (await User.count({ where: { email: { [Op.in]: demoEmails } } }));
  if (existing > 0) return { summary: ['Demo data not loaded: the database already contains partners or demo users.'] };
  const administrator = await User.findOne({
    where: { email: options.administratorEmail.toLowerCase(), role: 'admin', active: true },
  });
  if (!administrator) {
    return { summary: [`Demo data not loaded: there is no active administrator ${options.administratorEmail}.`] };
  }

  const password = options.password ?? generatePassword();
  const counts = await sequelize.transaction(async (tx) => {
    const ctx: DemoContext = {
      sequelize,
      tx,
      rng: new SeededRandom(options.seed ?? DEFAULT_SEED),
      now: options.now ?? new Date(),
      users: new Map(),
      teams: new Map(),
      partners: new Map(),
      leads: new Map(),
    };
    await insertPeople(ctx, password, { id: administrator.id, email: administrator.email, name: administrator.name });
    const pipeline = await insertPipelineConfig(ctx);
    const partners = await insertPartners(ctx);
    const leads = await insertLeads(ctx, pipeline);
    const activities = await insertActivities(ctx);
    const { events } = await insertEvents(ctx);
    const notes = await insertNotes(ctx);
    return { partners, leads, activities, events, notes };
  });

  const width = Math.max(...DEMO_USERS.map((u) => u.email.length));
  return {
    summary: [
      `Demo data: ${counts.partners} partners, ${counts.leads} leads, ${counts.activities} activities, ` +
        `${counts.events} events, ${counts.notes} notes.`,
      `Demo salespeople, all with the password ${password}${options.password ? '' : ' (shown once)'}:`,
      ...DEMO_USERS.map((u) => `  ${u.email.padEnd(width)}  ${roleLabels[u.role]}  ${u.name}`),
    ],
  };
}
