import type { DavHome } from './types';

/**
 * Where a request path points inside /dav. Pure: the router and the reports (every href of a multiget) go through
 * here, so traversal and odd encodings are refused in one place.
 */
export type DavPath =
  | { type: 'root' }
  | { type: 'principals' }
  | { type: 'principal'; user: string }
  | { type: 'home'; home: DavHome; user: string }
  | { type: 'collection'; home: DavHome; user: string; collection: string }
  | { type: 'item'; home: DavHome; user: string; collection: string; item: string };

export type ResolveResult = { ok: true; path: DavPath } | { ok: false; status: 400 | 404; reason: string };

export const DAV_ROOT = '/dav/';
const MAX_PATH = 1024;
const MAX_SEGMENT = 255;
/** RFC 3986 pchar without pct-encoded: decodes to itself and holds nothing decodeSegment refuses. */
const PLAIN_SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]+$/;
const HOMES: Record<string, DavHome> = { addressbooks: 'addressbooks', calendars: 'calendars' };

/** A segment that needs no decoding and that decodeSegment would take as it is: plain, not a dot segment, not too long. */
const isPlainSegment = (raw: string): boolean =>
  PLAIN_SEGMENT.test(raw) && raw !== '.' && raw !== '..' && raw.length <= MAX_SEGMENT;

/**
 * Decodes one path segment exactly once and refuses what a file-system-minded or double-decoding layer could turn into
 * something else: `.`/`..`, separators, control characters, and escapes that are still there after one decoding
 * (`%252e` → `%2e`). Invalid UTF-8 (overlong `%c0%ae`) fails decodeURIComponent.
 */
export function decodeSegment(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  // Nearly every segment (user, collection, UID-based item names) is plain: nothing to decode, nothing to refuse but
  // dot segments and length. One test instead of decoding and two scans: a multiget resolves hundreds of hrefs.
  if (isPlainSegment(raw)) return { ok: true, value: raw };
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return { ok: false, reason: 'invalid percent-encoding' };
  }
  if (value === '.' || value === '..') return { ok: false, reason: 'dot segment' };
  if (/[\u0000-\u001f\u007f/\\]/.test(value)) return { ok: false, reason: 'forbidden character' };
  if (/%[0-9a-f]{2}/i.test(value)) return { ok: false, reason: 'double-encoded segment' };
  if (value.length > MAX_SEGMENT) return { ok: false, reason: 'segment too long' };
  return { ok: true, value };
}

/** Resolves an absolute path (or a full URL, as some clients send in hrefs) below /dav. */
export function resolveDavPath(input: string): ResolveResult {
  let path = input;
  const scheme = /^https?:\/\/[^/]+/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length);
  path = path.split('?')[0].split('#')[0];
  if (path.length > MAX_PATH) return { ok: false, status: 400, reason: 'path too long' };
  if (path === '/dav') path = DAV_ROOT;
  if (!path.startsWith(DAV_ROOT)) return { ok: false, status: 404, reason: 'outside /dav' };
  const rawSegments = path.slice(DAV_ROOT.length).split('/');
  // A trailing slash leaves one empty segment; an empty segment anywhere else (`//`) is not a resource of ours.
  if (rawSegments.at(-1) === '') rawSegments.pop();
  const segments: string[] = [];
  for (const raw of rawSegments) {
    if (raw === '') return { ok: false, status: 404, reason: 'empty segment' };
    const decoded = decodeSegment(raw);
    if (!decoded.ok) return { ok: false, status: 400, reason: decoded.reason };
    segments.push(decoded.value);
  }
  const [first, user, collection, item, ...rest] = segments;
  if (first === undefined) return { ok: true, path: { type: 'root' } };
  if (first === 'principals') {
    if (user === undefined) return { ok: true, path: { type: 'principals' } };
    if (collection !== undefined) return { ok: false, status: 404, reason: 'nothing below a principal' };
    return { ok: true, path: { type: 'principal', user } };
  }
  const home = HOMES[first];
  if (!home) return { ok: false, status: 404, reason: `unknown top-level path ${first}` };
  if (user === undefined) return { ok: false, status: 404, reason: 'home without user' };
  if (collection === undefined) return { ok: true, path: { type: 'home', home, user } };
  if (item === undefined) return { ok: true, path: { type: 'collection', home, user, collection } };
  if (rest.length) return { ok: false, status: 404, reason: 'too deep' };
  return { ok: true, path: { type: 'item', home, user, collection, item } };
}

/**
 * The item name of an href written exactly as `collectionHref` writes this collection's href, followed by one plain
 * segment — how clients send back the hrefs a listing gave them — or null for anything else, which the caller then
 * resolves in full (resolveDavPath). The same answer resolveDavPath gives for such an href, with one test. Pure.
 */
export function plainItemNameBelow(collectionPath: string, href: string): string | null {
  if (!href.startsWith(collectionPath)) return null;
  const name = href.slice(collectionPath.length);
  return isPlainSegment(name) ? name : null;
}

/** What encodeURIComponent leaves as it is, and '@' (kept readable in principal and home hrefs). */
const NEEDS_NO_ENCODING = /^[A-Za-z0-9\-_.!~*'()@]*$/;

/** Encodes one segment for an href (RFC 3986 path characters stay as they are, `@` included for readability). */
export function encodeSegment(value: string): string {
  // Most segments (UIDs, e-mail addresses, collection names) need nothing: skip building a new string.
  if (NEEDS_NO_ENCODING.test(value)) return value;
  return encodeURIComponent(value).replace(/%40/g, '@');
}

export function principalHref(user: string): string {
  return `${DAV_ROOT}principals/${encodeSegment(user)}/`;
}

export function homeHref(home: DavHome, user: string): string {
  return `${DAV_ROOT}${home}/${encodeSegment(user)}/`;
}

export function collectionHref(home: DavHome, user: string, collection: string): string {
  return `${homeHref(home, user)}${encodeSegment(collection)}/`;
}

export function itemHref(home: DavHome, user: string, collection: string, item: string): string {
  return `${collectionHref(home, user, collection)}${encodeSegment(item)}`;
}
