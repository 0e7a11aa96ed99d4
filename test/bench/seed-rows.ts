import { Sequelize } from 'sequelize';

/**
 * Bulk loading for the benchmark: multi-row INSERTs built here and sent with `sequelize.query`, a few thousand rows
 * per statement. Going through the models (or the API) would cost a round trip and hooks per row, and loading a
 * million rows would take longer than the benchmark itself.
 */
export type SqlValue = string | number | boolean | Date | null;

const BATCH_ROWS = 2000;
/** Two statements in flight: the server inserts one batch while Node builds the next. */
const IN_FLIGHT = 2;

/** 'YYYY-MM-DD HH:MM:SS.mmm' in UTC, the literal DATETIME(3) expects (the connection runs at +00:00). */
export function sqlDate(d: Date): string {
  return d.toISOString().slice(0, 23).replace('T', ' ');
}

function literal(sequelize: Sequelize, value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return `'${sqlDate(value)}'`;
  return sequelize.escape(value);
}

/**
 * Inserts `count` rows produced by `row(i)` (i = 0…count-1) into `table`, in batches. Returns the number of rows
 * written; `row` may return null to skip an index. `inFlight: 1` for a table whose triggers update shared rows
 * (leads → lead_totals): two multi-row INSERTs at once would lock those rows in different orders and deadlock.
 */
export async function insertRows(
  sequelize: Sequelize,
  table: string,
  columns: string[],
  count: number,
  row: (i: number) => SqlValue[] | null,
  options: { inFlight?: number } = {},
): Promise<number> {
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  let written = 0;
  let next = 0;
  const buildBatch = (): string | null => {
    const values: string[] = [];
    while (next < count && values.length < BATCH_ROWS) {
      const cells = row(next++);
      if (!cells) continue;
      if (cells.length !== columns.length)
        throw new Error(`${table}: row has ${cells.length} values, not ${columns.length}`);
      values.push(`(${cells.map((v) => literal(sequelize, v)).join(',')})`);
    }
    written += values.length;
    return values.length ? head + values.join(',') : null;
  };
  const worker = async (): Promise<void> => {
    for (let sql = buildBatch(); sql; sql = buildBatch()) await sequelize.query(sql);
  };
  await Promise.all(Array.from({ length: options.inFlight ?? IN_FLIGHT }, worker));
  return written;
}

/** A small deterministic PRNG (mulberry32), so every run seeds the same data and the numbers are comparable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
