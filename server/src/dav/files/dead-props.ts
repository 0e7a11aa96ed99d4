import { Op, Transaction } from 'sequelize';
import type { XmlElement } from '../xml/parse';
import type { PropValue, XmlNode } from '../xml/multistatus';
import { DavFileProperty } from './model';
import type { FileTarget, TreeEntry } from './tree';

/**
 * Dead properties (RFC 4918 §4.2): whatever a client sets with PROPPATCH outside the DAV: namespace is stored as
 * given and returned by PROPFIND; it follows its resource on MOVE and is copied on COPY (§9.8.2). The value is kept as
 * a small element tree (names in Clark notation), so any namespace the client used survives.
 */
export const MAX_VALUE_BYTES = 64 * 1024;
export const MAX_PROPERTIES = 200;

interface StoredElement {
  n: string;
  a?: Record<string, string>;
  c?: StoredElement[];
  t?: string;
}

/** The key dead properties are stored under; null for resources that cannot have any (the root, missing ones). */
export function propertyKey(target: FileTarget): string | null {
  switch (target.kind) {
    case 'record':
      return recordKey(target.tree.record);
    case 'folder':
      return folderKey(target.folder.id);
    case 'document':
      return documentKey(target.document.id);
    default:
      return null;
  }
}

export const recordKey = (record: { recordType: string; recordId: number }): string =>
  `record:${record.recordType}:${record.recordId}`;
export function entryKey(entry: TreeEntry): string {
  return entry.type === 'folder' ? folderKey(entry.folder.id) : documentKey(entry.document.id);
}
export const folderKey = (id: number): string => `folder:${id}`;
export const documentKey = (id: number): string => `doc:${id}`;

function toStored(element: XmlElement): StoredElement {
  const stored: StoredElement = { n: element.name };
  if (Object.keys(element.attrs).length) stored.a = element.attrs;
  if (element.children.length) stored.c = element.children.map(toStored);
  if (element.text && (!element.children.length || element.text.trim())) stored.t = element.text;
  return stored;
}

function toNode(stored: StoredElement): XmlNode {
  return { name: stored.n, attrs: stored.a, children: stored.c?.map(toNode), text: stored.t };
}

/** The stored form of a property element's content (its children and text). Pure. */
export function encodePropertyValue(property: XmlElement): string {
  return JSON.stringify(toStored(property));
}

/** Back to a PROPFIND value: text when the value was text, elements otherwise. Pure. */
export function decodePropertyValue(json: string): PropValue {
  const stored = JSON.parse(json) as StoredElement;
  if (!stored.c?.length) return stored.t ?? null;
  return stored.c.map(toNode);
}

export async function readDeadProps(key: string | null, tx?: Transaction): Promise<Map<string, PropValue>> {
  const props = new Map<string, PropValue>();
  if (!key) return props;
  const rows = await DavFileProperty.findAll({ where: { resource: key }, order: [['id', 'ASC']], transaction: tx });
  for (const row of rows) props.set(row.name, decodePropertyValue(row.value));
  return props;
}

/** Dead properties of many resources in few queries (a Depth 1 listing), keyed by resource key. */
export async function readDeadPropsOf(keys: string[]): Promise<Map<string, Map<string, PropValue>>> {
  const byKey = new Map<string, Map<string, PropValue>>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await DavFileProperty.findAll({
      where: { resource: { [Op.in]: keys.slice(i, i + 500) } },
      order: [['id', 'ASC']],
    });
    for (const row of rows) {
      const props = byKey.get(row.resource) ?? new Map<string, PropValue>();
      props.set(row.name, decodePropertyValue(row.value));
      byKey.set(row.resource, props);
    }
  }
  return byKey;
}

export async function setDeadProp(key: string, property: XmlElement, tx: Transaction): Promise<void> {
  const value = encodePropertyValue(property);
  const existing = await DavFileProperty.findOne({ where: { resource: key, name: property.name }, transaction: tx });
  if (existing) await existing.update({ value }, { transaction: tx });
  else await DavFileProperty.create({ resource: key, name: property.name, value }, { transaction: tx });
}

export async function removeDeadProp(key: string, name: string, tx: Transaction): Promise<void> {
  await DavFileProperty.destroy({ where: { resource: key, name }, transaction: tx });
}

export async function countDeadProps(key: string, tx: Transaction): Promise<number> {
  return DavFileProperty.count({ where: { resource: key }, transaction: tx });
}

export async function copyDeadProps(fromKey: string, toKey: string, tx: Transaction): Promise<void> {
  const rows = await DavFileProperty.findAll({ where: { resource: fromKey }, transaction: tx });
  if (!rows.length) return;
  await DavFileProperty.bulkCreate(
    rows.map((row) => ({ resource: toKey, name: row.name, value: row.value })),
    { transaction: tx },
  );
}

export async function deleteDeadProps(keys: string[], tx: Transaction): Promise<void> {
  if (!keys.length) return;
  await DavFileProperty.destroy({ where: { resource: { [Op.in]: keys } }, transaction: tx });
}
