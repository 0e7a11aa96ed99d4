import type { ErrorRequestHandler } from 'express';
import { UniqueConstraintError, ForeignKeyConstraintError } from 'sequelize';
import { BusyError, DomainError } from '../domain/errors';
import { isDatabaseBusy } from '../db/busy';
import { HTTP_STATUS_OF } from './problem';
import type { Logger } from '../logger';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/** Maps every error to one JSON shape: `{ error: { code, message, ...details } }`. Never a bare 500 for bad input. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    void _next;
    if (isDatabaseBusy(err)) err = new BusyError();
    const { status, body } = toResponse(err);
    // RFC 9110 §10.2.3: tell a throttled or busy client when to come back.
    const retryAfter = (err as { retryAfterSeconds?: unknown })?.retryAfterSeconds;
    if ((status === 429 || status === 503) && typeof retryAfter === 'number')
      res.set('Retry-After', String(retryAfter));
    if (status >= 500) logger.error({ err }, 'request failed');
    res.status(status).json({ error: body });
  };
}

function toResponse(err: unknown): { status: number; body: Record<string, unknown> } {
  if (err instanceof DomainError) {
    return { status: HTTP_STATUS_OF[err.kind], body: { code: err.code, message: err.message, ...(err.details ?? {}) } };
  }
  const parserError = err as BodyParserError;
  if (parserError?.type === 'entity.too.large') {
    return {
      status: 413,
      body: { code: 'payload_too_large', message: `Request body exceeds ${parserError.limit} bytes` },
    };
  }
  if (parserError?.type === 'entity.parse.failed') {
    return { status: 400, body: { code: 'malformed_json', message: 'Request body is not valid JSON' } };
  }
  if (parserError?.type && parserError.status && parserError.status < 500) {
    return { status: parserError.status, body: { code: 'bad_request', message: parserError.message } };
  }
  if (err instanceof UniqueConstraintError) {
    const fields = err.errors.map((e) => e.path).filter(Boolean);
    return { status: 409, body: { code: 'duplicate', message: `Already exists: ${fields.join(', ') || 'record'}` } };
  }
  if (err instanceof ForeignKeyConstraintError) {
    return {
      status: 409,
      body: { code: 'reference_conflict', message: 'The record is referenced by, or refers to, a missing record' },
    };
  }
  return { status: 500, body: { code: 'internal_error', message: 'Internal server error' } };
}
