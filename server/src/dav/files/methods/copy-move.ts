import type { DomainContext } from '../../../domain/context';
import type { FilesMethod, FilesRequest } from '../context';
import { inFilesWrite } from '../context';
import { badRequest, DavError, forbidden, notFound, preconditionFailed } from '../../errors';
import { documentNameProblem } from '../../../domain/documents/names';
import { isWithin, resolveDestination } from '../paths';
import { FileTarget, resolveTarget } from '../tree';
import {
  copyDocument,
  copyFolderTree,
  deleteDocumentAt,
  deleteFolderTree,
  moveDocument,
  moveFolderTree,
} from '../writes';
import { TOP_LEVEL_IS_RECORDS } from './put';
import { parseRecordFolderName } from '../names';

function recordIdentity(segment: string): string {
  const ref = parseRecordFolderName(segment);
  return ref ? `${ref.recordType}:${ref.recordId}` : segment;
}

/** Overwrite header (RFC 4918 §10.6): T (default) or F. Pure. */
export function parseOverwrite(header: string | undefined): boolean {
  if (header === undefined) return true;
  const value = header.trim().toUpperCase();
  if (value === 'T') return true;
  if (value === 'F') return false;
  throw badRequest('Overwrite must be T or F');
}

/**
 * Depth of COPY/MOVE on a collection (RFC 4918 §9.8.3, §9.9.2): COPY takes 0 or infinity, MOVE only infinity;
 * absent means infinity. Pure.
 */
export function parseCopyDepth(header: string | undefined, move: boolean): 'zero' | 'infinity' {
  const value = header?.trim().toLowerCase();
  if (value === undefined || value === 'infinity') return 'infinity';
  if (value === '0' && !move) return 'zero';
  throw badRequest(move ? 'MOVE of a collection takes Depth: infinity only' : 'COPY takes Depth: 0 or infinity');
}

/** Removes whatever sits at the destination before it is overwritten (RFC 4918 §9.8.4, §9.9.3: a DELETE first). */
async function clearDestination(domain: DomainContext, target: FileTarget): Promise<string[]> {
  if (target.kind === 'document') return [await deleteDocumentAt(domain, target.document)];
  if (target.kind === 'folder') return deleteFolderTree(domain, target.tree, target.folder);
  return [];
}

/**
 * COPY and MOVE (RFC 4918 §9.8, §9.9) of files and sub-folders, within a record's folder or to another record's
 * folder (a file moved there is re-linked to that record in the CRM; a copied file becomes a new CRM document).
 * Checks, in order: Destination (400/403/502), source = destination or one inside the other (403), source exists
 * (404), Overwrite: F on an existing destination (412), destination's parent exists (409). 201 when the destination
 * was new, 204 when it was overwritten.
 */
async function copyOrMove(ctx: FilesRequest, move: boolean): Promise<void> {
  const { req, scope, segments } = ctx;
  const destination = resolveDestination(req.get('destination'), req.get('host'));
  if (!destination.ok) throw new DavError(destination.status, destination.reason);
  const to = destination.segments;
  const overwrite = parseOverwrite(req.get('overwrite'));
  if (segments.length <= 1)
    throw forbidden('Record folders are CRM partners and opportunities; they cannot be copied or moved');
  if (to.length <= 1) throw forbidden(TOP_LEVEL_IS_RECORDS);
  // Compare by record, not by label: `Partner 1` and `Partner 1 - Acme` are the same folder.
  const canonical = (path: string[]) => [recordIdentity(path[0]), ...path.slice(1)];
  if (isWithin(canonical(to), canonical(segments)) || isWithin(canonical(segments), canonical(to))) {
    throw forbidden('Source and destination are the same resource or one contains the other');
  }
  const created = await inFilesWrite(ctx, async (domain) => {
    const source = await resolveTarget(scope.actor, segments, domain.tx);
    if (source.kind !== 'document' && source.kind !== 'folder') throw notFound('No such file or folder');
    const depth = source.kind === 'folder' ? parseCopyDepth(req.get('depth'), move) : 'infinity';
    let target = await resolveTarget(scope.actor, to, domain.tx);
    if (target.kind === 'orphan') throw new DavError(409, 'The destination folder does not exist');
    if (target.kind !== 'missing' && target.kind !== 'document' && target.kind !== 'folder')
      throw notFound('No such destination folder');
    const existed = target.kind !== 'missing';
    if (existed && !overwrite) throw preconditionFailed('The destination exists and Overwrite is F');
    const problem = documentNameProblem(to.at(-1)!);
    if (problem) throw badRequest(problem);
    const released = await clearDestination(domain, target);
    // Re-read both sides: the destination's folder changed, and the source tree is the same record's more often than not.
    const fresh = await resolveTarget(scope.actor, segments, domain.tx);
    if (existed) target = await resolveTarget(scope.actor, to, domain.tx);
    if (target.kind !== 'missing' || (fresh.kind !== 'document' && fresh.kind !== 'folder')) {
      throw new DavError(409, 'The destination could not be prepared');
    }
    const place = { record: target.tree.record, container: target.container, name: target.name };
    if (fresh.kind === 'document') {
      if (move) await moveDocument(domain, fresh.tree.record, fresh.document, place);
      else await copyDocument(domain, fresh.document, place);
    } else if (move) {
      await moveFolderTree(domain, fresh.tree, fresh.folder, place);
    } else {
      await copyFolderTree(domain, fresh.tree, fresh.folder, place, depth === 'infinity');
    }
    return { result: !existed, released };
  });
  ctx.res.status(created ? 201 : 204).setHeader('Content-Length', '0');
  ctx.res.end();
}

export const copy: FilesMethod = (ctx) => copyOrMove(ctx, false);
export const move: FilesMethod = (ctx) => copyOrMove(ctx, true);
