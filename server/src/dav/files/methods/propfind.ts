import type { FilesMethod } from '../context';
import { propfindDepth } from '../context';
import { sendXml } from '../../context';
import { parsePropfindBody, PropRequest, selectProps } from '../../methods/propfind';
import { multistatusChunks, propstatResponse, PropValue, XmlNode } from '../../xml/multistatus';
import { notFound } from '../../errors';
import { filesHref } from '../paths';
import { entryProps, folderProps, documentProps, recordFolderProps, rootProps, PropMap } from '../live-props';
import { documentKey, entryKey, folderKey, readDeadProps, readDeadPropsOf, recordKey } from '../dead-props';
import { listRecordFolders, resolveTarget } from '../tree';

/**
 * PROPFIND (RFC 4918 §9.1) on the file tree: the target and, at Depth 1, its members. Live properties come from the
 * CRM rows, dead ones from PROPPATCH; unknown properties go to a 404 propstat after the 200 one.
 */
function withDead(live: PropMap, dead: Map<string, PropValue> | undefined): PropMap {
  if (!dead) return live;
  const all = new Map(live);
  for (const [name, value] of dead) if (!all.has(name)) all.set(name, value);
  return all;
}

function respond(href: string, props: PropMap, request: PropRequest): XmlNode {
  const { found, missing } = selectProps(props, request);
  return propstatResponse(href, found, missing);
}

export const propfind: FilesMethod = async (ctx) => {
  const request = parsePropfindBody(ctx.body.toString('utf8'));
  const depth = propfindDepth(ctx.req);
  const { segments, scope } = ctx;
  const target = await resolveTarget(scope.actor, segments);
  const responses: XmlNode[] = [];
  const wantsDead = request.kind !== 'prop' || request.names.some((n) => !n.startsWith('{DAV:}'));
  switch (target.kind) {
    case 'root': {
      responses.push(respond(filesHref([], true), rootProps(), request));
      if (depth === '0') break;
      const records = await listRecordFolders(scope.actor);
      const dead = wantsDead ? await readDeadPropsOf(records.map(recordKey)) : new Map();
      for (const record of records) {
        responses.push(
          respond(
            filesHref([record.name], true),
            withDead(recordFolderProps(record), dead.get(recordKey(record))),
            request,
          ),
        );
      }
      break;
    }
    case 'record':
    case 'folder': {
      const { tree } = target;
      const self = target.kind === 'record' ? recordFolderProps(tree.record) : folderProps(target.folder, target.name);
      const selfKey = target.kind === 'record' ? recordKey(tree.record) : folderKey(target.folder.id);
      responses.push(
        respond(
          filesHref(segments, true),
          withDead(self, wantsDead ? await readDeadProps(selfKey) : undefined),
          request,
        ),
      );
      if (depth === '0') break;
      const entries = tree.entries(target.kind === 'record' ? 0 : target.folder.id);
      const dead = wantsDead ? await readDeadPropsOf(entries.map(entryKey)) : new Map();
      for (const entry of entries) {
        const href = filesHref([...segments, entry.name], entry.type === 'folder');
        responses.push(respond(href, withDead(entryProps(entry), dead.get(entryKey(entry))), request));
      }
      break;
    }
    case 'document': {
      const dead = wantsDead ? await readDeadProps(documentKey(target.document.id)) : undefined;
      responses.push(
        respond(filesHref(segments, false), withDead(documentProps(target.document, target.name), dead), request),
      );
      break;
    }
    default:
      throw notFound('No such file or folder');
  }
  sendXml(ctx.res, 207, multistatusChunks(responses));
};
