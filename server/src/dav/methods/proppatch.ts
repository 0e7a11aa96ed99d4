import type { DavMethod } from '../context';
import { inWriteScope, sendXml } from '../context';
import { requireCollection } from '../collections/lookup';
import { child, parseXml, XmlElement } from '../xml/parse';
import { dav } from '../xml/namespaces';
import { badRequest } from '../errors';
import { multistatus, propstatResponse } from '../xml/multistatus';

/** The set/remove instructions of a propertyupdate (RFC 4918 §14.19), in document order. Pure. */
export function parsePropertyUpdate(body: string): { set: Map<string, XmlElement>; remove: string[] } {
  const root = parseXml(body);
  if (root.name !== dav('propertyupdate')) throw badRequest('PROPPATCH body must be a DAV:propertyupdate element');
  const set = new Map<string, XmlElement>();
  const remove: string[] = [];
  for (const instruction of root.children) {
    const props = child(instruction, dav('prop'))?.children ?? [];
    if (instruction.name === dav('set')) for (const p of props) set.set(p.name, p);
    if (instruction.name === dav('remove')) for (const p of props) remove.push(p.name);
  }
  return { set, remove };
}

/**
 * PROPPATCH on a collection. The collection's `patch` hook answers a status per property; without a hook every
 * property is protected (403). RFC 4918 §9.2: all or nothing — a failure anywhere turns the others into 424.
 */
export const proppatch: DavMethod = async (ctx) => {
  const { path, scope } = ctx;
  const { set, remove } = parsePropertyUpdate(ctx.body);
  const names = [...set.keys(), ...remove];
  if (path.type !== 'collection') {
    sendXml(ctx.res, 207, multistatus([propstatResponse(ctx.href, [], [], [{ status: 403, names }])]));
    return;
  }
  const collection = await requireCollection(scope, path.home, path.user, path.collection);
  let statuses = new Map<string, number>(names.map((n) => [n, 403]));
  if (collection.patch) {
    statuses = await inWriteScope(ctx, async (write) => {
      const result = await collection.patch!(write, set, remove);
      if ([...result.values()].some((s) => s !== 200)) {
        // Roll back the properties that did succeed: the transaction is aborted by throwing.
        throw new PatchFailed(result);
      }
      return result;
    }).catch((err: unknown) => {
      if (err instanceof PatchFailed) {
        return new Map([...err.result].map(([n, s]) => [n, s === 200 ? 424 : s]));
      }
      throw err;
    });
  }
  const byStatus = new Map<number, string[]>();
  for (const [name, status] of statuses) byStatus.set(status, [...(byStatus.get(status) ?? []), name]);
  const ok = (byStatus.get(200) ?? []).map((n): [string, null] => [n, null]);
  byStatus.delete(200);
  const other = [...byStatus].map(([status, group]) => ({ status, names: group }));
  sendXml(ctx.res, 207, multistatus([propstatResponse(ctx.href, ok, [], other)]));
};

class PatchFailed extends Error {
  constructor(readonly result: Map<string, number>) {
    super('PROPPATCH failed');
  }
}
