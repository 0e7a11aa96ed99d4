import type { ZodError } from 'zod';

/**
 * The errors of the domain: what went wrong, in the domain's words, whichever protocol the request came by.
 * `kind` says which family it belongs to; each protocol maps kinds to its own answer in one place
 * (REST and filing: api/problem.ts; DAV: dav/errors.ts). `code` is stable and machine-readable; `message` is
 * for people; `details` are extra fields a client can act on.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'refused'
  | 'too_many_attempts'
  | 'busy';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly fields: Record<string, string[]>,
  ) {
    super('invalid', 'validation_failed', message, { fields });
  }

  static fromZod(error: ZodError, where: string): ValidationError {
    const fields: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const key = issue.path.length ? issue.path.join('.') : '(root)';
      (fields[key] ??= []).push(issue.message);
    }
    const summary = Object.entries(fields)
      .map(([key, messages]) => `${key}: ${messages.join(', ')}`)
      .join('; ');
    return new ValidationError(`Invalid ${where}: ${summary}`, fields);
  }
}

export class BadRequestError extends DomainError {
  constructor(message: string, code = 'bad_request') {
    super('invalid', code, message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Authentication required', code = 'unauthorized') {
    super('unauthenticated', code, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this', code = 'forbidden') {
    super('forbidden', code, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id?: number | string) {
    super('not_found', 'not_found', id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, code = 'conflict', details?: Record<string, unknown>) {
    super('conflict', code, message, details);
  }
}

/** Something the client had is no longer available (an expired sync token): start over. */
export class GoneError extends DomainError {
  constructor(message: string, code = 'gone', details?: Record<string, unknown>) {
    super('gone', code, message, details);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(message: string) {
    super('too_large', 'payload_too_large', message);
  }
}

/** The request is well-formed but the domain refuses it by a rule the user set (422). */
export class RefusedError extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super('refused', code, message, details);
  }
}

/** Too many failed attempts (login, password check): try again after `retryAfterSeconds`. */
export class TooManyAttemptsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code = 'too_many_attempts',
  ) {
    super('too_many_attempts', code, message, { retryAfterSeconds });
  }
}

/**
 * The database stayed busy longer than a request may wait (another writer held the lock): nothing was written,
 * the same request can be sent again after `retryAfterSeconds`.
 */
export class BusyError extends DomainError {
  constructor(
    message = 'The server is busy writing other changes; nothing was saved. Please try again in a moment.',
    readonly retryAfterSeconds = 2,
  ) {
    super('busy', 'busy', message, { retryAfterSeconds });
  }
}
