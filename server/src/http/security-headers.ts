import type { NextFunction, Request, Response } from 'express';

/**
 * Headers every response carries, whatever answers it (REST, DAV, the add-in's pages, errors):
 * - `X-Content-Type-Options: nosniff`: a browser never guesses a script or a page out of a vCard, a JSON body or a
 *   downloaded document (WHATWG Fetch §3.5 "X-Content-Type-Options");
 * - `Content-Security-Policy: frame-ancestors 'none'` and, for browsers without CSP level 2, `X-Frame-Options: DENY`
 *   (RFC 7034): no other site may frame a page of ours and trick a user into clicking in it;
 * - `Referrer-Policy: no-referrer`: URLs (a pairing code in a redirect, a record id) never leave in a Referer header.
 *
 * The add-in's pages under /addin/ are the exception to the framing rule: Outlook on the web shows the task pane in
 * an iframe of Microsoft's domains (on-premises OWA: the customer's own), so they must stay frameable. Their own
 * CSP comes from addin-host/router.ts; /addin/connect (a password form, opened as a dialog window, never framed)
 * sets frame-ancestors 'none' itself in filing/connect-router.ts. Pure.
 */
export function securityHeadersFor(path: string): Record<string, string> {
  const always = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
  if (path === '/addin' || path.startsWith('/addin/')) return always;
  return { ...always, 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' };
}

/**
 * Sets securityHeadersFor(path) before any handler runs; a handler that needs a stricter Content-Security-Policy
 * (a downloaded document's sandbox) replaces it, and keeps X-Frame-Options.
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.set(securityHeadersFor(req.path));
  next();
}
