/**
 * The HTTP methods the DAV tree answers, for the Allow header (RFC 9110 §10.2.1). A list of its own so that OPTIONS
 * (which announces them) need not import the method map that contains OPTIONS itself; index.ts is typed by it, so
 * the two cannot drift apart.
 */
export const DAV_METHOD_NAMES = [
  'OPTIONS',
  'PROPFIND',
  'PROPPATCH',
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'REPORT',
  'MKCOL',
  'MKCALENDAR',
] as const;

export type DavMethodName = (typeof DAV_METHOD_NAMES)[number];
