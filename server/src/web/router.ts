import fs from 'node:fs';
import path from 'node:path';
import express, { NextFunction, Request, Response, Router } from 'express';
import { servicesOf } from '../http/context';
import { isClientRoute, ownedByProtocol, WEB_APP_CSP, WEB_WORKER_CSP } from './client-routes';

/**
 * The back office (server/web, built by `npm run build:web` into server/web/dist): its hashed bundles under
 * /assets/ and its one page for every client route. Mounted last in app.ts, so every protocol answers first.
 */
function setStaticHeaders(res: Response, filePath: string): void {
  if (!filePath.includes(`${path.sep}assets${path.sep}`)) return;
  // Vite names bundles by content hash: a changed file has a new name, so a year of caching is safe.
  res.set('Cache-Control', 'public, max-age=31536000, immutable');
  if (/\.m?js$/.test(filePath)) res.set('Content-Security-Policy', WEB_WORKER_CSP);
}

export function webAppRouter(): Router {
  const router = Router();
  // The directory comes from the configuration at request time (tests may serve a build from elsewhere).
  const statics = new Map<string, ReturnType<typeof express.static>>();
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (ownedByProtocol(req.path)) return next();
    const dir = servicesOf(req).config.webDir;
    let serve = statics.get(dir);
    if (!serve) {
      serve = express.static(dir, { index: false, fallthrough: true, setHeaders: setStaticHeaders });
      statics.set(dir, serve);
    }
    serve(req, res, next);
  });

  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!isClientRoute(req.method, req.path, req.get('accept'))) return next();
    const index = path.join(servicesOf(req).config.webDir, 'index.html');
    res.set('Content-Security-Policy', WEB_APP_CSP);
    // The page names the bundles: always revalidate, so an update reaches every browser at once.
    res.set('Cache-Control', 'no-cache');
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The back office is not built: run `npm run build:web`.');
      return;
    }
    res.sendFile(index);
  });
  return router;
}
