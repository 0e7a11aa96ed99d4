import fs from 'node:fs';
import express, { NextFunction, Request, Response, Router } from 'express';
import { servicesOf } from '../http/context';
import { publicAddress, readManifestTemplate, renderJsonManifest, renderXmlManifest } from './manifest';
import { renderThunderbirdPage, THUNDERBIRD_PAGE_CSP } from './thunderbird-page';

/**
 * /addin/: the built Outlook add-in (addin/dist, `npm run build:addin`) and its manifests rendered for this
 * server's public URL; the Thunderbird add-on's install page (/addin/thunderbird) and its .xpi
 * (/addin/thunderbird.xpi, `npm run build:thunderbird`). Mounted after filing/connect-router.ts, which owns
 * /addin/connect: a static file can never shadow it because the build has no "connect" file, and the connect router
 * answers first anyway.
 */

/**
 * The pages load only their own bundle and Office.js from Microsoft's CDN; no inline script can run. No
 * frame-ancestors: Outlook on the web frames the task pane from Microsoft's domains, and on-premises OWA from the
 * customer's own.
 */
const PAGE_CSP = ["script-src 'self' https://appsforoffice.microsoft.com", "object-src 'none'", "base-uri 'self'"].join(
  '; ',
);

function setStaticHeaders(res: Response, filePath: string): void {
  res.set('X-Content-Type-Options', 'nosniff');
  if (filePath.endsWith('.html')) {
    res.set('Content-Security-Policy', PAGE_CSP);
    // The HTML names the bundles: always revalidate, so an update reaches every Outlook at once.
    res.set('Cache-Control', 'no-cache');
  }
}

export function addinHostRouter(): Router {
  const router = Router();

  router.get('/manifest.xml', async (req, res) => {
    const xml = renderXmlManifest(
      await readManifestTemplate('manifest.xml'),
      publicAddress(servicesOf(req).config.publicUrl),
    );
    res.type('application/xml');
    res.set('Content-Disposition', 'attachment; filename="akte-outlook-manifest.xml"');
    res.send(xml);
  });

  router.get(['/manifest.json', '/de-de.json'], async (req, res) => {
    const file = req.path === '/de-de.json' ? 'de-de.json' : 'manifest.json';
    const json = renderJsonManifest(await readManifestTemplate(file), publicAddress(servicesOf(req).config.publicUrl));
    res.type('application/json').send(json);
  });

  router.get('/thunderbird', async (req, res) => {
    const { publicUrl, thunderbirdXpi } = servicesOf(req).config;
    res.set({
      'Content-Security-Policy': THUNDERBIRD_PAGE_CSP,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    res.type('html').send(
      renderThunderbirdPage({
        locale: req.acceptsLanguages('de', 'en') === 'en' ? 'en' : 'de',
        publicUrl: publicAddress(publicUrl).url,
        built: await isFile(thunderbirdXpi),
      }),
    );
  });

  router.get('/thunderbird.xpi', async (req, res) => {
    const file = servicesOf(req).config.thunderbirdXpi;
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' });
    if (!(await isFile(file))) {
      const en = req.acceptsLanguages('de', 'en') === 'en';
      res.status(404).type('text/plain; charset=utf-8');
      res.send(
        en
          ? 'The Thunderbird add-on is not built on this server (npm run build:thunderbird).'
          : 'Das Thunderbird-Add-on ist auf diesem Server nicht gebaut (npm run build:thunderbird).',
      );
      return;
    }
    // application/x-xpinstall: the type Mozilla's applications know an add-on by; attachment, because the user
    // installs it in Thunderbird from the file (a browser must not try to install it into itself).
    res.attachment('akte-thunderbird.xpi');
    res.type('application/x-xpinstall');
    res.sendFile(file);
  });

  // The directory comes from the configuration at request time (tests serve a fresh build from a temp folder).
  const statics = new Map<string, ReturnType<typeof express.static>>();
  router.use((req: Request, res: Response, next: NextFunction) => {
    const dir = servicesOf(req).config.addinDir;
    let serve = statics.get(dir);
    if (!serve) {
      serve = express.static(dir, { index: 'taskpane.html', fallthrough: true, setHeaders: setStaticHeaders });
      statics.set(dir, serve);
    }
    serve(req, res, next);
  });

  return router;
}

async function isFile(file: string): Promise<boolean> {
  return fs.promises.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}
