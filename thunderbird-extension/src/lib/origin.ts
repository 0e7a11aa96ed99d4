/**
 * The host permission the extension needs for a server: its origin, on any port (WebExtension match patterns
 * have no ports). Granted by the user on Connect; it lets the extension call the API without CORS and read the
 * pairing window's URL.
 */
export function originPattern(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}
