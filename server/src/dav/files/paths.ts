import { decodeSegment, encodeSegment } from '../collections/resolve-path';

/**
 * Paths of the WebDAV file tree below `/dav/files/`. Pure: the router and COPY/MOVE's Destination header go through
 * here, so traversal, double encoding, fragments and odd encodings are refused in one place (same segment rules as
 * the CalDAV/CardDAV paths: collections/resolve-path.ts).
 */
export const FILES_ROOT = '/dav/files/';
const MAX_PATH = 2048;
const MAX_DEPTH = 32;

export type FilesPathResult = { ok: true; segments: string[] } | { ok: false; status: 400 | 404; reason: string };

export function resolveFilesPath(rawPath: string): FilesPathResult {
  // A fragment never belongs in a Request-URI (RFC 9110 §7.1): refuse it rather than act on the part before '#'.
  if (rawPath.includes('#')) return { ok: false, status: 400, reason: 'fragment in request URI' };
  const path = rawPath.split('?')[0];
  if (path.length > MAX_PATH) return { ok: false, status: 400, reason: 'path too long' };
  if (path === '/dav/files') return { ok: true, segments: [] };
  if (!path.startsWith(FILES_ROOT)) return { ok: false, status: 404, reason: 'outside /dav/files/' };
  const raw = path.slice(FILES_ROOT.length).split('/');
  if (raw.at(-1) === '') raw.pop();
  if (raw.length > MAX_DEPTH) return { ok: false, status: 400, reason: 'path too deep' };
  const segments: string[] = [];
  for (const part of raw) {
    if (part === '') return { ok: false, status: 404, reason: 'empty segment' };
    const decoded = decodeSegment(part);
    if (!decoded.ok) return { ok: false, status: 400, reason: decoded.reason };
    segments.push(decoded.value.normalize('NFC'));
  }
  return { ok: true, segments };
}

export type DestinationResult =
  { ok: true; segments: string[] } | { ok: false; status: 400 | 403 | 502; reason: string };

/**
 * The Destination header of COPY/MOVE (RFC 4918 §10.3): an absolute URI (or, leniently, an absolute path). Another
 * host is another server: 502 (RFC 4918 §9.8.5); a path outside the file tree: 403.
 */
export function resolveDestination(header: string | undefined, ownHost: string | undefined): DestinationResult {
  if (!header?.trim()) return { ok: false, status: 400, reason: 'COPY/MOVE need a Destination header' };
  let path = header.trim();
  const absolute = /^(https?):\/\/([^/?#]+)(.*)$/i.exec(path);
  if (absolute) {
    if (ownHost && absolute[2].toLowerCase() !== ownHost.toLowerCase()) {
      return { ok: false, status: 502, reason: 'Destination is on another server' };
    }
    path = absolute[3] || '/';
  } else if (!path.startsWith('/')) {
    return { ok: false, status: 400, reason: 'Destination must be an absolute URI' };
  }
  const resolved = resolveFilesPath(path);
  if (!resolved.ok) {
    if (resolved.status === 404) return { ok: false, status: 403, reason: 'Destination must be inside /dav/files/' };
    return { ok: false, status: 400, reason: resolved.reason };
  }
  return resolved;
}

/** The canonical href of a resource (collections end with '/'). */
export function filesHref(segments: string[], collection: boolean): string {
  const path = FILES_ROOT + segments.map(encodeSegment).join('/');
  return collection && segments.length ? `${path}/` : path;
}

/** True when `inner` is `outer` or lies below it (a collection copied or moved into itself). */
export function isWithin(inner: string[], outer: string[]): boolean {
  return inner.length >= outer.length && outer.every((segment, i) => inner[i] === segment);
}
