import type { CreateOutcome, CreateRequest, DeleteOutcome, UpdateOutcome } from '../provider';
import type { DavConnection } from './connection';
import { unexpectedAnswer } from './connection';

/**
 * The conditional writes (RFC 7232), sent raw: tsdav's createObject/updateObject/deleteObject send no
 * If-None-Match and leave every status to the caller, so they would add nothing but a dependency on their headers.
 */

/** PUT with If-None-Match: * (RFC 7232 §3.2): the href was chosen and committed before; 412 means it already exists. */
export async function createItem(connection: DavConnection, request: CreateRequest): Promise<CreateOutcome> {
  const response = await connection.request(
    'PUT',
    request.href,
    { 'if-none-match': '*', 'content-type': request.contentType },
    request.body,
  );
  const text = await response.text();
  if (response.status === 412) return { kind: 'exists' };
  if (response.status === 201 || response.status === 204 || response.status === 200)
    return { kind: 'created', etag: response.headers.get('etag') };
  throw await unexpectedAnswer('PUT', request.href, response, text);
}

/**
 * PUT with If-Match (RFC 7232 §3.1). Without a known ETag the precondition is `*`: the item must still exist, so an
 * update never resurrects an item another client deleted — that 412 is `gone`.
 */
export async function updateItem(
  connection: DavConnection,
  href: string,
  body: string,
  contentType: string,
  ifMatch: string | null,
): Promise<UpdateOutcome> {
  const response = await connection.request(
    'PUT',
    href,
    { 'if-match': ifMatch ?? '*', 'content-type': contentType },
    body,
  );
  const text = await response.text();
  if (response.status === 412) return ifMatch === null ? { kind: 'gone' } : { kind: 'precondition-failed' };
  if (response.status === 404 || response.status === 410) return { kind: 'gone' };
  if (response.status === 200 || response.status === 201 || response.status === 204)
    return { kind: 'updated', etag: response.headers.get('etag') };
  throw await unexpectedAnswer('PUT', href, response, text);
}

/** DELETE with If-Match (RFC 7232 §3.1); 404/410: already gone. */
export async function deleteItem(
  connection: DavConnection,
  href: string,
  ifMatch: string | null,
): Promise<DeleteOutcome> {
  const response = await connection.request('DELETE', href, ifMatch === null ? {} : { 'if-match': ifMatch });
  const text = await response.text();
  if (response.status === 412) return { kind: 'precondition-failed' };
  if (response.status === 404 || response.status === 410) return { kind: 'gone' };
  if (response.status === 200 || response.status === 204) return { kind: 'deleted' };
  throw await unexpectedAnswer('DELETE', href, response, text);
}
