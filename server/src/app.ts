import express, { Express, NextFunction, Request, Response } from 'express';
import cookieParser from 'cookie-parser';
import type { Services } from './http/context';
import { authenticate } from './api/auth/authenticate';
import { errorHandler } from './api/error-handler';
import { NotFoundError } from './domain/errors';
import { apiRouters } from './api/routes';
import { generateOpenApiDocument } from './api/openapi';
import { davRouter } from './dav/router';
import { createDavCaches } from './dav/caches';
import { apiCors } from './filing/cors';
import { connectRouter } from './filing/connect-router';
import { addinHostRouter } from './addin-host/router';
import { securityHeaders } from './http/security-headers';
import { webAppRouter } from './web/router';
import { publicFormRouter } from './gateway/public-form-router';

/** Builds the Express application without listening, so tests can drive it in-process. */
export function createApp(services: Services): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);
  app.use((req: Request, _res: Response, next: NextFunction) => {
    req.akte = { services };
    next();
  });

  // DAV first: phones send most of the requests, and the routes below never match its paths (/dav, /.well-known/
  // carddav|caldav, PROPFIND on /), so they are not tried for every DAV request first (~2 % of a multiget).
  // DAV's per-process caches live as long as this app (dav/caches.ts); AKTE_DAV_CACHE=off runs without them.
  app.use(davRouter(createDavCaches(services.config.davCache)));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const api = express.Router();
  const parseJson = express.json({ limit: '1mb', strict: true });
  // A document upload is the raw file whatever its media type (api/documents/router.ts reads it): a JSON file
  // must reach it byte for byte, not parsed here.
  const isDocumentUpload = (req: Request) => req.method === 'POST' && /^\/documents\/?$/.test(req.path);
  // Filing takes whole emails (up to 50 MB) and parses its bodies itself, after authentication (filing/body-parsers.ts).
  const isFiling = (req: Request) => req.path.startsWith('/filing/');
  api.use(apiCors(services.config.publicUrl));
  api.use((req: Request, res: Response, next: NextFunction) =>
    isDocumentUpload(req) || isFiling(req) ? next() : parseJson(req, res, next),
  );
  api.use(cookieParser());
  api.get('/openapi.json', (_req, res) => {
    res.json(generateOpenApiDocument(services.config.publicUrl));
  });
  api.use(authenticate);
  for (const { mount, router } of apiRouters) api.use(mount, router());
  api.use((req: Request) => {
    throw new NotFoundError(`API route ${req.method} ${req.originalUrl.split('?')[0]}`);
  });
  app.use('/api/v1', api);
  app.use('/addin', connectRouter());
  app.use('/addin', addinHostRouter());
  // Web-to-lead: the public form endpoints (no authentication; CORS only for each form's listed origins).
  app.use('/forms', publicFormRouter());
  // The back office at / (server/web): its assets and, for client routes, its page. Last, so no protocol is shadowed.
  app.use(webAppRouter());

  app.use(errorHandler(services.logger));
  return app;
}
