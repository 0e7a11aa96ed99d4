import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { databaseUrlForTest } from '../../support/test-env';
import { runCli } from '../../../server/src/cli';
import { openDatabase } from '../../../server/src/db/connection';
import { initModels } from '../../../server/src/models';
import { ApiToken, User } from '../../../server/src/domain/users/model';
import { verifyPassword } from '../../../server/src/domain/users/passwords';
import { hashToken } from '../../../server/src/domain/users/tokens';
import { createSession, resolveSession } from '../../../server/src/domain/users/sessions';

let db: Awaited<ReturnType<typeof databaseUrlForTest>>;
beforeAll(async () => {
  db = await databaseUrlForTest();
});
afterAll(async () => {
  await db.drop();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWithStdin(undefined, ...argv);
}

async function cliWithStdin(
  stdin: string | undefined,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env: { DATABASE_URL: db.url, AKTE_DATA_DIR: db.dataDir },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    readStdin: stdin === undefined ? undefined : async () => stdin,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Looks into the database the CLI wrote to, with models bound to a connection of our own. */
async function inspect<T>(work: () => Promise<T>): Promise<T> {
  const sequelize: Sequelize = openDatabase(db.url);
  initModels(sequelize);
  try {
    return await work();
  } finally {
    await sequelize.close();
  }
}

describe('operator CLI', () => {
  it('migrates, and says so when nothing is left to do', async () => {
    const first = await cli('migrate');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Applied migrations: 0001-initial-schema/);
    const second = await cli('migrate');
    expect(second).toMatchObject({ code: 0, out: 'The database schema is up to date.' });
  });

  it('creates a user with a generated password, printed once', async () => {
    const res = await cli('create-user', '--email', 'Chef@Example.TEST', '--name', 'Chefin', '--role', 'admin');
    expect(res.code).toBe(0);
    const generated = /Generated password \(shown once\): (\S+)/.exec(res.out)?.[1];
    expect(generated).toBeDefined();
    await inspect(async () => {
      const user = await User.findOne({ where: { email: 'chef@example.test' } });
      expect(user).toMatchObject({ name: 'Chefin', role: 'admin' });
      expect(await verifyPassword(generated!, user!.passwordHash)).toBe(true);
    });
  });

  it('creates a user with a given password without printing it', async () => {
    const res = await cli(
      'create-user',
      '--email',
      'own@example.test',
      '--name',
      'Otto',
      '--role',
      'own',
      '--password',
      'ten chars!!',
      '--locale',
      'en',
    );
    expect(res.code).toBe(0);
    expect(res.out).not.toContain('ten chars!!');
    await inspect(async () => {
      const user = await User.findOne({ where: { email: 'own@example.test' } });
      expect(user!.locale).toBe('en');
      expect(await verifyPassword('ten chars!!', user!.passwordHash)).toBe(true);
    });
  });

  it('rejects bad arguments with a clear message and exit code 2', async () => {
    const bad = await cli('create-user', '--email', 'nope', '--role', 'boss');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--email must be an email address/);
    expect(bad.err).toMatch(/--name is required/);
    expect(bad.err).toMatch(/--role must be own, all or admin/);
    const short = await cli('create-user', '--email', 'a@b.de', '--name', 'A', '--role', 'own', '--password', 'short');
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/at least 10 characters/);
    const unknownOption = await cli('create-token', '--email', 'own@example.test', '--nmae', 'x');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.err).toMatch(/nmae/);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli()).code).toBe(2);
    await inspect(async () => expect(await User.count({ where: { email: 'a@b.de' } })).toBe(0));
  });

  it('fails with exit code 1 for a duplicate email', async () => {
    const dup = await cli('create-user', '--email', 'OWN@example.test', '--name', 'Zweiter', '--role', 'own');
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/already exists/);
  });

  it('creates an API token and prints its secret once; only the hash is stored', async () => {
    const res = await cli('create-token', '--email', 'Own@Example.test', '--name', 'Thunderbird');
    expect(res.code).toBe(0);
    const secret = res.out.split('\n').at(-1)!;
    expect(secret).toMatch(/^akte_/);
    await inspect(async () => {
      const token = await ApiToken.findOne({ where: { name: 'Thunderbird' } });
      expect(token!.tokenHash).toBe(hashToken(secret));
    });
    const unknown = await cli('create-token', '--email', 'ghost@example.test', '--name', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/No active user/);
  });

  it('resets a password: a generated one printed once, and only that user signed out of the browser', async () => {
    const [mine, other] = await inspect(async () => {
      const own = (await User.findOne({ where: { email: 'own@example.test' } }))!;
      const chef = (await User.findOne({ where: { email: 'chef@example.test' } }))!;
      return [await createSession(own.id), await createSession(chef.id)];
    });
    const tokensBefore = await inspect(() => ApiToken.count());
    const res = await cli('reset-password', '--email', 'OWN@example.test');
    expect(res.code).toBe(0);
    const lines = res.out.split('\n');
    const generated = /^New password \(shown once\): (\S+)$/.exec(lines.at(-1)!)?.[1];
    expect(generated).toBeDefined();
    expect(res.out.split(generated!)).toHaveLength(2); // printed exactly once
    expect(lines[0]).toBe(
      'New password set for own@example.test; their browser sessions have ended (API tokens stay valid).',
    );
    await inspect(async () => {
      const user = await User.findOne({ where: { email: 'own@example.test' } });
      expect(await verifyPassword(generated!, user!.passwordHash)).toBe(true);
      expect(await verifyPassword('ten chars!!', user!.passwordHash)).toBe(false);
      expect(await resolveSession(mine.secret)).toBeNull();
      expect(await resolveSession(other.secret)).not.toBeNull();
      expect(await ApiToken.count()).toBe(tokensBefore);
    });
  });

  it('resets to a password given on standard input or as --password, without printing it', async () => {
    const piped = await cliWithStdin(
      'from stdin 123\n',
      'reset-password',
      '--email',
      'own@example.test',
      '--password-stdin',
    );
    expect(piped.code).toBe(0);
    expect(piped.out).not.toContain('from stdin 123');
    await inspect(async () => {
      const user = await User.findOne({ where: { email: 'own@example.test' } });
      expect(await verifyPassword('from stdin 123', user!.passwordHash)).toBe(true);
    });
    const given = await cli('reset-password', '--email', 'own@example.test', '--password', 'given on argv');
    expect(given.code).toBe(0);
    expect(given.out).not.toContain('given on argv');
    await inspect(async () => {
      const user = await User.findOne({ where: { email: 'own@example.test' } });
      expect(await verifyPassword('given on argv', user!.passwordHash)).toBe(true);
    });
  });

  it('refuses a reset for an unknown user, a short password or two password sources, changing nothing', async () => {
    const hashBefore = await inspect(
      async () => (await User.findOne({ where: { email: 'own@example.test' } }))!.passwordHash,
    );
    const cases: Array<[string | undefined, string[], RegExp]> = [
      [undefined, ['--email', 'ghost@example.test'], /No user with the email ghost@example.test/],
      [undefined, ['--email', 'own@example.test', '--password', 'short'], /at least 10 characters/],
      ['short\n', ['--email', 'own@example.test', '--password-stdin'], /at least 10 characters/],
      ['two\nlines here\n', ['--email', 'own@example.test', '--password-stdin'], /one line/],
      ['long enough 1', ['--email', 'own@example.test', '--password-stdin', '--password', 'long enough 2'], /not both/],
      [undefined, ['--mail', 'own@example.test'], /mail/],
    ];
    for (const [stdin, args, message] of cases) {
      const res = await cliWithStdin(stdin, 'reset-password', ...args);
      expect({ args, code: res.code }).toEqual({ args, code: 2 });
      expect(res.err).toMatch(message);
    }
    await inspect(async () =>
      expect((await User.findOne({ where: { email: 'own@example.test' } }))!.passwordHash).toBe(hashBefore),
    );
  });

  it('prints help', async () => {
    const res = await cli('help');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/create-user --email E --name N --role R/);
    expect(res.out).toMatch(/reset-password --email E/);
  });

  it('runs as a program and exits non-zero on a bad command', () => {
    const root = path.resolve(__dirname, '../../..');
    const run = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['server/src/cli.ts', 'frobnicate'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Unknown command "frobnicate"/);
  });

  it('reads --password-stdin from the real standard input when run as a program', async () => {
    const root = path.resolve(__dirname, '../../..');
    const run = spawnSync(
      path.join(root, 'node_modules/.bin/tsx'),
      ['server/src/cli.ts', 'reset-password', '--email', 'chef@example.test', '--password-stdin'],
      { cwd: root, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8', input: 'piped password 42\n' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    await inspect(async () => {
      const user = await User.findOne({ where: { email: 'chef@example.test' } });
      expect(await verifyPassword('piped password 42', user!.passwordHash)).toBe(true);
    });
  });
});
