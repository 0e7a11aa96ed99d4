/**
 * Where to go after logging in: the page the user was on when the session expired (`?from=`), if it is a path of
 * this app. Anything else — another origin, a protocol-relative `//evil.example`, a backslash trick that browsers
 * read as `//` — falls back to the dashboard, so the login page cannot be used as an open redirect. Pure.
 */
export function safeReturnPath(from: string | null): string {
  if (!from || !from.startsWith('/') || from.startsWith('//') || from.includes('\\')) return '/';
  if (from === '/login' || from.startsWith('/login?')) return '/';
  return from;
}

/** The login URL that brings the user back to `path` (path + search of the page that met the expired session). */
export function loginPathFor(path: string): string {
  return path === '/' || path.startsWith('/login') ? '/login' : `/login?from=${encodeURIComponent(path)}`;
}
