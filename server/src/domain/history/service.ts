import type { Transaction } from 'sequelize';
import { insertRows, sqlIn } from '../../db/sql';
import type { TraceAction } from './model';

export interface TraceInput {
  recordType: string;
  recordId: number;
  partnerId?: number | null;
  userId: number | null;
  action: TraceAction;
  changes?: Record<string, unknown>;
}

/**
 * Appends one history entry ("trace") in the caller's transaction, so history and change commit together.
 * A plain statement (db/sql.ts): every write of every record passes here.
 */
export async function recordTrace(tx: Transaction, input: TraceInput): Promise<void> {
  await sqlIn(tx).run(
    `INSERT INTO traces (record_type, record_id, partner_id, user_id, action, changes, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      input.recordType,
      input.recordId,
      input.partnerId ?? null,
      input.userId,
      input.action,
      JSON.stringify(input.changes ?? {}),
      new Date(),
    ],
  );
}

/** recordTrace for several records of one unit of work, in one statement. */
export async function recordTraces(tx: Transaction, inputs: readonly TraceInput[]): Promise<void> {
  const now = new Date();
  await insertRows(
    sqlIn(tx),
    'traces',
    ['record_type', 'record_id', 'partner_id', 'user_id', 'action', 'changes', 'created_at'],
    inputs.map((input) => [
      input.recordType,
      input.recordId,
      input.partnerId ?? null,
      input.userId,
      input.action,
      JSON.stringify(input.changes ?? {}),
      now,
    ]),
  );
}

/**
 * The field-level difference between two plain snapshots: `{ field: [before, after] }` for fields that changed.
 * Pure; used for 'update' traces.
 */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const field of fields) {
    const a = normalizeForDiff(before[field]);
    const b = normalizeForDiff(after[field]);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[field] = [a, b];
  }
  return changes;
}

function normalizeForDiff(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}
