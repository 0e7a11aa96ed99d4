import type { NextFunction, Request, Response } from 'express';

/**
 * CORS for /api/v1: only the server's own public origin, where the Outlook add-in is served (/addin/). Requests
 * from that origin are same-origin for browsers anyway; the headers matter when the API is reached under another
 * host name than the public URL (e.g. behind a proxy), and stating the one origin keeps every other site out —
 * no `*`, and no credentials: the add-in authenticates with a bearer token, never with the session cookie.
 * (Thunderbird extensions are not subject to CORS for hosts they hold a permission for.)
 */
export function apiCors(publicUrl: string) {
  const allowed = new URL(publicUrl).origin;
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get('origin');
    if (origin !== allowed) return next();
    res.vary('Origin');
    res.set('Access-Control-Allow-Origin', allowed);
    res.set('Access-Control-Expose-Headers', 'Content-Type');
    if (req.method !== 'OPTIONS' || !req.get('access-control-request-method')) return next();
    res.set({
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-CSRF-Token',
      'Access-Control-Max-Age': '600',
    });
    res.status(204).end();
  };
}
