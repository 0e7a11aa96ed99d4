import type { Sequelize } from 'sequelize';
import { openDatabase } from '../../../../server/src/db/connection';
import { inUnitOfWork } from '../../../../server/src/db/unit-of-work';
import { initModels } from '../../../../server/src/models';
import { FileBlobStore } from '../../../../server/src/domain/documents/file-blob-store';
import type { DomainContext } from '../../../../server/src/domain/context';
import { actorForUser } from '../../../../server/src/domain/users/actors';
import { User } from '../../../../server/src/domain/users/model';
import { runCli } from '../../../../server/src/cli';
import { databaseUrlForTest } from '../../../support/test-env';
import { startRadicale, stopRadicale, type RunningRadicale } from '../../../support/radicale';

/**
 * The sync through the operator CLI against a real Radicale: a throw-away database (the jest project's kind) and a
 * Radicale for the test file, the CLI run on that database as an operator would, and domain work as a user on a
 * connection of the test's own (the CLI opens and closes its own).
 */
export interface CliWorld {
  db: Awaited<ReturnType<typeof databaseUrlForTest>>;
  radicale: RunningRadicale;
}

/** Starts both before the file's tests and stops them after; the world is filled in by then. */
export function useCliWorld(): CliWorld {
  const world = {} as CliWorld;
  beforeAll(async () => {
    [world.db, world.radicale] = await Promise.all([databaseUrlForTest(), startRadicale()]);
  });
  afterAll(async () => {
    await stopRadicale(world.radicale);
    await world.db.drop();
  });
  return world;
}

/** `npm run akte -- …argv` on the world's database: exit code, output lines, and the JSON lines sync-run prints. */
export async function runAkte(world: CliWorld, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env: { DATABASE_URL: world.db.url, AKTE_DATA_DIR: world.db.dataDir, AKTE_LOG_LEVEL: 'silent' },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err: err.join('\n'), sides: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** Domain work as the user with this email, in one unit of work on a connection of the test's own. */
export async function asUser<T>(
  world: CliWorld,
  email: string,
  work: (ctx: DomainContext, sequelize: Sequelize) => Promise<T>,
): Promise<T> {
  const sequelize = openDatabase(world.db.url);
  try {
    initModels(sequelize);
    const actor = await actorForUser((await User.findOne({ where: { email } }))!);
    return await inUnitOfWork(sequelize, (tx) =>
      work({ actor, sequelize, tx, blobs: new FileBlobStore(world.db.dataDir) }, sequelize),
    );
  } finally {
    await sequelize.close();
  }
}
