import type { DomainError } from '../domain/errors';
import type { XmlNode } from './xml/multistatus';
import { el } from './xml/multistatus';
import { carddav, dav } from './xml/namespaces';

/**
 * The one error type of the DAV layer. It carries the precondition element RFC 4918 §16 / RFC 4791 §1.3 /
 * RFC 6352 §6.3.2.1 want in a `<d:error>` body, so a client can tell *why* a request failed. router.ts maps it.
 */
export class DavError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly condition?: XmlNode,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string): DavError => new DavError(400, message);
export const notFound = (message = 'Not found'): DavError => new DavError(404, message);
export const forbidden = (message: string, condition: XmlNode = el(dav('need-privileges'))): DavError =>
  new DavError(403, message, condition);
export const preconditionFailed = (message: string): DavError => new DavError(412, message);
export const methodNotAllowed = (message: string): DavError => new DavError(405, message);

/** RFC 6352 §6.3.2.1 preconditions of PUT in an address book. */
export const invalidAddressData = (message: string): DavError =>
  new DavError(400, message, el(carddav('valid-address-data')));
export const tooLarge = (message: string): DavError => new DavError(413, message, el(carddav('max-resource-size')));
/** `href` names the resource holding the UID; null when the actor may not see it (its existence stays hidden). */
export const uidConflict = (message: string, href: string | null): DavError =>
  new DavError(
    409,
    message,
    href ? el(carddav('no-uid-conflict'), el(dav('href'), href)) : el(carddav('no-uid-conflict')),
  );

/**
 * A domain error as a DAV answer: the same status families as REST (api/problem.ts), with a `<d:error>` body only
 * where RFC 4918 §16 names a precondition. Whatever the domain refuses is a 4xx, never a 500; a busy database is
 * a 503 with Retry-After (RFC 9110 §15.6.4), so a phone retries instead of giving up.
 */
export function davErrorOf(err: DomainError): DavError {
  switch (err.kind) {
    case 'invalid':
      return new DavError(400, err.message);
    case 'unauthenticated':
      return new DavError(401, err.message, undefined, { 'WWW-Authenticate': 'Basic realm="Akte", charset="UTF-8"' });
    case 'forbidden':
      return forbidden(err.message);
    case 'not_found':
      return notFound(err.message);
    case 'conflict':
      return new DavError(409, err.message);
    case 'gone':
      return new DavError(410, err.message);
    case 'too_large':
      return new DavError(413, err.message);
    case 'refused':
      return new DavError(422, err.message);
    case 'too_many_attempts':
    case 'busy': {
      const seconds = (err as { retryAfterSeconds?: number }).retryAfterSeconds ?? 2;
      return new DavError(err.kind === 'busy' ? 503 : 429, err.message, undefined, { 'Retry-After': String(seconds) });
    }
  }
}
