import { davErrorOf } from '../../../server/src/dav/errors';
import { HTTP_STATUS_OF } from '../../../server/src/api/problem';
import { DomainError, DomainErrorKind, BusyError, TooManyAttemptsError } from '../../../server/src/domain/errors';

/**
 * A domain error raised inside a DAV request used to become a 500 (DAV mapped only its own errors). Every kind now
 * has one DAV answer and one REST answer, with the same status family, and only a busy database is a 5xx.
 */
const kinds = Object.keys(HTTP_STATUS_OF) as DomainErrorKind[];

describe('domain errors in DAV and REST answers', () => {
  it.each(kinds)('%s maps to the same status in DAV as in REST, never 500', (kind) => {
    const dav = davErrorOf(new DomainError(kind, 'some_code', 'Something the user can act on'));
    expect(dav.status).toBe(HTTP_STATUS_OF[kind]);
    expect(dav.status).not.toBe(500);
    expect(dav.message).toBe('Something the user can act on');
    if (dav.status >= 500) expect(kind).toBe('busy');
  });

  it('busy and throttled answers tell the client when to come back (RFC 9110 §10.2.3)', () => {
    expect(davErrorOf(new BusyError(undefined, 3)).headers['Retry-After']).toBe('3');
    expect(davErrorOf(new TooManyAttemptsError('slow down', 60)).headers['Retry-After']).toBe('60');
  });
});
