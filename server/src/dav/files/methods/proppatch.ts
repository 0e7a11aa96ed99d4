import type { FilesMethod } from '../context';
import { inFilesWrite } from '../context';
import { sendXml } from '../../context';
import { badRequest, notFound } from '../../errors';
import { child, parseXml, XmlElement } from '../../xml/parse';
import { dav } from '../../xml/namespaces';
import { multistatus, propstatResponse } from '../../xml/multistatus';
import { filesHref } from '../paths';
import { isProtectedProperty } from '../live-props';
import {
  countDeadProps,
  encodePropertyValue,
  MAX_PROPERTIES,
  MAX_VALUE_BYTES,
  propertyKey,
  removeDeadProp,
  setDeadProp,
} from '../dead-props';
import { isCollection, resolveTarget } from '../tree';

export interface PropertyInstruction {
  op: 'set' | 'remove';
  property: XmlElement;
}

/**
 * The instructions of a propertyupdate in document order (RFC 4918 §9.2: "processed in document order", so a
 * remove followed by a set of the same property leaves it set). Pure.
 */
export function parseInstructions(body: string): PropertyInstruction[] {
  const root = parseXml(body);
  if (root.name !== dav('propertyupdate')) throw badRequest('PROPPATCH body must be a DAV:propertyupdate element');
  const instructions: PropertyInstruction[] = [];
  for (const instruction of root.children) {
    const op = instruction.name === dav('set') ? 'set' : instruction.name === dav('remove') ? 'remove' : null;
    if (!op) continue;
    for (const property of child(instruction, dav('prop'))?.children ?? []) instructions.push({ op, property });
  }
  if (!instructions.length) throw badRequest('PROPPATCH without set or remove instructions');
  return instructions;
}

/**
 * PROPPATCH: dead properties (any namespace but DAV:) are stored per resource; DAV: properties are live or reserved
 * and answer 403 cannot-modify-protected-property. All or nothing (§9.2): when one instruction fails, nothing is
 * written and the others answer 424 Failed Dependency.
 */
export const proppatch: FilesMethod = async (ctx) => {
  const instructions = parseInstructions(ctx.body.toString('utf8'));
  let href = '';
  const statuses = await inFilesWrite(ctx, async (domain) => {
    const target = await resolveTarget(ctx.scope.actor, ctx.segments, domain.tx);
    if (target.kind === 'missing' || target.kind === 'orphan' || target.kind === 'top-missing')
      throw notFound('No such file or folder');
    href = filesHref(ctx.segments, isCollection(target));
    const key = propertyKey(target);
    const result = new Map<string, number>();
    const newNames = new Set(instructions.filter((i) => i.op === 'set').map((i) => i.property.name));
    const full = key ? (await countDeadProps(key, domain.tx)) + newNames.size > MAX_PROPERTIES : false;
    for (const { op, property } of instructions) {
      let status = 200;
      if (!key || isProtectedProperty(property.name)) status = 403;
      else if (op === 'set' && (full || Buffer.byteLength(encodePropertyValue(property)) > MAX_VALUE_BYTES))
        status = 507;
      if (result.get(property.name) !== undefined && result.get(property.name) !== 200) continue;
      result.set(property.name, status);
    }
    const failed = [...result.values()].some((s) => s !== 200);
    if (failed) return { result: new Map([...result].map(([name, s]) => [name, s === 200 ? 424 : s])) };
    for (const { op, property } of instructions) {
      if (op === 'set') await setDeadProp(key!, property, domain.tx);
      else await removeDeadProp(key!, property.name, domain.tx);
    }
    return { result };
  });
  const byStatus = new Map<number, string[]>();
  for (const [name, status] of statuses) byStatus.set(status, [...(byStatus.get(status) ?? []), name]);
  const ok = (byStatus.get(200) ?? []).map((name): [string, null] => [name, null]);
  byStatus.delete(200);
  const other = [...byStatus].map(([status, names]) => ({ status, names }));
  sendXml(ctx.res, 207, multistatus([propstatResponse(href, ok, [], other)]));
};
