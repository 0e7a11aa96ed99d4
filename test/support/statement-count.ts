import { createRequire } from 'node:module';
import { Statement as SqliteStatement } from '../../server/src/db/sqlite-driver';

/**
 * Counts the SQL statements this process sends to the database, whichever path sent them (Sequelize or db/sql.ts):
 * on SQLite every statement runs through the SQLite driver's Statement#run/all/get (server/src/db/sqlite-driver.ts;
 * BEGIN and COMMIT included), on
 * MariaDB through mysql2's connection query/execute. A request's statement count is a figure a loaded machine does
 * not blur, so a test can hold a hot path to its budget.
 */
export interface StatementCount {
  /** Statements since the last reset, by their shape (first words and table), in order. */
  readonly shapes: string[];
  reset(): void;
  /** Puts the drivers back as they were. */
  restore(): void;
}

const shapeOf = (sql: string): string =>
  sql
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(SELECT) .*? FROM (\S+).*/i, '$1 $2')
    .replace(/^(INSERT INTO|UPDATE|DELETE FROM) (\S+).*/i, '$1 $2')
    .slice(0, 60);

type Proto = Record<string, (...args: unknown[]) => unknown>;

function sqlOfMysqlArgs(args: unknown[]): string {
  const first = args[0];
  if (typeof first === 'string') return first;
  return String((first as { sql?: string } | undefined)?.sql ?? '?');
}

export function countStatements(dialect: 'sqlite' | 'mariadb'): StatementCount {
  const load = createRequire(__filename);
  const shapes: string[] = [];
  const patched: Array<{ proto: Proto; name: string; original: Proto[string] }> = [];
  const patch = (proto: Proto, name: string, sqlOf: (self: unknown, args: unknown[]) => string) => {
    const original = proto[name];
    patched.push({ proto, name, original });
    proto[name] = function (this: unknown, ...args: unknown[]) {
      shapes.push(shapeOf(sqlOf(this, args)));
      return original.apply(this, args);
    };
  };
  if (dialect === 'sqlite') {
    const proto = SqliteStatement.prototype as unknown as Proto;
    for (const name of ['run', 'all', 'get']) patch(proto, name, (self) => (self as { sql?: string }).sql ?? '?');
  } else {
    const mysql2 = load('mysql2') as { Connection: { prototype: object } };
    // query and execute live on the base class of the Connection mysql2 exports.
    const base = Object.getPrototypeOf(mysql2.Connection.prototype) as Proto;
    for (const name of ['query', 'execute']) patch(base, name, (_self, args) => sqlOfMysqlArgs(args));
  }
  return {
    shapes,
    reset: () => void shapes.splice(0),
    restore: () => {
      for (const { proto, name, original } of patched.reverse()) proto[name] = original;
    },
  };
}
