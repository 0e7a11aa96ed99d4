import express, { Request, Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { actorOf, servicesOf, withDomain } from '../../http/context';
import { ValidationError } from '../../domain/errors';
import { documentRoute } from '../openapi';
import { parseId, parseQuery } from '../validate';
import { documentDto } from '../../domain/documents/dto';
import { contentDisposition, isMediaType } from '../../domain/documents/names';
import {
  deleteDocument,
  findVisibleDocument,
  listRecordDocuments,
  readDocumentContent,
  releaseBlob,
  uploadDocument,
} from '../../domain/documents/service';
import { DOCUMENT_UPLOAD_LIMIT } from '../../domain/documents/limits';
import { documentListQuery, documentOut, documentPageOut, documentUploadQuery } from './schemas';

const tag = 'documents';

/** The file body of an upload and its media type, from the raw request (app.ts skips JSON parsing for it). */
function uploadedFile(req: Request): { content: Buffer; mediaType: string } {
  const mediaType = (req.get('content-type') ?? '').trim();
  if (!isMediaType(mediaType)) {
    throw new ValidationError('Invalid Content-Type: send the media type of the file, e.g. application/pdf', {
      'Content-Type': ['Expected a media type like application/pdf'],
    });
  }
  const content = req.body as unknown;
  if (!Buffer.isBuffer(content) || content.length === 0) {
    throw new ValidationError('Invalid request body: the file is empty', {
      body: ['Send the file content as the request body'],
    });
  }
  return { content, mediaType };
}

/** Files attached to partners and leads; bodies live in the content-addressed blob store. */
export function documentsRouter(): Router {
  const router = Router();
  router.use(requireActor);

  documentRoute({
    method: 'get',
    path: '/documents',
    tag,
    summary: 'Documents of a record, newest first',
    query: documentListQuery,
    response: documentPageOut,
  });
  router.get('/', async (req, res) => {
    res.json(await listRecordDocuments(actorOf(req), parseQuery(documentListQuery, req)));
  });

  documentRoute({
    method: 'post',
    path: '/documents',
    tag,
    summary:
      'Upload a file (raw body, Content-Type = its media type); the same content on the same record answers 200 with the existing document',
    query: documentUploadQuery,
    response: documentOut,
    status: 201,
  });
  router.post('/', express.raw({ type: () => true, limit: DOCUMENT_UPLOAD_LIMIT }), async (req, res) => {
    const query = parseQuery(documentUploadQuery, req);
    const file = uploadedFile(req);
    const { document, created } = await withDomain(req, (ctx) => uploadDocument(ctx, { ...query, ...file }));
    res.status(created ? 201 : 200).json(documentDto(document));
  });

  documentRoute({ method: 'get', path: '/documents/:id', tag, summary: 'Document metadata', response: documentOut });
  router.get('/:id', async (req, res) => {
    res.json(documentDto(await findVisibleDocument(actorOf(req), parseId(req))));
  });

  documentRoute({
    method: 'get',
    path: '/documents/:id/content',
    tag,
    summary: 'Download the file (always as an attachment)',
  });
  router.get('/:id/content', async (req, res) => {
    const document = await findVisibleDocument(actorOf(req), parseId(req));
    const content = await readDocumentContent(servicesOf(req).blobs, document);
    // Stored files are untrusted: never let the browser render or sniff them as HTML in our origin.
    // setHeader, not res.set: the media type goes out exactly as uploaded (res.set would append a charset).
    res.setHeader('Content-Type', document.mediaType);
    res.setHeader('Content-Length', String(content.length));
    res.setHeader('Content-Disposition', contentDisposition(document.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.end(content);
  });

  documentRoute({
    method: 'delete',
    path: '/documents/:id',
    tag,
    summary: 'Delete a document (its blob goes when no document uses it)',
    status: 204,
  });
  router.delete('/:id', async (req, res) => {
    const id = parseId(req);
    const sha256 = await withDomain(req, (ctx) => deleteDocument(ctx, id));
    await releaseBlob(servicesOf(req).blobs, sha256);
    res.status(204).end();
  });
  return router;
}
