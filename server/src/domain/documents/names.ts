/**
 * Rules for the names and headers of stored documents. Pure: the upload route validates with them, the download
 * route builds its headers with them.
 */

// C0 controls, DEL and C1 controls: invisible in a file list and able to break headers.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// RFC 6838 §4.2 restricted-name characters for type and subtype; parameters are kept as sent.
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;.*)?$/;

/** Why `name` cannot be a document name, or null when it can: no path, no control characters, not "." or "..". */
export function documentNameProblem(name: string): string | null {
  if (name.trim() === '') return 'The name must not be empty';
  if (name.length > 255) return 'The name must be at most 255 characters';
  if (/[/\\]/.test(name)) return 'The name must not contain a path separator (/ or \\)';
  if (CONTROL.test(name)) return 'The name must not contain control characters';
  if (name === '.' || name === '..') return 'The name must not be "." or ".."';
  return null;
}

export function isMediaType(value: string): boolean {
  return value.length <= 255 && MEDIA_TYPE.test(value) && !CONTROL.test(value);
}

/**
 * `Content-Disposition: attachment` with the name twice: an ASCII fallback in `filename` for old clients and the
 * exact name in `filename*` (RFC 6266 §4.3, encoded per RFC 8187/5987 as UTF-8 percent-encoding of attr-chars).
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
