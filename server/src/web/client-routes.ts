/**
 * Which requests the back office answers with its page (index.html), so that a client route like /pipeline or
 * /opportunities/7 survives a reload or a bookmark ("history fallback"). Everything a protocol owns stays with it:
 * the REST API, DAV and its discovery (RFC 6764 §5), the add-in, the health check. Only GET and HEAD, and (but for
 * `/` itself) only when the client asks for HTML (a script or a DAV client asking for a missing file gets the protocol's 404). Pure.
 */
const PROTOCOL_PREFIXES = ['/api', '/dav', '/addin', '/.well-known', '/healthz'];

export function ownedByProtocol(path: string): boolean {
  return PROTOCOL_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export function isClientRoute(method: string, path: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (ownedByProtocol(path)) return false;
  // The server's own address is the back office for anyone (`curl http://host/` too, which asks for */*).
  if (path === '/') return true;
  // A path with a file extension is an asset that does not exist (a stale /assets/index-1a2b.js): 404, not the page.
  if (/\.[a-z0-9]+$/i.test(path)) return false;
  return (accept ?? '').includes('text/html');
}

/**
 * The back office's Content-Security-Policy (CSP Level 3): only the app's own bundles run — no inline script, no
 * eval, no style attribute or <style> element from markup (React sets styles through the CSSOM, which CSP allows).
 * Images may be data:/blob: URLs (previews of uploaded documents); frames only our own pages (an e-mail's sandboxed
 * body). Workers only from our own files (pdf.js's worker for the PDF preview, which draws on a canvas: a PDF never
 * gets a frame, so no blob: frames). No other site may frame the app, and <base> or a form to another site is refused.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * The policy of the app's own scripts under /assets/. A script's CSP header matters only when it runs as a worker
 * (CSP Level 3 §4.2.2: a worker is governed by the policy delivered with its script, not by the page's): pdf.js's
 * worker parses uploaded PDFs, so it gets no eval, no WebAssembly, no network and no imports from elsewhere.
 */
export const WEB_WORKER_CSP = ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"].join('; ');
