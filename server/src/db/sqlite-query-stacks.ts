import type { Sequelize } from 'sequelize';

/**
 * Sequelize 6's SQLite `Query.run` captures `new Error()` for every statement and reads its `.stack` even when the
 * statement succeeds (sqlite/query.js: `afterExecute` hands `errForStack.stack` to `_handleQueryResponse`), so every
 * BEGIN, COMMIT and model query formats a call stack — and under tsx (`npm start`) every frame of it goes through the
 * source map: ≈0.1 ms of CPU per statement, a twentieth of a DAV PUT (profiled with `npm run bench:dav`). MySQL's
 * Query formats its stack only on failure, so only SQLite needs this.
 *
 * Here the eager capture is skipped (Error.stackTraceLimit is 0 for the synchronous start of `run`, where the capture
 * happens) and a statement that fails gets its stack where the failure arrives instead: V8's async stack traces name
 * the awaiting callers, which is what the captured stack was for.
 */
interface QueryClass {
  new (...args: unknown[]): { run(...args: unknown[]): Promise<unknown> };
}

const WRAPPED = Symbol('akte.sqliteQueryStacks');

export function captureSqliteStacksOnFailureOnly(sequelize: Sequelize): void {
  const dialect = (sequelize as unknown as { dialect: { Query: QueryClass & { [WRAPPED]?: true } } }).dialect;
  if (dialect.Query[WRAPPED]) return;
  const Base = dialect.Query;
  class Query extends Base {
    static override readonly [WRAPPED] = true as const;

    override async run(...args: unknown[]): Promise<unknown> {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      let pending: Promise<unknown>;
      try {
        pending = super.run(...args);
      } finally {
        Error.stackTraceLimit = limit;
      }
      try {
        return await pending;
      } catch (err) {
        if (err instanceof Error) Error.captureStackTrace(err);
        throw err;
      }
    }
  }
  dialect.Query = Query;
}
