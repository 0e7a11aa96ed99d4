import type { Sequelize } from 'sequelize';
import { databaseUrlForTest } from '../../support/test-env';
import { openDatabase } from '../../../server/src/db/connection';
import { sqlOf } from '../../../server/src/db/sql';
import { inUnitOfWork } from '../../../server/src/db/unit-of-work';
import { together } from '../../../server/src/db/together';

/**
 * Independent statements of a unit of work sent at once (db/together.ts), on both engines: all of them land, and when
 * one fails the unit rolls back only after every other one has finished — none is left to run after the ROLLBACK
 * (on SQLite it would then be committed on its own).
 */
let db: Awaited<ReturnType<typeof databaseUrlForTest>>;
let sequelize: Sequelize;
beforeAll(async () => {
  db = await databaseUrlForTest();
  sequelize = openDatabase(db.url);
  await sqlOf(sequelize).run('CREATE TABLE together_a (n INTEGER NOT NULL)');
  await sqlOf(sequelize).run('CREATE TABLE together_b (n INTEGER NOT NULL UNIQUE)');
});
afterAll(async () => {
  await sequelize.close();
  await db.drop();
});

const count = async (table: string) =>
  Number((await sqlOf(sequelize).all<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

it('sends independent statements at once and answers each one’s result in order', async () => {
  const rows = Array.from({ length: 50 }, (_, i) => i + 1);
  const [a, b, total] = await inUnitOfWork(sequelize, async (tx) => {
    const sql = sqlOf(sequelize, tx);
    return together(
      sql.run(`INSERT INTO together_a (n) VALUES ${rows.map(() => '(?)').join(', ')}`, rows),
      sql.run(`INSERT INTO together_b (n) VALUES ${rows.map(() => '(?)').join(', ')}`, rows),
      sql.all<{ n: number }>('SELECT 7 AS n'),
    );
  });
  expect([a.changes, b.changes, Number(total[0].n)]).toEqual([50, 50, 7]);
  expect([await count('together_a'), await count('together_b')]).toEqual([50, 50]);
});

it('rolls the unit back only after every statement has finished: nothing of a failed unit stays', async () => {
  const before = [await count('together_a'), await count('together_b')];
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await expect(
    inUnitOfWork(sequelize, (tx) => {
      const sql = sqlOf(sequelize, tx);
      // One part of several statements, still between them when the other part fails (a duplicate unique value).
      const slowPart = (async () => {
        await sql.all('SELECT 1 AS one');
        await pause(100);
        return sql.run('INSERT INTO together_a (n) VALUES (?)', [-1]);
      })();
      return together(slowPart, sql.run('INSERT INTO together_b (n) VALUES (?)', [1]));
    }),
  ).rejects.toThrow(/unique|duplicate/i);
  // A statement sent after the ROLLBACK would have landed by now, committed on its own.
  await pause(200);
  expect([await count('together_a'), await count('together_b')]).toEqual(before);
});
