import { Op, WhereOptions } from 'sequelize';
import { z } from 'zod';
import { BadRequestError } from './errors';

/**
 * Keyset ("cursor") pagination: the cursor is the sort key and id of the last row, so page N costs the same as
 * page 1 and rows inserted meanwhile do not shift the pages.
 */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
};

interface CursorState {
  v: string | number | null;
  id: number;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(cursor: string): CursorState {
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
    if (typeof state !== 'object' || state === null || !Number.isSafeInteger(state.id)) throw new Error('shape');
    return state;
  } catch {
    throw new BadRequestError(
      'Invalid cursor: pass the nextCursor value of the previous page unchanged',
      'invalid_cursor',
    );
  }
}

export interface SortSpec {
  /** Model attribute to sort by (camelCase); `id` breaks ties. */
  field: string;
  direction: 'asc' | 'desc';
}

/** WHERE condition selecting the rows after `cursor` in the given order. */
export function afterCursor(cursor: string | undefined, sort: SortSpec): WhereOptions {
  if (!cursor) return {};
  const { v, id } = decodeCursor(cursor);
  const cmp = sort.direction === 'asc' ? Op.gt : Op.lt;
  if (sort.field === 'id') return { id: { [cmp]: id } };
  if (v === null) {
    // NULLs sort first ascending in SQLite and MySQL: continue among the NULLs, then every non-NULL value.
    return sort.direction === 'asc'
      ? { [Op.or]: [{ [sort.field]: null, id: { [cmp]: id } }, { [sort.field]: { [Op.ne]: null } }] }
      : { [sort.field]: null, id: { [cmp]: id } };
  }
  const after: WhereOptions[] = [{ [sort.field]: { [cmp]: v } }, { [sort.field]: v, id: { [cmp]: id } }];
  // Descending, NULLs come last: they all follow any non-NULL value.
  if (sort.direction === 'desc') after.push({ [sort.field]: null });
  return { [Op.or]: after };
}

export function orderFor(sort: SortSpec): Array<[string, string]> {
  const dir = sort.direction.toUpperCase();
  return sort.field === 'id'
    ? [['id', dir]]
    : [
        [sort.field, dir],
        ['id', dir],
      ];
}

/** Cuts the `limit + 1` rows fetched into a page and the cursor of the next one. */
export function toPage<T extends { id: number }>(
  rows: T[],
  limit: number,
  sort: SortSpec,
  valueOf: (row: T) => unknown,
): { items: T[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  const v = last ? valueOf(last) : null;
  const cursorValue = v instanceof Date ? v.toISOString() : (v as string | number | null);
  return { items, nextCursor: hasMore && last ? encodeCursor({ v: cursorValue, id: last.id }) : null };
}
