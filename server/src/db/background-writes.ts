import type { Sequelize } from 'sequelize';

/**
 * Writes that must never happen on a request's path — a token's "last used" stamp noted by an authenticated read,
 * a rendering kept for the next server process — are noted here and written a moment later, in one short
 * transaction of the writer's own, per database. On SQLite that transaction queues in the write gate like any
 * writer (write-gate.ts). What a crash or a busy database loses is only what these writes are for: a stamp's
 * precision, or a rendering made again later. closeDatabase (bootstrap.ts) finishes every writer first, so no
 * timer opens a transaction while the handles close.
 */
export interface BackgroundWriter<V> {
  /** Notes `value` under `key` (a later note of the same key replaces it); written within the writer's delay. */
  note(sequelize: Sequelize, key: string, value: V): void;
  /** The value noted under `key` and not yet written. */
  pending(sequelize: Sequelize, key: string): V | undefined;
  /** Writes one batch of what is noted now (the rest is scheduled); a failed batch is dropped, and the error thrown. */
  flush(sequelize: Sequelize): Promise<void>;
}

export interface BackgroundWriterOptions<V> {
  /** Time between the first note and the write: a burst of notes goes in one transaction. */
  delayMs: number;
  /** Values written per transaction; the rest in the next. */
  batchSize?: number;
  /** Notes beyond this many are dropped (memory stays bounded while the database is busy). */
  maxPending?: number;
  /** Writes a batch, in a unit of work of its own. */
  write(sequelize: Sequelize, batch: V[]): Promise<void>;
}

interface Queue<V> {
  values: Map<string, V>;
  timer: NodeJS.Timeout | null;
  /** The database is closing: nothing more is noted. */
  closed: boolean;
}

/** Every writer made, so that closing a database finishes them all. */
const writers: Array<{ finish(sequelize: Sequelize): Promise<void> }> = [];

export function createBackgroundWriter<V>(options: BackgroundWriterOptions<V>): BackgroundWriter<V> {
  const { delayMs, batchSize = Infinity, maxPending = Infinity, write } = options;
  const queues = new WeakMap<Sequelize, Queue<V>>();
  const queueOf = (sequelize: Sequelize): Queue<V> => {
    let queue = queues.get(sequelize);
    if (!queue) queues.set(sequelize, (queue = { values: new Map(), timer: null, closed: false }));
    return queue;
  };

  const schedule = (sequelize: Sequelize, queue: Queue<V>) => {
    if (queue.timer) return;
    queue.timer = setTimeout(() => void flush(sequelize).catch(() => undefined), delayMs);
    // What is noted must not keep a command-line process (or a test) alive.
    queue.timer.unref();
  };

  async function flush(sequelize: Sequelize): Promise<void> {
    const queue = queues.get(sequelize);
    if (!queue) return;
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = null;
    if (!queue.values.size) return;
    const keys = [...queue.values.keys()].slice(0, batchSize);
    const batch = keys.map((key) => queue.values.get(key)!);
    for (const key of keys) queue.values.delete(key);
    if (queue.values.size && !queue.closed) schedule(sequelize, queue);
    await write(sequelize, batch);
  }

  async function finish(sequelize: Sequelize): Promise<void> {
    const queue = queueOf(sequelize);
    queue.closed = true;
    while (queue.values.size) await flush(sequelize).catch(() => undefined);
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = null;
  }
  writers.push({ finish });

  return {
    note(sequelize, key, value) {
      const queue = queueOf(sequelize);
      if (queue.closed) return;
      if (queue.values.size >= maxPending && !queue.values.has(key)) return;
      queue.values.set(key, value);
      schedule(sequelize, queue);
    },
    pending: (sequelize, key) => queues.get(sequelize)?.values.get(key),
    flush,
  };
}

/** Writes what every background writer holds for `sequelize` and lets none note more: right before it closes. */
export async function finishBackgroundWrites(sequelize: Sequelize): Promise<void> {
  for (const writer of writers) await writer.finish(sequelize);
}
