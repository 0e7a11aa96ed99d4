import { Op } from 'sequelize';
import { z } from 'zod';
import { parseCommandOptions, printJsonLine, withServices, type CommandIo, type UsageOf } from '../cli-command';
import { inUnitOfWork } from '../db/unit-of-work';
import { actorForUser } from '../domain/users/actors';
import { Team, User } from '../domain/users/model';
import { serverKeyOf } from '../secrets/server-key';
import { checkMailbox } from './check-mailbox';
import { createMailbox } from './mailboxes';

/**
 * `npm run akte -- mail-connect …` and `mail-check …` (issue #14). The CLI acts as the operator: a team mailbox is
 * added in the name of the first administrator (team mailboxes are theirs), a personal one in the user's.
 */
export const GATEWAY_HELP = `  mail-connect --team NAME | --email USER     Add an IMAP mailbox (a team's alias: its mail becomes leads; or a
              --host H --port P --tls on|off   user's own: mail with known contacts); prints the mailbox id.
              --username U --password P       [--address A] the alias (default: the username if an address)
              [--privacy metadata|subject|full] [--folders INBOX,Sent]
  mail-check --mailbox ID                    Check a mailbox once; prints {"taken":…,"skipped":…,"errors":[…]}`;

const connectOptions = z
  .strictObject({
    team: z.string().trim().min(1).optional(),
    email: z.email({ error: '--email must be an email address' }).optional(),
    host: z.string({ error: '--host is required' }).trim().min(1),
    port: z.coerce
      .number({ error: '--port is required' })
      .int()
      .min(1, '--port must be 1–65535')
      .max(65535, '--port must be 1–65535'),
    tls: z.enum(['on', 'off'], { error: '--tls must be on or off' }),
    username: z.string({ error: '--username is required' }).min(1),
    password: z.string({ error: '--password is required' }).min(1),
    address: z.email({ error: '--address must be an email address' }).optional(),
    privacy: z
      .enum(['metadata', 'subject', 'full'], { error: '--privacy must be metadata, subject or full' })
      .optional(),
    folders: z.string().optional(),
  })
  .refine((o) => Boolean(o.team) !== Boolean(o.email), { error: 'Give either --team NAME or --email USER' });

const checkOptions = z.strictObject({
  mailbox: z.coerce.number({ error: '--mailbox is required' }).int().positive('--mailbox must be a mailbox id'),
});

export async function runMailConnect(args: string[], io: CommandIo, usage: UsageOf): Promise<void> {
  const names = ['team', 'email', 'host', 'port', 'tls', 'username', 'password', 'address', 'privacy', 'folders'];
  const o = parseCommandOptions(connectOptions, args, names, usage);
  const id = await withServices(io.env, async (services) => {
    let owner: User | null;
    let teamId: number | undefined;
    if (o.team) {
      const team = await Team.findOne({ where: { name: o.team } });
      if (!team) throw usage(`No team named "${o.team}"`);
      teamId = team.id;
      owner = await User.findOne({ where: { role: 'admin', active: true }, order: [['id', 'ASC']] });
      if (!owner) throw usage('A team mailbox needs an administrator: create one first (create-user --role admin)');
    } else {
      owner = await User.findOne({ where: { email: { [Op.eq]: o.email!.toLowerCase() }, active: true } });
      if (!owner) throw usage(`No active user with the email ${o.email}`);
    }
    const address =
      o.address ?? (o.team ? (z.email().safeParse(o.username).success ? o.username : undefined) : undefined);
    if (o.team && !address) throw usage('A team mailbox needs its address: give --address (the username is none)');
    const actor = await actorForUser(owner);
    const mailbox = await inUnitOfWork(services.sequelize, (tx) =>
      createMailbox({ actor, sequelize: services.sequelize, tx, blobs: services.blobs }, serverKeyOf(services.config), {
        kind: o.team ? 'team' : 'personal',
        teamId,
        address,
        host: o.host,
        port: o.port,
        tls: o.tls === 'on',
        username: o.username,
        password: o.password,
        privacy: o.privacy,
        folders: o.folders
          ? o.folders
              .split(',')
              .map((f) => f.trim())
              .filter(Boolean)
          : null,
      }),
    );
    return mailbox.id;
  });
  io.out(String(id));
}

/** One pass; the exit code is non-zero when the report has errors (the caller maps the thrown Error to 1). */
export async function runMailCheck(args: string[], io: CommandIo, usage: UsageOf): Promise<boolean> {
  const o = parseCommandOptions(checkOptions, args, ['mailbox'], usage);
  const report = await withServices(io.env, (services) => checkMailbox(services, o.mailbox));
  printJsonLine(io, {
    taken: report.taken,
    skipped: report.skipped,
    skippedBy: report.skippedBy,
    errors: report.errors,
  });
  return report.errors.length === 0;
}
