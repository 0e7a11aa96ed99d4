import type { FilesMethod } from '../context';
import { inFilesWrite } from '../context';
import { forbidden, notFound, preconditionFailed } from '../../errors';
import { checkPreconditions } from '../../preconditions';
import { documentEtag } from '../names';
import { resolveTarget } from '../tree';
import { deleteDocumentAt, deleteFolderTree } from '../writes';

/**
 * DELETE (RFC 4918 §9.6) of a file (the CRM document, with trace and tombstone) or of a sub-folder and everything
 * in it. Record folders are CRM records: they are not deleted over WebDAV.
 */
export const remove: FilesMethod = async (ctx) => {
  await inFilesWrite(ctx, async (domain) => {
    const target = await resolveTarget(ctx.scope.actor, ctx.segments, domain.tx);
    switch (target.kind) {
      case 'root':
      case 'record':
        throw forbidden('Record folders are CRM partners and opportunities; they cannot be deleted over WebDAV');
      case 'folder':
        return { result: undefined, released: await deleteFolderTree(domain, target.tree, target.folder) };
      case 'document': {
        const check = checkPreconditions(documentEtag(target.document.sha256), { ifMatch: ctx.req.get('if-match') });
        if (!check.ok) throw preconditionFailed(check.reason);
        return { result: undefined, released: [await deleteDocumentAt(domain, target.document)] };
      }
      default:
        throw notFound('No such file or folder');
    }
  });
  ctx.res.status(204).end();
};
