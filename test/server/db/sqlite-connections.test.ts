import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataTypes, type Sequelize } from 'sequelize';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../../server/src/db/connection';
import { sqlOf } from '../../../server/src/db/sql';

/**
 * SQLite handles as the server opens them (db/sqlite-connections.ts): Sequelize 6 never runs afterConnect hooks for
 * SQLite and opens a handle per transaction, so the PRAGMAs and the handle reuse are checked here on a file of its own
 * (whatever database the surrounding project runs on).
 */
let dir: string;
let sequelize: Sequelize;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-sqlite-handles-'));
  sequelize = openDatabase(`sqlite:${path.join(dir, 'db.sqlite')}`);
  await sequelize.query('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
});
afterAll(async () => {
  await sequelize.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const pragma = async (name: string, tx?: Parameters<typeof sqlOf>[1]) =>
  Object.values((await sqlOf(sequelize, tx).all<Record<string, unknown>>(`PRAGMA ${name}`))[0])[0];

describe('SQLite handles', () => {
  it('applies WAL, NORMAL sync, no busy timeout and foreign keys on the shared handle and in transactions', async () => {
    // No busy timeout: SQLite would sleep on the event loop; the driver waits on a timer (sqlite-driver.test.ts).
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(0);
    await sequelize.transaction(async (tx) => {
      expect(await pragma('synchronous', tx)).toBe(1);
      expect(await pragma('busy_timeout', tx)).toBe(0);
      expect(await pragma('foreign_keys', tx)).toBe(1);
    });
  });

  it('reuses a transaction handle, and a rolled-back transaction leaves nothing behind on it', async () => {
    const handles = new Set<unknown>();
    await sequelize.transaction(async (tx) => {
      handles.add((tx as unknown as { connection: unknown }).connection);
      await sqlOf(sequelize, tx).run('INSERT INTO notes (text) VALUES (?)', ['kept']);
    });
    await expect(
      sequelize.transaction(async (tx) => {
        handles.add((tx as unknown as { connection: unknown }).connection);
        await sqlOf(sequelize, tx).run('INSERT INTO notes (text) VALUES (?)', ['rolled back']);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await sequelize.transaction(async (tx) => {
      handles.add((tx as unknown as { connection: unknown }).connection);
      const rows = await sqlOf(sequelize, tx).all<{ text: string }>('SELECT text FROM notes ORDER BY id');
      expect(rows.map((r) => r.text)).toEqual(['kept']);
    });
    expect(handles.size).toBe(1);
  });

  it('hands out a handle left inside a transaction by a failed statement in a clean state', async () => {
    // A COMMIT that failed (disk full, I/O error) would leave its handle inside the transaction: stand in for that
    // by opening one on the idle handle after Sequelize has let go of it.
    type Handle = { run(sql: string, cb: () => void): void };
    let handle: Handle | null = null;
    await sequelize.transaction(async (tx) => {
      handle = (tx as unknown as { connection: Handle }).connection;
    });
    const run = (sql: string) => new Promise<void>((resolve) => handle!.run(sql, () => resolve()));
    await run('BEGIN');
    await run("INSERT INTO notes (text) VALUES ('dangling')");
    // …and the statement that failed (as the COMMIT would have).
    await run('INSERT INTO no_such_table VALUES (1)');
    await sequelize.transaction(async (tx) => {
      await sqlOf(sequelize, tx).run('INSERT INTO notes (text) VALUES (?)', ['after']);
    });
    const rows = await sqlOf(sequelize).all<{ text: string }>('SELECT text FROM notes ORDER BY id');
    expect(rows.map((r) => r.text)).toEqual(['kept', 'after']);
  });

  it('answers Sequelize’s column lookups from memory until the schema changes', async () => {
    // Sequelize parses a model query's columns by the table's declared types (PRAGMA table_info).
    const Note = sequelize.define(
      'Note',
      { text: DataTypes.TEXT, seenAt: { type: DataTypes.DATE, field: 'seen_at' } },
      { tableName: 'notes', timestamps: false },
    );
    await Note.findAll({ attributes: ['id', 'text'] });
    await sequelize.query('ALTER TABLE notes ADD COLUMN seen_at DATETIME');
    await sequelize.query("UPDATE notes SET seen_at = '2026-11-23 10:00:00.000 +00:00'");
    const note = (await Note.findOne())!;
    // A date only if Sequelize learned the new column's type: a stale column list would leave the text.
    expect(note.get('seenAt')).toBeInstanceOf(Date);
    expect((note.get('seenAt') as Date).toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  it('opens and ends transactions on statements kept prepared: none is prepared again per BEGIN, COMMIT or ROLLBACK', async () => {
    // Through the driver's Database#all/run each would be prepared (parsed and planned) anew on every call.
    const proto = BetterSqlite3.prototype as unknown as { prepare(...a: unknown[]): unknown };
    const prepare = proto.prepare;
    const prepared: string[] = [];
    proto.prepare = function (this: unknown, ...args: unknown[]) {
      prepared.push(String(args[0]));
      return prepare.apply(this, args);
    };
    try {
      // The first transaction on a handle prepares what it keeps.
      await sequelize.transaction(async (tx) => {
        await sqlOf(sequelize, tx).run('INSERT INTO notes (text) VALUES (?)', ['first']);
      });
      prepared.splice(0);
      await sequelize.transaction(async (tx) => {
        await sqlOf(sequelize, tx).run('INSERT INTO notes (text) VALUES (?)', ['committed']);
      });
      await expect(
        sequelize.transaction(async (tx) => {
          await sqlOf(sequelize, tx).run('INSERT INTO notes (text) VALUES (?)', ['rolled back too']);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(prepared).toEqual([]);
    } finally {
      proto.prepare = prepare;
    }
    const texts = (await sqlOf(sequelize).all<{ text: string }>('SELECT text FROM notes')).map((r) => r.text);
    expect(texts).toEqual(expect.arrayContaining(['first', 'committed']));
    expect(texts).not.toContain('rolled back too');
  });

  it('prepares a statement once per handle: a bad one rejects, two first uses at once share one, closing finalizes them', async () => {
    const other = openDatabase(`sqlite:${path.join(dir, 'prepared.sqlite')}`);
    const sql = sqlOf(other);
    await sql.run('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)');
    await expect(sql.all('SELECT * FROM no_such_table')).rejects.toThrow(/no such table/);
    const insert = 'INSERT INTO things (name) VALUES (?)';
    // Three first uses at once: compared by name, not by the order they were issued in.
    await Promise.all(['a', 'b', 'c'].map((name) => sql.run(insert, [name])));
    const select = 'SELECT name FROM things WHERE name > ? ORDER BY name';
    const [all, later] = await Promise.all([
      sql.all<{ name: string }>(select, ['']),
      sql.all<{ name: string }>(select, ['b']),
    ]);
    expect(all.map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(later.map((r) => r.name)).toEqual(['c']);
    await other.transaction(async (tx) => {
      await sqlOf(other, tx).run(insert, ['d']);
    });
    // SQLite refuses to close a handle with statements left: close must finalize them first.
    await expect(other.close()).resolves.toBeUndefined();
  });
});
