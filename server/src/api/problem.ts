import type { DomainErrorKind } from '../domain/errors';

/** The HTTP status of each domain error family, for REST and filing answers (RFC 9110 §15). */
export const HTTP_STATUS_OF: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  refused: 422,
  too_many_attempts: 429,
  busy: 503,
};
