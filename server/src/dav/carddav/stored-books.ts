import { Op, QueryTypes } from 'sequelize';
import { changesSince, recordChange } from '../../domain/changes/service';
import { collections } from '../../domain/changes/collections';
import type { DavCollection, DavCollectionKind, DavItem, DavScope, DavWriteScope } from '../collections/types';
import { DavCollectionRow, DavObject } from '../store/model';
import { bodyHash } from '../store/etag';
import {
  addressBookProps,
  contentTypeFor,
  MAX_VCARD_BYTES,
  parseCardForPut,
  representCard,
  VCARD_CONTENT_TYPE,
} from './vcard-body';
import { addressbookQuery } from './query';
import { DavError, uidConflict } from '../errors';
import { itemHref } from '../collections/resolve-path';
import { carddav, dav } from '../xml/namespaces';
import type { XmlElement } from '../xml/parse';

/**
 * Address books that hold vCards as the client sent them, owned by one user: the built-in "My contacts" and the
 * ones clients create with extended MKCOL. Nothing here is a CRM record; a deleted card stays as a row without body
 * (its tombstone name for sync-collection).
 */
const MY_CONTACTS = 'contacts';
const RESERVED = new Set([MY_CONTACTS, 'customers']);

interface BookSpec {
  segment: string;
  key: string;
  displayName: string;
  description: string | null;
  row: DavCollectionRow | null;
}

const live = { body: { [Op.ne]: null } };

async function rowsByName(key: string, names: string[], tx?: DavWriteScope['tx']): Promise<DavObject[]> {
  if (!names.length) return [];
  return DavObject.findAll({ where: { collectionKey: key, name: { [Op.in]: names }, ...live }, transaction: tx });
}

function toItem(row: DavObject, version?: string): DavItem {
  const body = representCard(row.body!, version ? { version } : undefined);
  return { name: row.name, etag: row.etag, contentType: contentTypeFor(body), lastModified: row.updatedAt, body };
}

function storedBook(spec: BookSpec): DavCollection {
  const changeCollection = collections.dav(spec.key);
  const book: DavCollection = {
    segment: spec.segment,
    resourceTypes: [carddav('addressbook')],
    itemContentType: VCARD_CONTENT_TYPE,
    maxResourceSize: MAX_VCARD_BYTES,
    reports: [carddav('addressbook-multiget'), carddav('addressbook-query'), dav('sync-collection')],
    queries: { [carddav('addressbook-query')]: (scope, request) => addressbookQuery(book, scope, request) },
    writable: true,
    properties: async () =>
      addressBookProps(spec.row?.displayname ?? spec.displayName, spec.row?.description ?? spec.description),

    async list() {
      const rows = await DavObject.findAll({
        where: { collectionKey: spec.key, ...live },
        attributes: ['name', 'etag', 'version', 'updatedAt'],
      });
      return rows.map((r) => ({
        name: r.name,
        etag: r.etag,
        contentType: `text/vcard; charset=utf-8; version=${r.version ?? '3.0'}`,
        lastModified: r.updatedAt,
      }));
    },
    get: async (_scope, names, want) => (await rowsByName(spec.key, names)).map((r) => toItem(r, want?.version)),
    async head(scope, name) {
      const [row] = await rowsByName(spec.key, [name], scope.tx);
      return row ? toItem(row) : null;
    },

    async put(scope, name, body, contentType, precondition) {
      if (precondition.conditional) precondition.check((await this.head(scope, name))?.etag ?? null);
      const card = parseCardForPut(body, contentType);
      if (card.uid) {
        const clash = await DavObject.findOne({
          where: { collectionKey: spec.key, uid: card.uid, name: { [Op.ne]: name }, ...live },
          transaction: scope.tx,
        });
        if (clash)
          throw uidConflict(
            'Another card in this address book has the same UID',
            itemHref('addressbooks', scope.actor.email, spec.segment, clash.name),
          );
      }
      const existing = await DavObject.findOne({ where: { collectionKey: spec.key, name }, transaction: scope.tx });
      const created = !existing?.body;
      const values = {
        body,
        uid: card.uid,
        version: card.version,
        contentType: contentTypeFor(body),
        etag: bodyHash(body),
      };
      const row = existing
        ? await existing.update(values, { transaction: scope.tx })
        : await DavObject.create(
            { collectionKey: spec.key, name, entity: null, entityId: null, ...values },
            { transaction: scope.tx },
          );
      const revision = await recordChange(scope.services.sequelize, scope.tx, [
        { collection: changeCollection, entity: 'dav', entityId: row.id, uid: card.uid },
      ]);
      await row.update({ revision }, { transaction: scope.tx });
      return { created, etag: row.etag };
    },

    async delete(scope, name) {
      const [row] = await rowsByName(spec.key, [name], scope.tx);
      if (!row) return;
      await row.update({ body: null, uid: null }, { transaction: scope.tx });
      await recordChange(
        scope.services.sequelize,
        scope.tx,
        [{ collection: changeCollection, entity: 'dav', entityId: row.id }],
        true,
      );
    },

    async changes(scope, since, limit) {
      const page = await changesSince(scope.services.sequelize, changeCollection, since, limit);
      const rows = await DavObject.findAll({
        where: { id: { [Op.in]: page.changes.map((c) => c.entityId) } },
        attributes: ['id', 'name'],
      });
      const names = new Map(rows.map((r) => [r.id, r.name]));
      const changed: string[] = [];
      const removed: string[] = [];
      for (const change of page.changes) {
        const name = names.get(change.entityId);
        if (name) (change.deleted ? removed : changed).push(name);
      }
      return { changed, removed, revision: page.nextRevision, truncated: page.truncated };
    },

    async syncRevision(scope) {
      const [row] = await scope.services.sequelize.query<{ rev: number | string | null }>(
        'SELECT MAX(revision) AS rev FROM changes WHERE collection = :collection',
        { replacements: { collection: changeCollection }, type: QueryTypes.SELECT },
      );
      return Number(row?.rev ?? 0);
    },
  };
  if (spec.row) {
    const row = spec.row;
    book.patch = (scope, set, remove) => patchBook(scope, row, set, remove);
    book.remove = async (scope) => {
      const names = await DavObject.findAll({
        where: { collectionKey: spec.key, ...live },
        attributes: ['id'],
        transaction: scope.tx,
      });
      if (names.length) {
        await recordChange(
          scope.services.sequelize,
          scope.tx,
          names.map((n) => ({ collection: changeCollection, entity: 'dav' as const, entityId: n.id })),
          true,
        );
      }
      await DavObject.destroy({ where: { collectionKey: spec.key }, transaction: scope.tx });
      await row.destroy({ transaction: scope.tx });
    };
  }
  return book;
}

const PATCHABLE: Record<string, 'displayname' | 'description'> = {
  [dav('displayname')]: 'displayname',
  [carddav('addressbook-description')]: 'description',
};

async function patchBook(
  scope: DavWriteScope,
  row: DavCollectionRow,
  set: Map<string, XmlElement>,
  remove: string[],
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  const changes: Partial<Record<'displayname' | 'description', string | null>> = {};
  for (const [name, el] of set) {
    const column = PATCHABLE[name];
    if (column) changes[column] = el.text.slice(0, column === 'displayname' ? 255 : 10_000);
    result.set(name, column ? 200 : 403);
  }
  for (const name of remove) {
    const column = PATCHABLE[name];
    if (column) changes[column] = null;
    result.set(name, column ? 200 : 403);
  }
  if ([...result.values()].every((s) => s === 200)) await row.update(changes, { transaction: scope.tx });
  return result;
}

function myContacts(scope: DavScope): DavCollection {
  return storedBook({
    segment: MY_CONTACTS,
    key: `contacts:user:${scope.actor.userId}`,
    displayName: 'My contacts',
    description: 'Personal contacts',
    row: null,
  });
}

function clientBook(row: DavCollectionRow): DavCollection {
  return storedBook({ segment: row.segment, key: `book:${row.id}`, displayName: row.segment, description: null, row });
}

export const storedAddressBooksKind: DavCollectionKind = {
  home: 'addressbooks',
  creates: carddav('addressbook'),
  async list(scope) {
    const rows = await DavCollectionRow.findAll({
      where: { ownerUserId: scope.actor.userId, kind: 'addressbook' },
      order: [['id', 'ASC']],
    });
    return [myContacts(scope), ...rows.map(clientBook)];
  },
  async find(scope, segment) {
    if (segment === MY_CONTACTS) return myContacts(scope);
    const row = await DavCollectionRow.findOne({
      where: { ownerUserId: scope.actor.userId, kind: 'addressbook', segment },
    });
    return row ? clientBook(row) : null;
  },
  async create(scope, segment, props) {
    if (RESERVED.has(segment)) throw new DavError(409, 'Reserved collection name');
    const row = await DavCollectionRow.create(
      {
        ownerUserId: scope.actor.userId,
        kind: 'addressbook',
        segment,
        displayname: props.get(dav('displayname'))?.text.slice(0, 255) || null,
        description: props.get(carddav('addressbook-description'))?.text || null,
        color: null,
        timezone: null,
      },
      { transaction: scope.tx },
    );
    return clientBook(row);
  },
};
