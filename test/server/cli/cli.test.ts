import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { databaseUrlForTest } from '../../support/test-env';
import { runCli } from '../../../server/src/cli';
import { openDatabase } from '../../../server/src/db/connection';
import { initModels } from '../../../server/src/db/models';
import { ApiToken, User } from '../../../server/src/domain/users/model';
import { verifyPassword } from '../../../server/src/domain/users/passwords';
import { hashToken } from '../../../server/src/domain/users/tokens';

let db: Awaited<ReturnType<typeof databaseUrlForTest>>;
beforeAll(async () => {
  db = await databaseUrlForTest();
});
afterAll(async () => {
  await db.drop();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env: { DATABASE_URL: db.url, AKTE_DATA_DIR: db.dataDir },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
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

  it('prints help', async () => {
    const res = await cli('help');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/create-user --email E --name N --role R/);
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
});
