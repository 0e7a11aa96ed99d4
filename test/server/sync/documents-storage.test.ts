import fs from 'node:fs';
import path from 'node:path';
import { createWebDavFolderProvider, LeaseLostError, type FolderProvider } from '@akte/sync-engine';
import { createTestEnv, type TestEnv } from '../../support/test-env';
import { startApacheDav, stopApacheDav, type RunningApacheDav } from '../../support/apache-dav';
import { serverKeyOf } from '../../../server/src/secrets/server-key';
import { sealAccountPassword } from '../../../server/src/sync/account-secret';
import { DOCUMENTS_KIND, SyncDocumentStorage } from '../../../server/src/sync/documents-storage';
import { SyncAccount, SyncCollection } from '../../../server/src/sync/model';
import { createSyncRunner, runCollection, type SyncRunner } from '../../../server/src/sync/run-collection';
import { inUnitOfWork } from '../../../server/src/db/unit-of-work';
import type { DomainContext } from '../../../server/src/domain/context';
import { DocumentRecord } from '../../../server/src/domain/documents/model';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { DavFilePlacement } from '../../../server/src/dav/files/model';
import { findRecordFolderByRef } from '../../../server/src/dav/files/tree';
import { createDocumentAt, createFolder, moveDocument } from '../../../server/src/dav/files/writes';

/**
 * The document port on the real database, driven by the engine's document round against a real Apache mod_dav
 * share: CRM documents go out and dropped files come in through the documents domain as the collection's owner
 * (the names Akte's own /dav/files/ shows), item 15 keeps both versions as CRM documents, and a worker whose lease
 * was taken over cannot write.
 */
let env: TestEnv;
let apache: RunningApacheDav;
let runner: SyncRunner;
let share: FolderProvider;

beforeAll(async () => {
  [env, apache] = await Promise.all([createTestEnv(), startApacheDav()]);
  runner = createSyncRunner(env.services);
  share = createWebDavFolderProvider({ serverUrl: apache.shareUrl, username: apache.user, password: apache.password });
});
afterAll(async () => {
  await stopApacheDav(apache);
  await env.close();
});

const bytes = (text: string) => new TextEncoder().encode(text);

/** Apache refuses If-Match on a tag it marks weak (a file changed in the last second): age fresh files a minute. */
function ageFreshFiles(dir = apache.dataDir): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) ageFreshFiles(full);
    else if (fs.statSync(full).mtimeMs > Date.now() - 2_000) {
      const past = new Date(Date.now() - 60_000);
      fs.utimesSync(full, past, past);
    }
  }
}

async function connectShare(root: string): Promise<SyncCollection> {
  await share.ensureFolder(root);
  const account = await SyncAccount.create({
    ownerUserId: env.users.own.id,
    provider: 'dav',
    serverUrl: apache.shareUrl,
    username: apache.user,
    passwordSealed: sealAccountPassword(serverKeyOf(env.services.config), apache.password),
  });
  return SyncCollection.create({
    accountId: account.id,
    remoteHref: root,
    displayName: 'Dokumente',
    kind: DOCUMENTS_KIND,
    crmScope: null,
    nextRunAt: new Date(),
  });
}

async function round(collection: SyncCollection) {
  ageFreshFiles();
  // The workers', REST's and CLI's entry point: a documents collection goes to the document round.
  return runCollection(runner, collection.id);
}

async function documentsOf(partnerId: number): Promise<Record<string, string>> {
  const own = env.as('own');
  const list = await own.get(`/api/v1/documents?recordType=partner&recordId=${partnerId}&limit=100`);
  expect(list.status).toBe(200);
  const texts: Record<string, string> = {};
  for (const doc of list.body.items as Array<{ id: number; name: string }>) {
    // Every document here is text/plain: supertest hands its body over as text.
    texts[doc.name] = (await own.get(`/api/v1/documents/${doc.id}/content`)).text;
  }
  return texts;
}

async function remoteTexts(folderHref: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const file of (await share.listFolder(folderHref)).files) {
    texts[decodeURIComponent(file.href.split('/').pop()!)] = new TextDecoder().decode(
      (await share.download(file.href))!.body,
    );
  }
  return texts;
}

/** path below the folder → text, sub-folders included. */
async function remoteTree(folderHref: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const file of await share.listTree(folderHref)) {
    const name = file.href.slice(folderHref.length).split('/').map(decodeURIComponent).join('/');
    texts[name] = new TextDecoder().decode((await share.download(file.href))!.body);
  }
  return texts;
}

/** The record's documents as the port names them (their path below the record folder), with id and text. */
async function crmTree(collection: SyncCollection, partnerId: number) {
  const port = new SyncDocumentStorage(env.services, runner.storage);
  const tree: Record<string, { id: string; text: string }> = {};
  for (const doc of await port.documentsOf(String(collection.id), `partner:${partnerId}`)) {
    const body = (await port.readDocument(String(collection.id), doc.id))!.body;
    tree[doc.name] = { id: doc.id, text: new TextDecoder().decode(body) };
  }
  return tree;
}

async function asOwner<T>(work: (ctx: DomainContext) => Promise<T>): Promise<T> {
  const actor = await actorForUser((await User.findByPk(env.users.own.id))!);
  return inUnitOfWork(env.sequelize, (tx) => work({ actor, sequelize: env.sequelize, tx, blobs: env.services.blobs }));
}

describe('documents through the storage port', () => {
  it('a CRM document appears in its /dav/files/-named folder, a dropped file lands, item 15 keeps both; then quiet', async () => {
    const own = env.as('own');
    const partner = (await own.post('/api/v1/partners').send({ name: 'Müller GmbH' })).body as { id: number };
    const upload = await own
      .post(`/api/v1/documents?recordType=partner&recordId=${partner.id}&name=Angebot.txt`)
      .set('Content-Type', 'text/plain')
      .send('offer v1');
    expect(upload.status).toBe(201);
    // A colleague's partner the owner may not see: its documents never leave the CRM through this account.
    const foreign = (await env.as('own2').post('/api/v1/partners').send({ name: 'Fremde AG' })).body as { id: number };
    await env
      .as('own2')
      .post(`/api/v1/documents?recordType=partner&recordId=${foreign.id}&name=geheim.txt`)
      .set('Content-Type', 'text/plain')
      .send('secret');

    const collection = await connectShare('/dav/server/');
    expect(await round(collection)).toMatchObject({ status: 'ok', remote: { created: 1 }, lastError: null });
    const folder = `/dav/server/${encodeURIComponent(`Partner ${partner.id} - Müller GmbH`)}/`;
    expect(await remoteTexts(folder)).toEqual({ 'Angebot.txt': 'offer v1' });
    expect((await share.listFolder('/dav/server/')).folders).toHaveLength(1);

    await share.createFile(`${folder}Besuch.txt`, bytes('visit'), 'text/plain');
    expect(await round(collection)).toMatchObject({ status: 'ok', crm: { created: 1 } });
    expect(await documentsOf(partner.id)).toEqual({ 'Angebot.txt': 'offer v1', 'Besuch.txt': 'visit' });

    // Item 15: changed on both sides → the CRM keeps its version, the share's comes in as "… (conflict …)".
    await own
      .post(`/api/v1/documents?recordType=partner&recordId=${partner.id}&name=ignored.txt`)
      .set('Content-Type', 'text/plain')
      .send('unrelated');
    const offer = (
      await own.get(`/api/v1/documents?recordType=partner&recordId=${partner.id}&limit=100`)
    ).body.items.find((d: { name: string }) => d.name === 'Angebot.txt');
    await own.delete(`/api/v1/documents/${offer.id}`);
    ageFreshFiles();
    // A replace in the CRM is a WebDAV PUT on /dav/files/ (same document, new bytes).
    const davPut = await env
      .anonymous()
      .put(`/dav/files/${encodeURIComponent(`Partner ${partner.id} - Müller GmbH`)}/Besuch.txt`)
      .auth(env.users.own.email, env.users.own.token)
      .set('Content-Type', 'text/plain')
      .send('visit, CRM notes');
    expect(davPut.status).toBe(204);
    const remoteVisit = (await share.download(`${folder}Besuch.txt`))!;
    expect(
      await share.updateFile(`${folder}Besuch.txt`, bytes('visit, share notes'), 'text/plain', remoteVisit.etag),
    ).toMatchObject({ kind: 'updated' });

    const conflicted = await round(collection);
    expect(conflicted).toMatchObject({ status: 'ok', conflicts: 1, lastError: null });
    const crm = await documentsOf(partner.id);
    expect(crm['Besuch.txt']).toBe('visit, CRM notes');
    const copy = Object.keys(crm).find((n) => n.startsWith('Besuch (conflict '))!;
    expect(crm[copy]).toBe('visit, share notes');
    // Deleted in the CRM, unchanged on the share → deleted there; the new CRM document went out.
    expect(await remoteTexts(folder)).toEqual(crm);
    expect(Object.keys(crm).sort()).toEqual([copy, 'Besuch.txt', 'ignored.txt'].sort());

    expect(await round(collection)).toMatchObject({
      status: 'ok',
      crm: { created: 0, updated: 0, deleted: 0 },
      remote: { created: 0, updated: 0, deleted: 0 },
    });
  });

  it('renames travel as renames both ways, and documents in sub-folders keep their sub-folder on both sides', async () => {
    const own = env.as('own');
    const partner = (await own.post('/api/v1/partners').send({ name: 'Umzug GmbH' })).body as { id: number };
    const contract = await own
      .post(`/api/v1/documents?recordType=partner&recordId=${partner.id}&name=Vertrag.txt`)
      .set('Content-Type', 'text/plain')
      .send('contract');
    expect(contract.status).toBe(201);
    // A sub-folder made on /dav/files/ (MKCOL) holding a document (PUT): dav/files/writes.ts, as the owner.
    const receipt = await asOwner(async (ctx) => {
      const record = (await findRecordFolderByRef(ctx.actor, { recordType: 'partner', recordId: partner.id }, ctx.tx))!;
      const belege = await createFolder(ctx, record, 0, 'Belege');
      const content = Buffer.from('receipt');
      return createDocumentAt(ctx, record, belege.id, { name: 'Quittung.txt', mediaType: 'text/plain', content });
    });
    const collection = await connectShare('/dav/renames/');
    const folder = `/dav/renames/${encodeURIComponent(`Partner ${partner.id} - Umzug GmbH`)}/`;
    // (The first test's partner goes out to this share too: the owner sees it.)
    expect(await round(collection)).toMatchObject({ status: 'ok', lastError: null });
    expect(await remoteTree(folder)).toEqual({ 'Vertrag.txt': 'contract', 'Belege/Quittung.txt': 'receipt' });

    // The share moves the contract into a new sub-folder under a new name; the CRM renames the receipt.
    expect(await share.moveFile(`${folder}Vertrag.txt`, `${folder}Archiv/Vertrag%202026.txt`, null)).toEqual({
      kind: 'moved',
    });
    await asOwner(async (ctx) => {
      const record = (await findRecordFolderByRef(ctx.actor, { recordType: 'partner', recordId: partner.id }, ctx.tx))!;
      const document = (await DocumentRecord.findByPk(receipt.id, { transaction: ctx.tx }))!;
      const container = (await DavFilePlacement.findByPk(receipt.id, { transaction: ctx.tx }))!.folderId;
      await moveDocument(ctx, record, document, { record, container, name: 'Quittung Taxi.txt' });
    });
    expect(await round(collection)).toMatchObject({
      status: 'ok',
      lastError: null,
      crm: { created: 0, updated: 1, deleted: 0 },
      remote: { created: 0, updated: 1, deleted: 0 },
    });
    const crm = await crmTree(collection, partner.id);
    expect(crm).toEqual({
      'Archiv/Vertrag 2026.txt': { id: String(contract.body.id), text: 'contract' },
      'Belege/Quittung Taxi.txt': { id: String(receipt.id), text: 'receipt' },
    });
    expect(await remoteTree(folder)).toEqual({
      'Archiv/Vertrag 2026.txt': 'contract',
      'Belege/Quittung Taxi.txt': 'receipt',
    });

    // A file dropped into a sub-folder on the share lands in that sub-folder of the record.
    await share.createFile(`${folder}Belege/Hotel.txt`, bytes('hotel'), 'text/plain');
    expect(await round(collection)).toMatchObject({ status: 'ok', crm: { created: 1 } });
    expect(await crmTree(collection, partner.id)).toMatchObject({ 'Belege/Hotel.txt': { text: 'hotel' } });
    expect(await round(collection)).toMatchObject({
      status: 'ok',
      crm: { created: 0, updated: 0, deleted: 0 },
      remote: { created: 0, updated: 0, deleted: 0 },
    });
  });

  it('a path below the record folder longer than one name (255 characters) syncs both ways', async () => {
    const own = env.as('own');
    const partner = (await own.post('/api/v1/partners').send({ name: 'Tiefe Ablage KG' })).body as { id: number };
    const year = `Jahresabschluss ${'und Belege '.repeat(17)}2026`; // 208 characters
    const inCrm = `${'Bilanz '.repeat(12)}final.txt`; // 93
    const onShare = `${'Kontoauszug '.repeat(7)}Dezember.txt`; // 96
    await asOwner(async (ctx) => {
      const record = (await findRecordFolderByRef(ctx.actor, { recordType: 'partner', recordId: partner.id }, ctx.tx))!;
      const sub = await createFolder(ctx, record, 0, year);
      const content = Buffer.from('balance');
      return createDocumentAt(ctx, record, sub.id, { name: inCrm, mediaType: 'text/plain', content });
    });
    const collection = await connectShare('/dav/deep/');
    const folder = `/dav/deep/${encodeURIComponent(`Partner ${partner.id} - Tiefe Ablage KG`)}/`;
    expect(await round(collection)).toMatchObject({ status: 'ok', lastError: null });
    expect(await remoteTree(folder)).toEqual({ [`${year}/${inCrm}`]: 'balance' });

    await share.createFile(
      `${folder}${encodeURIComponent(year)}/${encodeURIComponent(onShare)}`,
      bytes('statement'),
      'text/plain',
    );
    expect(await round(collection)).toMatchObject({ status: 'ok', lastError: null, crm: { created: 1 } });
    expect(await crmTree(collection, partner.id)).toMatchObject({
      [`${year}/${inCrm}`]: { text: 'balance' },
      [`${year}/${onShare}`]: { text: 'statement' },
    });
    expect(await round(collection)).toMatchObject({
      status: 'ok',
      crm: { created: 0, updated: 0, deleted: 0 },
      remote: { created: 0, updated: 0, deleted: 0 },
    });
  });

  it('a file the CRM refuses (a backslash in its name or its folder) is reported; the others sync, every round', async () => {
    const own = env.as('own');
    const partner = (await own.post('/api/v1/partners').send({ name: 'Sonderzeichen AG' })).body as { id: number };
    const collection = await connectShare('/dav/odd/');
    const folder = `/dav/odd/${encodeURIComponent(`Partner ${partner.id} - Sonderzeichen AG`)}/`;
    await share.ensureFolder(folder);
    // Legal on a Linux share, no name for a CRM document (domain/documents/names.ts).
    const odd = `${folder}${encodeURIComponent('Rechnung\\2026.txt')}`;
    const oddFolder = `${folder}${encodeURIComponent('Q1\\Q2')}/`;
    await share.createFile(odd, bytes('odd'), 'text/plain');
    await share.ensureFolder(oddFolder);
    await share.createFile(`${oddFolder}Plan.txt`, bytes('plan'), 'text/plain');
    await share.createFile(`${folder}Gut.txt`, bytes('good'), 'text/plain');
    for (let i = 0; i < 2; i++) {
      const report = await round(collection);
      expect(report).toMatchObject({ status: 'ok', crm: { created: i === 0 ? 1 : 0 } });
      expect(report?.lastError).toContain(
        `${odd}: not taken into the CRM: Rechnung\\2026.txt: The name must not contain`,
      );
      expect(report?.lastError).toContain(`${oddFolder}Plan.txt: not taken into the CRM`);
    }
    expect(Object.keys(await crmTree(collection, partner.id))).toEqual(['Gut.txt']);
  });

  it('a file moved below 8 sub-folders on either side is reported, and the other side keeps its copy', async () => {
    const own = env.as('own');
    const partner = (await own.post('/api/v1/partners').send({ name: 'Keller GmbH' })).body as { id: number };
    for (const name of ['Share.txt', 'Crm.txt', 'Weg.txt']) {
      const created = await own
        .post(`/api/v1/documents?recordType=partner&recordId=${partner.id}&name=${name}`)
        .set('Content-Type', 'text/plain')
        .send(name);
      expect(created.status).toBe(201);
    }
    const collection = await connectShare('/dav/cellar/');
    const folder = `/dav/cellar/${encodeURIComponent(`Partner ${partner.id} - Keller GmbH`)}/`;
    expect(await round(collection)).toMatchObject({ status: 'ok', lastError: null });
    expect(Object.keys(await remoteTree(folder)).sort()).toEqual(['Crm.txt', 'Share.txt', 'Weg.txt']);

    // Nine sub-folders, one more than the sync goes down: the share moves one file there, the CRM another.
    const levels = Array.from({ length: 9 }, (_, i) => `E${i + 1}`);
    let deep = folder;
    for (const level of levels) await share.ensureFolder((deep = `${deep}${level}/`));
    expect(await share.moveFile(`${folder}Share.txt`, `${deep}Share.txt`, null)).toEqual({ kind: 'moved' });
    await share.createFile(`${deep}Neu.txt`, bytes('new, too deep'), 'text/plain');
    await asOwner(async (ctx) => {
      const record = (await findRecordFolderByRef(ctx.actor, { recordType: 'partner', recordId: partner.id }, ctx.tx))!;
      let container = 0;
      for (const level of levels) container = (await createFolder(ctx, record, container, level)).id;
      const crm = (await DocumentRecord.findOne({
        where: { recordId: partner.id, name: 'Crm.txt' },
        transaction: ctx.tx,
      }))!;
      await moveDocument(ctx, record, crm, { record, container, name: 'Crm.txt' });
    });
    // A deletion beside them still goes through: only what may be down there is held.
    await own.delete(`/api/v1/documents/${(await crmTree(collection, partner.id))['Weg.txt'].id}`).expect(204);

    for (let i = 0; i < 2; i++) {
      const report = await round(collection);
      expect(report).toMatchObject({
        status: 'ok',
        crm: { created: 0, deleted: 0 },
        remote: { created: 0, deleted: i === 0 ? 1 : 0 },
      });
      expect(report?.lastError).toContain(`${deep}Neu.txt: deeper than 8 sub-folders, not synced`);
      expect(report?.lastError).toContain(`${folder}Share.txt: moved out of reach on the share, or deleted there`);
      expect(report?.lastError).toContain(`${folder}Crm.txt: moved out of reach in the CRM (deeper than 8`);
    }
    const path = `${levels.join('/')}/`;
    expect(Object.keys(await crmTree(collection, partner.id)).sort()).toEqual([`${path}Crm.txt`, 'Share.txt'].sort());
    expect(Object.keys(await remoteTree(folder)).sort()).toEqual(
      ['Crm.txt', `${path}Neu.txt`, `${path}Share.txt`].sort(),
    );

    // Back up within reach, both files sync as renames again; nothing was lost on the way.
    expect(await share.moveFile(`${deep}Share.txt`, `${folder}E1/Share.txt`, null)).toEqual({ kind: 'moved' });
    const report = await round(collection);
    expect(report).toMatchObject({ status: 'ok', crm: { updated: 1, deleted: 0 }, remote: { deleted: 0 } });
    expect(await crmTree(collection, partner.id)).toMatchObject({ 'E1/Share.txt': { text: 'Share.txt' } });
  });

  it('a file whose href would not fit a link (500 characters, percent-encoded) is reported both ways; the rest syncs', async () => {
    const own = env.as('own');
    const partner = (await own.post('/api/v1/partners').send({ name: 'Umlaut GmbH' })).body as { id: number };
    // 50 umlauts are 50 characters of a name and 300 of an href (%C3%84 each): two such folders are too long.
    const [outer, inner] = ['Ä'.repeat(50), 'Ö'.repeat(50)];
    await asOwner(async (ctx) => {
      const record = (await findRecordFolderByRef(ctx.actor, { recordType: 'partner', recordId: partner.id }, ctx.tx))!;
      const top = await createFolder(ctx, record, 0, outer);
      const sub = await createFolder(ctx, record, top.id, inner);
      for (const [container, name] of [
        [sub.id, 'Lang.txt'],
        [top.id, 'Kurz.txt'],
      ] as const) {
        await createDocumentAt(ctx, record, container, { name, mediaType: 'text/plain', content: Buffer.from(name) });
      }
    });
    const collection = await connectShare('/dav/umlauts/');
    const folder = `/dav/umlauts/${encodeURIComponent(`Partner ${partner.id} - Umlaut GmbH`)}/`;
    const shareSub = `${folder}${encodeURIComponent(outer)}/${encodeURIComponent('Ü'.repeat(50))}/`;
    await share.ensureFolder(folder);
    await share.ensureFolder(`${folder}${encodeURIComponent(outer)}/`);
    await share.ensureFolder(shareSub);
    await share.createFile(`${shareSub}Geteilt.txt`, bytes('shared'), 'text/plain');
    for (let i = 0; i < 2; i++) {
      const report = await round(collection);
      expect(report).toMatchObject({ status: 'ok', crm: { created: 0 } });
      expect(report?.lastError).toContain(`${shareSub}Geteilt.txt: its href is longer than 500 characters, not synced`);
      expect(report?.lastError).toContain(`${outer}/${inner}/Lang.txt (CRM): its href is longer than 500 characters`);
    }
    expect(Object.keys(await crmTree(collection, partner.id)).sort()).toEqual(
      [`${outer}/${inner}/Lang.txt`, `${outer}/Kurz.txt`].sort(),
    );
    expect(Object.keys(await remoteTree(folder)).sort()).toEqual(
      [`${outer}/Kurz.txt`, `${outer}/${'Ü'.repeat(50)}/Geteilt.txt`].sort(),
    );
  });

  it('a worker whose lease was taken over cannot write a document link', async () => {
    const collection = await connectShare('/dav/fenced/');
    const port = new SyncDocumentStorage(env.services, runner.storage);
    const stale = await port.claimDocumentCollection('a', new Date(Date.now() - 120_000), 1_000, String(collection.id));
    const fresh = await port.claimDocumentCollection('b', new Date(), 60_000, String(collection.id));
    expect(stale && fresh).toBeTruthy();
    const link = {
      collectionId: String(collection.id),
      recordKey: 'partner:1',
      documentId: '1',
      href: '/dav/fenced/x.txt',
      name: 'x.txt',
      etag: null,
      size: null,
      contentHash: null,
      documentRevision: 1,
      state: 'synced' as const,
    };
    await expect(port.saveDocumentLink(stale!.fence, link)).rejects.toBeInstanceOf(LeaseLostError);
    await port.saveDocumentLink(fresh!.fence, link);
    expect(await port.documentLinkCount(String(collection.id))).toBe(1);
    // A contacts collection is not a document collection: never claimed by the document port.
    expect(await port.claimDocumentCollection('c', new Date(), 60_000, '999999')).toBeNull();
  });
});
