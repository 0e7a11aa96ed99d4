import type { FilesMethod } from '../context';
import { inFilesWrite } from '../context';
import { badRequest, DavError, forbidden, methodNotAllowed, notFound, preconditionFailed } from '../../errors';
import { checkPreconditions } from '../../preconditions';
import { documentNameProblem, isMediaType } from '../../../domain/documents/names';
import { documentEtag, mediaTypeFor } from '../names';
import { resolveTarget } from '../tree';
import { createDocumentAt, replaceDocumentContent } from '../writes';

/** Why nothing but records can sit at the top of the tree; shared by PUT, MKCOL, COPY and MOVE. */
export const TOP_LEVEL_IS_RECORDS =
  'The top level of /dav/files/ holds one folder per CRM partner and opportunity; create the record in the CRM, then put files into its folder';

/**
 * PUT of a file (RFC 4918 §9.7) into a record's folder or a sub-folder: a new name creates a CRM document on that
 * record ('document' trace + change record, like the REST upload) → 201; an existing name replaces that document's
 * content → 204. If-Match / If-None-Match are checked inside the write transaction (RFC 9110 §13).
 */
export const put: FilesMethod = async (ctx) => {
  const { req, res, scope, segments } = ctx;
  if (segments.length === 0) throw methodNotAllowed('PUT needs a file name inside a record folder');
  // RFC 9110 §14.5: without partial-PUT support, a ranged PUT must not be stored as if it were the whole file.
  if (req.get('content-range')) throw badRequest('Partial PUT (Content-Range) is not supported; send the whole file');
  if (segments.length === 1) {
    const top = await resolveTarget(scope.actor, segments);
    if (top.kind === 'record') throw methodNotAllowed('A record folder is a collection; PUT files into it');
    throw forbidden(TOP_LEVEL_IS_RECORDS);
  }
  const outcome = await inFilesWrite(ctx, async (domain) => {
    const target = await resolveTarget(scope.actor, segments, domain.tx);
    if (target.kind === 'orphan')
      throw new DavError(409, 'The parent folder does not exist (create it with MKCOL first)');
    if (target.kind === 'folder') throw methodNotAllowed('This is a folder; PUT a file name inside it');
    if (target.kind !== 'document' && target.kind !== 'missing') throw notFound('No such folder');
    const current = target.kind === 'document' ? documentEtag(target.document.sha256) : null;
    const check = checkPreconditions(current, { ifMatch: req.get('if-match'), ifNoneMatch: req.get('if-none-match') });
    if (!check.ok) throw preconditionFailed(check.reason);
    const mediaType = mediaTypeFor(target.name, req.get('content-type'), isMediaType);
    const file = { mediaType, content: ctx.body };
    if (target.kind === 'document') {
      const previous = await replaceDocumentContent(domain, target.tree.record, target.document, file);
      return {
        result: { created: false, etag: documentEtag(target.document.sha256) },
        released: previous ? [previous] : [],
      };
    }
    const problem = documentNameProblem(target.name);
    if (problem) throw badRequest(problem);
    const document = await createDocumentAt(domain, target.tree.record, target.container, {
      name: target.name,
      ...file,
    });
    return { result: { created: true, etag: documentEtag(document.sha256) } };
  });
  res.setHeader('ETag', outcome.etag);
  res.status(outcome.created ? 201 : 204).end();
};
