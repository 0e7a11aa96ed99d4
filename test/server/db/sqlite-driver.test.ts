import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { isDatabaseBusy } from '../../../server/src/db/busy';
import { openDatabase } from '../../../server/src/db/connection';
import { sqlOf } from '../../../server/src/db/sql';
import { BUSY_WAIT_MS } from '../../../server/src/db/sqlite-driver';

/**
 * The SQLite driver as the server runs it (db/sqlite-driver.ts: node-sqlite3's API over better-sqlite3, statements on
 * the event loop): values come back as node-sqlite3 stored them, and another process's write lock is waited for on a
 * timer — the event loop keeps serving — and answered as "busy" (503 upstream) once it is held too long. On a SQLite
 * file of its own, whatever database the surrounding project runs on.
 */
let dir: string;
let file: string;
let sequelize: Sequelize;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-sqlite-driver-'));
  file = path.join(dir, 'db.sqlite');
  sequelize = openDatabase(`sqlite:${file}`);
  await sqlOf(sequelize).run('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT, any_value)');
});
afterAll(async () => {
  await sequelize.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Another process holding the database's write lock for `holdMs` (a command-line tool writing to a running server's
 * file): resolves once it holds the lock; `done` when it has let go and exited.
 */
async function lockFromAnotherProcess(holdMs: number): Promise<{ done: Promise<void>; child: ChildProcess }> {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return { done, child };
}

/** The longest pause of the event loop while `work` runs, measured by a 5 ms interval timer. */
async function longestPauseDuring<T>(work: () => Promise<T>): Promise<{ result: T | Error; pauseMs: number }> {
  let last = performance.now();
  let pauseMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    pauseMs = Math.max(pauseMs, now - last);
    last = now;
  }, 5);
  try {
    const result = await work().catch((err: Error) => err);
    return { result, pauseMs };
  } finally {
    clearInterval(timer);
  }
}

describe('SQLite driver', () => {
  it('stores values as node-sqlite3 did: a whole number in a TEXT column reads back without ".0"', async () => {
    const sql = sqlOf(sequelize);
    await sql.run('INSERT INTO notes (text, any_value) VALUES (?, ?)', [5, 7]);
    const [row] = await sql.all<{ text: string; kind: string; any_value: number }>(
      'SELECT text, typeof(any_value) AS kind, any_value FROM notes WHERE text = ?',
      ['5'],
    );
    expect(row).toEqual({ text: '5', kind: 'integer', any_value: 7 });
  });

  it('reports each run’s own inserted id and change count, also when one statement runs twice at once', async () => {
    const sql = sqlOf(sequelize);
    const [first, second] = await Promise.all([
      sql.run('INSERT INTO notes (text) VALUES (?)', ['twice a']),
      sql.run('INSERT INTO notes (text) VALUES (?)', ['twice b']),
    ]);
    expect(second.lastId).toBe(first.lastId + 1);
    expect([first.changes, second.changes]).toEqual([1, 1]);
    const rows = await sql.all<{ id: number; text: string }>('SELECT id, text FROM notes WHERE id IN (?, ?)', [
      first.lastId,
      second.lastId,
    ]);
    expect(rows.map((r) => r.text).sort()).toEqual(['twice a', 'twice b']);
  });

  it('answers each statement in a turn of the event loop of its own: a chain of statements lets others in between', async () => {
    // A request whose statements follow one another must not hold the loop until its last one (the next request,
    // /healthz, a timer waits meanwhile), as it would if statements were answered in microtasks.
    const sql = sqlOf(sequelize);
    let done = 0;
    let doneWhenTimerFired = -1;
    setTimeout(() => (doneWhenTimerFired = done), 0);
    for (let i = 0; i < 200; i++) {
      await sql.all('SELECT ? AS n', [i]);
      done++;
    }
    expect(doneWhenTimerFired).toBeGreaterThanOrEqual(0);
    expect(doneWhenTimerFired).toBeLessThan(200);
  });

  it('waits for another process’s write lock on a timer: the event loop keeps running, the write lands after', async () => {
    const holder = await lockFromAnotherProcess(400);
    const t0 = performance.now();
    const { result, pauseMs } = await longestPauseDuring(() =>
      sequelize.transaction(async (tx) => {
        await sqlOf(sequelize, tx).run('INSERT INTO notes (text) VALUES (?)', ['after the lock']);
      }),
    );
    await holder.done;
    expect(result).toBeUndefined();
    // It did wait for the other process (the lock was held ~400 ms after it was reported)…
    expect(performance.now() - t0).toBeGreaterThan(250);
    // …without holding the event loop (SQLite's own busy handler would have slept on it the whole time).
    expect(pauseMs).toBeLessThan(150);
    const rows = await sqlOf(sequelize).all('SELECT id FROM notes WHERE text = ?', ['after the lock']);
    expect(rows).toHaveLength(1);
  });

  it('answers "busy" once the lock is held longer than it may wait, and writes nothing', async () => {
    const holder = await lockFromAnotherProcess(BUSY_WAIT_MS + 800);
    const t0 = performance.now();
    const { result, pauseMs } = await longestPauseDuring(() =>
      sequelize.transaction(async (tx) => {
        await sqlOf(sequelize, tx).run('INSERT INTO notes (text) VALUES (?)', ['never']);
      }),
    );
    const waited = performance.now() - t0;
    await holder.done;
    expect(isDatabaseBusy(result)).toBe(true);
    expect(waited).toBeGreaterThan(BUSY_WAIT_MS - 100);
    expect(waited).toBeLessThan(BUSY_WAIT_MS + 700);
    expect(pauseMs).toBeLessThan(150);
    expect(await sqlOf(sequelize).all('SELECT id FROM notes WHERE text = ?', ['never'])).toHaveLength(0);
  });
});
