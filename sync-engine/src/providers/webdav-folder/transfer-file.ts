import type { CreateOutcome, DeleteOutcome, UpdateOutcome } from '../provider';
import type { DownloadedFile, MoveOutcome } from '../folder-provider';
import type { DavConnection } from '../dav/connection';
import { unexpectedAnswer } from '../dav/connection';
import { ifMatchValue } from './etags';

/** GET; 404/410 → null. */
export async function downloadFile(connection: DavConnection, href: string): Promise<DownloadedFile | null> {
  const response = await connection.request('GET', href, {});
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return null;
  }
  if (response.status !== 200) throw await unexpectedAnswer('GET', href, response);
  return {
    href,
    etag: response.headers.get('etag'),
    contentType: response.headers.get('content-type'),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

/**
 * PUT with If-None-Match: * (RFC 7232 §3.2). A missing parent folder is a 409 (RFC 4918 §9.7.1): the caller makes
 * the folder and asks again. Apache answers 201 without an ETag: `etag` is then null and the next listing gives it.
 */
export async function putNewFile(
  connection: DavConnection,
  href: string,
  body: Uint8Array,
  contentType: string,
): Promise<CreateOutcome | 'no-parent'> {
  const response = await connection.request('PUT', href, { 'if-none-match': '*', 'content-type': contentType }, body);
  const text = await response.text();
  if (response.status === 412) return { kind: 'exists' };
  if (response.status === 409) return 'no-parent';
  if (response.status === 201 || response.status === 204 || response.status === 200)
    return { kind: 'created', etag: response.headers.get('etag') };
  throw await unexpectedAnswer('PUT', href, response, text);
}

/** PUT with If-Match (strong form of the tag read, etags.ts); without a tag `*`, so a deleted file stays deleted. */
export async function putFile(
  connection: DavConnection,
  href: string,
  body: Uint8Array,
  contentType: string,
  ifMatch: string | null,
): Promise<UpdateOutcome> {
  const condition = ifMatch === null ? '*' : ifMatchValue(ifMatch);
  const response = await connection.request('PUT', href, { 'if-match': condition, 'content-type': contentType }, body);
  const text = await response.text();
  if (response.status === 412) return ifMatch === null ? { kind: 'gone' } : { kind: 'precondition-failed' };
  if (response.status === 404 || response.status === 410) return { kind: 'gone' };
  if (response.status === 200 || response.status === 201 || response.status === 204)
    return { kind: 'updated', etag: response.headers.get('etag') };
  throw await unexpectedAnswer('PUT', href, response, text);
}

export async function deleteFile(
  connection: DavConnection,
  href: string,
  ifMatch: string | null,
): Promise<DeleteOutcome> {
  const headers: Record<string, string> = ifMatch === null ? {} : { 'if-match': ifMatchValue(ifMatch) };
  const response = await connection.request('DELETE', href, headers);
  const text = await response.text();
  if (response.status === 412) return { kind: 'precondition-failed' };
  if (response.status === 404 || response.status === 410) return { kind: 'gone' };
  if (response.status === 200 || response.status === 204) return { kind: 'deleted' };
  throw await unexpectedAnswer('DELETE', href, response, text);
}

/**
 * MOVE (RFC 4918 §9.9) to an absolute Destination on the same server, `Overwrite: F` (§10.6: 412 when the
 * destination exists) and If-Match on the tag read (RFC 7232 §3.1; strong form, etags.ts). 409: a parent of the
 * destination is missing (§9.9.4) — the caller makes it and asks again. Apache keeps the file's mtime and size, so
 * its ETag (`"size-mtime"`) survives the move.
 */
export async function moveFile(
  connection: DavConnection,
  fromHref: string,
  toHref: string,
  ifMatch: string | null,
): Promise<MoveOutcome | 'no-parent'> {
  const headers: Record<string, string> = { destination: connection.url(toHref), overwrite: 'F' };
  if (ifMatch !== null) headers['if-match'] = ifMatchValue(ifMatch);
  const response = await connection.request('MOVE', fromHref, headers);
  const text = await response.text();
  if (response.status === 412) return { kind: 'precondition-failed' };
  if (response.status === 404 || response.status === 410) return { kind: 'gone' };
  if (response.status === 409) return 'no-parent';
  if (response.status === 201 || response.status === 204) return { kind: 'moved' };
  throw await unexpectedAnswer('MOVE', fromHref, response, text);
}

/**
 * MKCOL (RFC 4918 §9.3): 201 made; 405 it exists already; 409 a parent is missing — make the parents first, from
 * the top, then this one.
 */
export async function ensureFolder(connection: DavConnection, folderHref: string): Promise<void> {
  const path = new URL(connection.url(folderHref)).pathname;
  const status = await mkcol(connection, path);
  if (status === 201 || status === 405) return;
  if (status !== 409) throw new Error(`MKCOL ${folderHref}: unexpected ${status}`);
  const parent = path.replace(/[^/]+\/?$/, '');
  if (parent === path || parent === '/') throw new Error(`MKCOL ${folderHref}: the server has no parent for it`);
  await ensureFolder(connection, parent);
  const again = await mkcol(connection, path);
  if (again !== 201 && again !== 405) throw new Error(`MKCOL ${folderHref}: unexpected ${again}`);
}

async function mkcol(connection: DavConnection, path: string): Promise<number> {
  const href = path.endsWith('/') ? path : `${path}/`;
  const response = await connection.request('MKCOL', href, {});
  await response.body?.cancel();
  return response.status;
}
