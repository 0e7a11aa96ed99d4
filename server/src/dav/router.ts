import express, { NextFunction, Request, Response, Router } from 'express';
import { servicesOf } from '../http/context';
import { authenticateDav } from './auth';
import { resolveDavPath } from './collections/resolve-path';
import { versionAheadFor } from './collections/version-ahead';
import { davMethods } from './methods';
import { davHeaders } from './methods/options';
import { DavError, davErrorOf } from './errors';
import { BusyError, DomainError } from '../domain/errors';
import { isDatabaseBusy } from '../db/busy';
import { errorDocument } from './xml/multistatus';
import { XmlParseError } from './xml/parse';
import { davFilesRouter } from './files/router';
import { bodyReader } from './request-body';
import type { DavCaches } from './caches';

/** Request bodies above this are refused before parsing; items are limited further by max-resource-size. */
const BODY_LIMIT = '4mb';

/**
 * The DAV entry point: `/.well-known/carddav|caldav` → 301 /dav/ (RFC 6764 §5), and everything below /dav goes
 * through auth → path resolution → one method module. DAV clients get errors as `<d:error>` XML with the
 * precondition element, never the REST API's JSON.
 */
export function davRouter(caches: DavCaches): Router {
  const router = express.Router();

  router.all(['/.well-known/carddav', '/.well-known/caldav'], (_req, res) => {
    res.redirect(301, '/dav/');
  });

  const readBody = bodyReader(express.text({ type: () => true, limit: BODY_LIMIT, defaultCharset: 'utf-8' }));
  const handle = async (req: Request, res: Response): Promise<void> => {
    const method = davMethods[req.method.toUpperCase()];
    if (!method)
      throw new DavError(405, `${req.method} is not supported`, undefined, {
        Allow: Object.keys(davMethods).join(', '),
      });
    res.set('DAV', davHeaders().DAV);
    // PROPFIND on "/" is where some clients start discovery: answer it as the DAV root.
    const rawPath = req.originalUrl.split('?')[0];
    const resolved = resolveDavPath(rawPath === '/' ? '/dav/' : rawPath);
    if (req.method === 'OPTIONS') {
      await method({
        req,
        res,
        scope: undefined as never,
        path: resolved.ok ? resolved.path : { type: 'root' },
        href: rawPath,
        body: '',
      });
      return;
    }
    const services = servicesOf(req);
    const versionAhead = resolved.ok ? versionAheadFor(services.sequelize, req.method, resolved.path) : undefined;
    const actor = await authenticateDav(req);
    // Only now, with the client known, is the body read (request-body.ts).
    await readBody(req, res);
    if (!resolved.ok) throw new DavError(resolved.status, `Bad path: ${resolved.reason}`);
    const body = typeof req.body === 'string' ? req.body : '';
    await method({
      req,
      res,
      scope: { actor, services, caches, versionAhead },
      path: resolved.path,
      href: rawPath,
      body,
    });
  };
  const run = (req: Request, res: Response, next: NextFunction): void => {
    handle(req, res).catch(next);
  };
  // The WebDAV file tree has its own methods and binary bodies (files/README section in ../README.md).
  router.use('/dav/files', davFilesRouter());
  router.use('/dav', run);
  router.all('/', (req, res, next) => (req.method === 'PROPFIND' ? run(req, res, next) : next()));
  router.use(['/dav', '/'], davErrorHandler);
  return router;
}

/** Maps errors of DAV requests to DAV responses (status, headers, `<d:error>` body). */
function davErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (!req.originalUrl.startsWith('/dav') && req.method !== 'PROPFIND') return next(err);
  if (res.headersSent) return next(err);
  const bodyError = err as { type?: string; status?: number };
  let dav: DavError;
  if (err instanceof DavError) dav = err;
  else if (err instanceof DomainError) dav = davErrorOf(err);
  else if (isDatabaseBusy(err)) dav = davErrorOf(new BusyError());
  else if (err instanceof XmlParseError) dav = new DavError(400, err.message);
  else if (bodyError.type === 'entity.too.large') dav = new DavError(413, 'Request body too large');
  else if (bodyError.type && bodyError.status && bodyError.status < 500)
    dav = new DavError(bodyError.status, 'Unreadable request body');
  else {
    servicesOf(req).logger.error(
      { err, method: req.method, path: req.originalUrl.split('?')[0] },
      'DAV request failed',
    );
    dav = new DavError(500, 'Internal server error');
  }
  res.status(dav.status).set(dav.headers);
  if (dav.condition)
    res.set('Content-Type', 'application/xml; charset=utf-8').send(errorDocument(dav.condition, dav.message));
  else res.set('Content-Type', 'text/plain; charset=utf-8').send(dav.message);
}
