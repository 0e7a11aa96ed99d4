import path from 'node:path';
import { parseArgs } from 'node:util';
import { Op } from 'sequelize';
import { z } from 'zod';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { openDatabase } from '../db/connection';
import { migrate } from '../db/migrator';
import { inUnitOfWork } from '../db/unit-of-work';
import { closeDatabase } from '../bootstrap';
import { initModels } from '../models';
import { FileBlobStore } from '../domain/documents/file-blob-store';
import { actorForUser } from '../domain/users/actors';
import { Team, User } from '../domain/users/model';
import type { Services } from '../http/context';
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

export interface GatewayCliIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
}

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

function parse<S extends z.ZodType>(
  schema: S,
  args: string[],
  names: string[],
  usage: (m: string) => Error,
): z.infer<S> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args,
      options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw usage((err as Error).message);
  }
  const result = schema.safeParse(values);
  if (!result.success) throw usage(result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}

async function withServices<T>(env: NodeJS.ProcessEnv, work: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  const sequelize = openDatabase(config.databaseUrl, { maxWriteWaitMs: config.writeWaitMs });
  try {
    initModels(sequelize);
    await migrate(sequelize);
    const blobs = new FileBlobStore(path.join(config.dataDir, 'blobs'));
    return await work({ sequelize, config, logger: createLogger('silent'), blobs });
  } finally {
    await closeDatabase(sequelize);
  }
}

export async function runMailConnect(args: string[], io: GatewayCliIo, usage: (m: string) => Error): Promise<void> {
  const names = ['team', 'email', 'host', 'port', 'tls', 'username', 'password', 'address', 'privacy', 'folders'];
  const o = parse(connectOptions, args, names, usage);
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
export async function runMailCheck(args: string[], io: GatewayCliIo, usage: (m: string) => Error): Promise<boolean> {
  const o = parse(checkOptions, args, ['mailbox'], usage);
  const report = await withServices(io.env, (services) => checkMailbox(services, o.mailbox));
  io.out(
    JSON.stringify({
      taken: report.taken,
      skipped: report.skipped,
      skippedBy: report.skippedBy,
      errors: report.errors,
    }),
  );
  return report.errors.length === 0;
}
