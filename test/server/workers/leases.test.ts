import { sqlDate, sqlOf } from '../../../server/src/db/sql';
import { LeaseTable, type Lease } from '../../../server/src/workers/leases';
import { createTestEnv, type TestEnv } from '../../support/test-env';

/**
 * workers/leases.ts on a table of its own, on both databases: due rows, claims (one worker per row, the named row or
 * the most overdue one), fencing after a lease ran out and another worker took the row, renew, release.
 */
class Lost extends Error {
  constructor(readonly lease: Lease) {
    super(`lease ${lease.id}/${lease.token} lost`);
  }
}

const table = new LeaseTable({
  table: 'test_work',
  dueColumn: 'next_at',
  dueAlso: { where: 'paused = ?', params: () => [0] },
  lost: (lease) => new Lost(lease),
});

const MIN = 60_000;
const now = new Date('2026-12-07T12:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms);

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const sql = sqlOf(env.sequelize);
  await sql.run(`CREATE TABLE test_work (id INTEGER PRIMARY KEY, lease_owner VARCHAR(100) NULL,
    lease_expires_at DATETIME(3) NULL, fence_token INTEGER NOT NULL DEFAULT 0, next_at DATETIME(3) NULL,
    paused INTEGER NOT NULL DEFAULT 0, note VARCHAR(20) NULL)`);
  const d = (ms: number) => sqlDate(sql.dialect, at(ms));
  // 1 and 2 are overdue (1 longer), 3 is due later, 4 is overdue but paused, 5 is never due.
  for (const [id, next, paused] of [
    [1, d(-10 * MIN), 0],
    [2, d(-5 * MIN), 0],
    [3, d(10 * MIN), 0],
    [4, d(-20 * MIN), 1],
    [5, null, 0],
  ])
    await sql.run('INSERT INTO test_work (id, next_at, paused) VALUES (?, ?, ?)', [id, next, paused]);
});
afterAll(async () => {
  await env.close();
});

const note = (lease: Lease, text: string) =>
  table.inLease(env.sequelize, lease, (_tx, sql) =>
    sql.run('UPDATE test_work SET note = ? WHERE id = ?', [text, lease.id]),
  );

describe('a lease table', () => {
  it('lists the due rows, most overdue first, without the ones dueAlso excludes', async () => {
    expect(await table.dueIds(env.sequelize, now, 10)).toEqual([1, 2]);
    expect(await table.dueIds(env.sequelize, now, 1)).toEqual([1]);
  });

  it('gives each due row to one worker only, however many claim at once', async () => {
    const claims = await Promise.all(['a', 'b', 'c'].map((w) => table.claim(env.sequelize, w, now, 5 * MIN)));
    expect(
      claims
        .filter(Boolean)
        .map((c) => c!.id)
        .sort(),
    ).toEqual([1, 2]);
    expect(claims.filter((c) => c === null)).toHaveLength(1);
    expect(claims.filter(Boolean).every((c) => c!.token === 1)).toBe(true);
    expect(await table.dueIds(env.sequelize, now, 10)).toEqual([]);
    // A named row is claimed whether due or not, once.
    const three = await table.claim(env.sequelize, 'a', now, 5 * MIN, 3);
    expect(three).toEqual({ id: 3, token: 1 });
    expect(await table.claim(env.sequelize, 'b', now, 5 * MIN, 3)).toBeNull();
  });

  it('fences off a worker whose lease ran out and whose row another worker claimed', async () => {
    const paused: Lease = { id: 1, token: 1 };
    await note(paused, 'first');
    const later = at(6 * MIN);
    const taker = await table.claim(env.sequelize, 'other', later, 5 * MIN, 1);
    expect(taker).toEqual({ id: 1, token: 2 });
    await expect(note(paused, 'stale')).rejects.toBeInstanceOf(Lost);
    await expect(table.renew(env.sequelize, paused, later, 5 * MIN)).rejects.toBeInstanceOf(Lost);
    await note(taker!, 'second');
    const [row] = await sqlOf(env.sequelize).all<{ note: string }>('SELECT note FROM test_work WHERE id = 1');
    expect(row.note).toBe('second');
    // The stale release changes nothing: the row stays the taker's.
    await table.release(env.sequelize, paused, later);
    expect(await table.claim(env.sequelize, 'third', at(7 * MIN), 5 * MIN, 1)).toBeNull();
  });

  it('keeps a renewed lease past its first end, and frees a released row at its next due time', async () => {
    const lease: Lease = { id: 2, token: 1 };
    await table.renew(env.sequelize, lease, at(4 * MIN), 5 * MIN);
    expect(await table.claim(env.sequelize, 'other', at(6 * MIN), 5 * MIN, 2)).toBeNull();
    await table.release(env.sequelize, lease, at(30 * MIN));
    expect(await table.dueIds(env.sequelize, at(29 * MIN), 10)).not.toContain(2);
    expect(await table.dueIds(env.sequelize, at(30 * MIN), 10)).toContain(2);
    expect(await table.claim(env.sequelize, 'other', at(30 * MIN), 5 * MIN, 2)).toEqual({ id: 2, token: 2 });
  });
});
