import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataTypes, UniqueConstraintError, type Sequelize } from 'sequelize';
import { openDatabase } from '../../../server/src/db/connection';

/**
 * Sequelize's SQLite queries as the server runs them (db/sqlite-query-stacks.ts): a statement that succeeds formats
 * no call stack, and one that fails still carries the callers' stack and Sequelize's error class. On a SQLite file of
 * its own, whatever database the surrounding project runs on.
 */
let dir: string;
let sequelize: Sequelize;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-sqlite-stacks-'));
  sequelize = openDatabase(`sqlite:${path.join(dir, 'db.sqlite')}`);
  sequelize.define('Tag', { name: { type: DataTypes.STRING, unique: true } }, { tableName: 'tags' });
  await sequelize.sync();
});
afterAll(async () => {
  await sequelize.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Counts the call stacks with frames V8 hands to Error.prepareStackTrace while `work` runs (each is formatted, under
 * tsx through the source map; an empty one costs nothing).
 */
async function formattedStacksDuring(work: () => Promise<unknown>): Promise<number> {
  const original = Error.prepareStackTrace;
  let count = 0;
  Error.prepareStackTrace = (error, frames) => {
    if (frames.length > 0) count++;
    return original ? original(error, frames) : `${String(error)}\n${frames.map((f) => `    at ${f}`).join('\n')}`;
  };
  try {
    await work();
  } finally {
    Error.prepareStackTrace = original;
  }
  return count;
}

async function insertTagInTransaction(name: string): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    await sequelize.models.Tag.create({ name }, { transaction });
  });
}

describe('SQLite query stacks', () => {
  it('formats no stack for statements that succeed (BEGIN, INSERT, COMMIT, SELECT)', async () => {
    const formatted = await formattedStacksDuring(async () => {
      await insertTagInTransaction('first');
      await sequelize.models.Tag.findAll();
    });
    expect(formatted).toBe(0);
  });

  it('gives a failed statement its Sequelize error class and the stack of its callers', async () => {
    const failure = await insertTagInTransaction('first').then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(UniqueConstraintError);
    expect((failure as Error).stack).toMatch(/insertTagInTransaction/);
  });

  it('leaves the stack depth of other errors as it was', async () => {
    const before = Error.stackTraceLimit;
    await sequelize.models.Tag.count();
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('elsewhere').stack).toMatch(/\n\s+at /);
  });
});
