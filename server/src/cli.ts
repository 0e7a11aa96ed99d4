import { z } from 'zod';
import { loadConfig } from './config';
import { openDatabase } from './db/connection';
import { initModels } from './models';
import { migrate } from './db/migrator';
import { User } from './domain/users/model';
import { generatePassword } from './domain/users/passwords';
import { insertUser } from './domain/users/service';
import { issueApiToken } from './domain/users/tokens';
import { resetPassword } from './domain/users/reset-password';
import { DomainError } from './domain/errors';
import { parseCommandOptions, withServices } from './cli-command';
import { GATEWAY_HELP, runMailCheck, runMailConnect } from './gateway/cli-commands';
import { SYNC_HELP, runSyncConnect, runSyncRun } from './sync/cli-commands';

/**
 * The operator CLI: `npm run akte -- <command>` (and `npm run migrate`). It talks to the database directly, as the
 * system, so it works before any administrator exists. Configuration comes from the same environment as the server
 * (DATABASE_URL or AKTE_DATA_DIR).
 */

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  /** All of standard input, for --password-stdin (a password there is not left in the shell history or ps). */
  readStdin?: () => Promise<string>;
}

class UsageError extends Error {}

const HELP = `Usage: npm run akte -- <command> [options]

Commands:
  migrate                                    Bring the database schema up to date
  create-user --email E --name N --role R    Create a user; R is own, all or admin
              [--password P] [--locale de|en]  Without --password one is generated and printed once
  create-token --email E --name N            Create a personal API token for a user; the secret is printed once
  reset-password --email E                   Set a new password (generated and printed once) and end the user's
              [--password P | --password-stdin]  browser sessions; API tokens stay valid
${GATEWAY_HELP}
${SYNC_HELP}
  help                                       Show this help

The database is taken from DATABASE_URL (sqlite:… or mysql://…) or AKTE_DATA_DIR (default ./data).`;

const createUserOptions = z.strictObject({
  email: z.email({ error: '--email must be an email address' }),
  name: z.string({ error: '--name is required' }).trim().min(1, '--name must not be empty'),
  role: z.enum(['own', 'all', 'admin'], { error: '--role must be own, all or admin' }),
  password: z.string().min(10, '--password needs at least 10 characters').optional(),
  locale: z.enum(['de', 'en'], { error: '--locale must be de or en' }).optional(),
});

const createTokenOptions = z.strictObject({
  email: z.email({ error: '--email must be an email address' }),
  name: z.string({ error: '--name is required' }).trim().min(1, '--name must not be empty'),
});

const resetPasswordOptions = z
  .strictObject({
    email: z.email({ error: '--email must be an email address' }),
    password: z.string().min(10, '--password needs at least 10 characters').optional(),
    'password-stdin': z.boolean().optional(),
  })
  .refine((o) => !(o.password && o['password-stdin']), { error: 'Give --password or --password-stdin, not both' });

function parseOptions<S extends z.ZodType>(schema: S, args: string[], names: string[], flags: string[] = []) {
  return parseCommandOptions(schema, args, names, (m) => new UsageError(m), flags);
}

async function runMigrate(io: CliIo): Promise<void> {
  const config = loadConfig(io.env);
  const sequelize = openDatabase(config.databaseUrl);
  try {
    initModels(sequelize);
    const applied = await migrate(sequelize);
    io.out(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database schema is up to date.');
  } finally {
    await sequelize.close();
  }
}

async function runCreateUser(args: string[], io: CliIo): Promise<void> {
  const options = parseOptions(createUserOptions, args, ['email', 'name', 'role', 'password', 'locale']);
  const password = options.password ?? generatePassword();
  const user = await withServices(io.env, ({ sequelize }) =>
    sequelize.transaction((tx) => insertUser(tx, { ...options, password })),
  );
  io.out(`Created user ${user.id}: ${user.email} (${user.role})`);
  if (!options.password) io.out(`Generated password (shown once): ${password}`);
}

async function runCreateToken(args: string[], io: CliIo): Promise<void> {
  const options = parseOptions(createTokenOptions, args, ['email', 'name']);
  const issued = await withServices(io.env, async ({ sequelize }) => {
    const user = await User.findOne({ where: { email: options.email.toLowerCase(), active: true } });
    if (!user) throw new UsageError(`No active user with the email ${options.email}`);
    return sequelize.transaction((tx) => issueApiToken(user.id, options.name, tx));
  });
  io.out(`Created API token ${issued.token.id} "${issued.token.name}". Secret (shown once, store it now):`);
  io.out(issued.secret);
}

/** The one line of a password read from standard input (a trailing newline from echo or a pipe is not part of it). */
async function passwordFromStdin(io: CliIo): Promise<string> {
  if (!io.readStdin) throw new UsageError('--password-stdin needs a password on standard input');
  const password = (await io.readStdin()).replace(/\r?\n$/, '');
  if (password.includes('\n')) throw new UsageError('--password-stdin takes one line');
  if (password.length < 10) throw new UsageError('The password needs at least 10 characters');
  return password;
}

async function runResetPassword(args: string[], io: CliIo): Promise<void> {
  const options = parseOptions(resetPasswordOptions, args, ['email', 'password'], ['password-stdin']);
  const given = options['password-stdin'] ? await passwordFromStdin(io) : options.password;
  const password = given ?? generatePassword();
  const user = await withServices(io.env, async ({ sequelize }) => {
    const found = await User.findOne({ where: { email: options.email.toLowerCase() } });
    if (!found) throw new UsageError(`No user with the email ${options.email}`);
    await sequelize.transaction((tx) => resetPassword(found, password, tx));
    return found;
  });
  io.out(`New password set for ${user.email}; their browser sessions have ended (API tokens stay valid).`);
  if (!user.active) io.out('Note: this account is deactivated and cannot log in until an administrator activates it.');
  if (!given) io.out(`New password (shown once): ${password}`);
}

/** Runs one CLI command and returns the process exit code (0 ok, 1 failure, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'migrate':
        if (args.length) throw new UsageError(`migrate takes no options, got: ${args.join(' ')}`);
        await runMigrate(io);
        return 0;
      case 'create-user':
        await runCreateUser(args, io);
        return 0;
      case 'create-token':
        await runCreateToken(args, io);
        return 0;
      case 'reset-password':
        await runResetPassword(args, io);
        return 0;
      case 'mail-connect':
        await runMailConnect(args, io, (m) => new UsageError(m));
        return 0;
      case 'mail-check':
        return (await runMailCheck(args, io, (m) => new UsageError(m))) ? 0 : 1;
      case 'sync-connect':
        await runSyncConnect(args, io, (m) => new UsageError(m));
        return 0;
      case 'sync-run':
        return (await runSyncRun(args, io, (m) => new UsageError(m))) ? 0 : 1;
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return 0;
      case undefined:
        io.err(HELP);
        return 2;
      default:
        throw new UsageError(`Unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`Error: ${err.message}\nRun "npm run akte -- help" for usage.`);
      return 2;
    }
    // Domain errors (duplicate email, invalid address) carry a message meant for people.
    io.err(`Error: ${err instanceof DomainError || err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
