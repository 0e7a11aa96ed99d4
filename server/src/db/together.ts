/**
 * Statements of one unit of work that do not depend on each other, sent at once and all awaited: mysql2 queues them
 * on the transaction's connection and sends them one after another without waiting for each answer; the SQLite
 * driver (sqlite-driver.ts) runs them as they are issued, and the unit waits once instead of n times (with
 * node-sqlite3 each wait was a trip to libuv's thread pool, measured 70–100 µs in bench:dav's PUTs). Only statements
 * whose order does not matter belong here: none may read what another one writes.
 *
 * Every one is settled before a failure is thrown: the unit of work must not roll back while one still runs — on
 * SQLite a statement that ran after the ROLLBACK would be committed on its own.
 */
export async function together<T extends readonly unknown[]>(
  ...pending: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const settled = await Promise.allSettled(pending);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
