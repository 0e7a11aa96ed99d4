import type { Request } from 'express';
import { z } from 'zod';
import { ValidationError } from '../domain/errors';

/** Parses `req.body` with `schema`; a precise 400 listing every field error otherwise. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const result = schema.safeParse(req.body ?? {});
  if (!result.success) throw ValidationError.fromZod(result.error, 'request body');
  return result.data;
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const result = schema.safeParse(req.query ?? {});
  if (!result.success) throw ValidationError.fromZod(result.error, 'query parameters');
  return result.data;
}

/** Route parameter `:id` as a positive integer. */
export function parseId(req: Request, name = 'id'): number {
  const raw = req.params[name];
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new ValidationError(`Invalid path parameter ${name}: expected a positive integer`, {
      [name]: ['Expected a positive integer'],
    });
  }
  return id;
}
