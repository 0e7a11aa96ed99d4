import express, { NextFunction, Request, Response, Router } from 'express';
import { servicesOf } from '../../http/context';
import { authenticateDav } from '../auth';
import { DavError } from '../errors';
import { DOCUMENT_UPLOAD_LIMIT } from '../../domain/documents/limits';
import { filesMethods } from './methods';
import { resolveFilesPath } from './paths';
import { bodyReader } from '../request-body';

/**
 * The WebDAV file tree at /dav/files/ (RFC 4918): the documents of CRM records, so a desktop can mount them.
 * Compliance class 1 (and 3, RFC 4918 itself) only — no LOCK, so class 2 is not advertised. Bodies are raw bytes
 * (files are binary, unlike vCards), up to the REST upload limit. Errors go to the DAV error handler of ../router.ts.
 */
export const FILES_COMPLIANCE = '1, 3';

export function filesAllowHeader(): string {
  return ['OPTIONS', ...Object.keys(filesMethods)].join(', ');
}

export function davFilesRouter(): Router {
  const router = express.Router();
  const readBody = bodyReader(express.raw({ type: () => true, limit: DOCUMENT_UPLOAD_LIMIT }));
  const handle = async (req: Request, res: Response): Promise<void> => {
    res.setHeader('DAV', FILES_COMPLIANCE);
    const name = req.method.toUpperCase();
    if (name === 'OPTIONS') {
      res.status(200).set({ Allow: filesAllowHeader(), 'MS-Author-Via': 'DAV', 'Content-Length': '0' }).end();
      return;
    }
    const method = filesMethods[name];
    if (!method)
      throw new DavError(405, `${req.method} is not supported here`, undefined, { Allow: filesAllowHeader() });
    const actor = await authenticateDav(req);
    // Read only once the client is known (request-body.ts): an anonymous upload is refused before it is buffered.
    await readBody(req, res);
    const resolved = resolveFilesPath(req.originalUrl);
    if (!resolved.ok) throw new DavError(resolved.status, `Bad path: ${resolved.reason}`);
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    await method({ req, res, scope: { actor, services: servicesOf(req) }, segments: resolved.segments, body });
  };
  router.use((req: Request, res: Response, next: NextFunction) => {
    handle(req, res).catch(next);
  });
  return router;
}
