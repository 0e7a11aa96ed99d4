import type { ZodError } from 'zod';

/**
 * One error type per HTTP status, mapped to a response in one place (api/error-handler.ts).
 * `code` is stable and machine-readable; `message` is for people.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class ValidationError extends HttpError {
  constructor(
    message: string,
    readonly fields: Record<string, string[]>,
  ) {
    super(400, 'validation_failed', message, { fields });
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

export class BadRequestError extends HttpError {
  constructor(message: string, code = 'bad_request') {
    super(400, code, message);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(message = 'Authentication required', code = 'unauthorized') {
    super(401, code, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'You are not allowed to do this', code = 'forbidden') {
    super(403, code, message);
  }
}

export class NotFoundError extends HttpError {
  constructor(what: string, id?: number | string) {
    super(404, 'not_found', id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }
}

export class ConflictError extends HttpError {
  constructor(message: string, code = 'conflict', details?: Record<string, unknown>) {
    super(409, code, message, details);
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(message: string) {
    super(413, 'payload_too_large', message);
  }
}
