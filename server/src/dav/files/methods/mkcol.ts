import type { FilesMethod } from '../context';
import { inFilesWrite } from '../context';
import { badRequest, DavError, forbidden, methodNotAllowed, notFound } from '../../errors';
import { documentNameProblem } from '../../../domain/documents/names';
import { resolveTarget } from '../tree';
import { createFolder } from '../writes';
import { TOP_LEVEL_IS_RECORDS } from './put';

/**
 * MKCOL (RFC 4918 §9.3). The top level is the CRM's records, so nothing can be made there (403 with the reason);
 * inside a record's folder, plain sub-folders are created to organise its documents. A body is not understood: 415.
 */
export const mkcol: FilesMethod = async (ctx) => {
  if (ctx.body.length > 0) throw new DavError(415, 'MKCOL with a request body is not supported');
  const { segments, scope } = ctx;
  if (segments.length === 0) throw methodNotAllowed('/dav/files/ already exists');
  if (segments.length === 1) {
    const top = await resolveTarget(scope.actor, segments);
    if (top.kind === 'record') throw methodNotAllowed('This record folder already exists');
    throw forbidden(TOP_LEVEL_IS_RECORDS);
  }
  await inFilesWrite(ctx, async (domain) => {
    const target = await resolveTarget(scope.actor, segments, domain.tx);
    if (target.kind === 'orphan') throw new DavError(409, 'The parent folder does not exist');
    if (target.kind === 'folder' || target.kind === 'document')
      throw methodNotAllowed('Something with this name already exists');
    if (target.kind !== 'missing') throw notFound('No such folder');
    const problem = documentNameProblem(target.name);
    if (problem) throw badRequest(problem);
    await createFolder(domain, target.tree.record, target.container, target.name);
    return { result: undefined };
  });
  ctx.res.status(201).setHeader('Content-Length', '0');
  ctx.res.end();
};
