import fs from 'node:fs';
import path from 'node:path';
import { runDocumentRound } from '../../../../sync-engine/src/engine/documents/run-documents';
import type { RoundReport } from '../../../../sync-engine/src/engine/round-context';
import type { FolderProvider } from '../../../../sync-engine/src/providers/folder-provider';
import { createWebDavFolderProvider } from '../../../../sync-engine/src/providers/webdav-folder';
import type { FetchLike } from '../../../../sync-engine/src/providers/dav/connection';
import { startApacheDav, stopApacheDav, type RunningApacheDav } from '../../../support/apache-dav';
import { CrashInjector, SimulatedCrash, type CrashPoint } from '../../support/crash';
import { MemoryDocumentStorage } from '../../support/memory-document-storage';

/**
 * The engine's document round through the runner against a real Apache mod_dav share (issue #11: a remote WebDAV
 * folder ↔ the documents of CRM records, one sub-folder per record named as Akte's /dav/files/ names it), with the
 * in-memory storage port: files land on records and documents appear in folders, item 15 (both versions kept), a
 * crash between the remote create and the link commit, a partial listing and the deletion guard.
 *
 * Apache marks an ETag weak for a second after a change and refuses an If-Match on it (webdav-folder/etags.ts:
 * correct, and retried by the next round). The tests age the share's fresh files by a minute before each round — as
 * any file not written in the last second is — so that every round can write.
 */
let apache: RunningApacheDav;
beforeAll(async () => {
  apache = await startApacheDav();
});
afterAll(async () => {
  await stopApacheDav(apache);
});

const bytes = (text: string) => new TextEncoder().encode(text);
const LEASE_MS = 60_000;

/** Files changed within the last 2 s, a minute older: Apache then vouches for their ETags (strong). */
function ageFreshFiles(dir = apache.dataDir): void {
  const recent = Date.now() - 2_000;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) ageFreshFiles(full);
    else if (fs.statSync(full).mtimeMs > recent) {
      const past = new Date(Date.now() - 60_000);
      fs.utimesSync(full, past, past);
    }
  }
}

class DocumentWorld {
  readonly storage = new MemoryDocumentStorage();
  readonly provider: FolderProvider;
  /** Another client of the share (a desktop, a colleague's Nextcloud sync). */
  readonly other: FolderProvider;
  clock = Date.UTC(2026, 11, 6, 23, 9);

  constructor(
    readonly root: string,
    fetch?: FetchLike,
  ) {
    const account = { serverUrl: apache.shareUrl, username: apache.user, password: apache.password };
    this.provider = createWebDavFolderProvider({ ...account, fetch });
    this.other = createWebDavFolderProvider(account);
    this.storage.addDocumentCollection({ id: 'docs', remoteHref: root });
  }

  folder(recordKey: string): string {
    return `${this.root}${encodeURIComponent(this.storage.folderNameOf(recordKey))}/`;
  }

  async round(options: { crash?: CrashPoint; provider?: FolderProvider } = {}): Promise<RoundReport> {
    ageFreshFiles();
    this.clock += LEASE_MS + 1;
    const injector = new CrashInjector(options.crash ?? null);
    const report = await runDocumentRound({
      port: injector.wrap(this.storage, 'port'),
      provider: injector.wrap(options.provider ?? this.provider, 'remote'),
      owner: 'worker',
      now: () => new Date(this.clock),
      leaseMs: LEASE_MS,
    }).catch((err: unknown) => {
      if (err instanceof SimulatedCrash) return null;
      throw err;
    });
    if (options.crash) {
      expect(injector.crashedAt).not.toBeNull();
      return report!;
    }
    return report!;
  }

  /** name → text of a remote record folder's files. */
  async remoteTexts(folderHref: string): Promise<Record<string, string>> {
    const texts: Record<string, string> = {};
    const { files } = await this.other.listFolder(folderHref).catch(() => ({ files: [] }));
    for (const file of files) {
      const downloaded = await this.other.download(file.href);
      texts[decodeURIComponent(file.href.split('/').pop()!)] = new TextDecoder().decode(downloaded!.body);
    }
    return texts;
  }

  /** path below the folder → text, sub-folders included. */
  async remoteTree(folderHref: string): Promise<Record<string, string>> {
    const texts: Record<string, string> = {};
    for (const file of await this.other.listTree(folderHref)) {
      const downloaded = await this.other.download(file.href);
      const path = file.href.slice(folderHref.length).split('/').map(decodeURIComponent).join('/');
      texts[path] = new TextDecoder().decode(downloaded!.body);
    }
    return texts;
  }

  async editRemote(href: string, text: string): Promise<void> {
    ageFreshFiles();
    const etag = (await this.other.download(href))!.etag;
    expect(await this.other.updateFile(href, bytes(text), 'text/plain', etag)).toMatchObject({ kind: 'updated' });
  }

  /** A round after which another round must write nothing on either side. */
  async expectQuiet(): Promise<void> {
    await this.round();
    const writes = this.storage.engineWrites;
    const report = await this.round();
    expect(report).toMatchObject({
      status: 'ok',
      remote: { created: 0, updated: 0, deleted: 0 },
      crm: { created: 0, updated: 0, deleted: 0 },
      conflicts: 0,
    });
    expect(this.storage.engineWrites).toBe(writes);
  }
}

describe('document round against Apache mod_dav', () => {
  it('a CRM document appears in its record folder, a file dropped there lands on the record, then all is quiet', async () => {
    const world = new DocumentWorld('/dav/round1/');
    const partner = world.storage.addRecord('partner', 12, 'Müller GmbH');
    const opportunity = world.storage.addRecord('opportunity', 7, 'Relaunch');
    world.storage.userAddDocument(partner, 'Angebot.pdf', 'offer v1');

    expect(await world.round()).toMatchObject({ status: 'ok', remote: { created: 1 } });
    expect(await world.remoteTexts('/dav/round1/Partner%2012%20-%20M%C3%BCller%20GmbH/')).toEqual({
      'Angebot.pdf': 'offer v1',
    });

    await world.other.createFile(`${world.folder(partner)}Besuch.txt`, bytes('visit'), 'text/plain');
    // Only the number names the record (as on /dav/files/): a folder a desktop made as `Opportunity 7` is its folder.
    await world.other.createFile('/dav/round1/Opportunity%207/Plan.txt', bytes('plan'), 'text/plain');
    await world.other.createFile('/dav/round1/Fotos/Urlaub.txt', bytes('not a record'), 'text/plain');
    expect(await world.round()).toMatchObject({ status: 'ok', crm: { created: 2 }, lastError: null });
    expect(world.storage.textsOf(partner)).toEqual({ 'Angebot.pdf': 'offer v1', 'Besuch.txt': 'visit' });
    expect(world.storage.textsOf(opportunity)).toEqual({ 'Plan.txt': 'plan' });

    // Edits travel by bytes: a CRM edit goes out, a remote edit comes in.
    const offer = [...world.storage.documents.values()].find((d) => d.name === 'Angebot.pdf')!.id;
    world.storage.userReplaceDocument(offer, 'offer v2');
    await world.editRemote(`${world.folder(partner)}Besuch.txt`, 'visit, with notes');
    expect(await world.round()).toMatchObject({ status: 'ok', remote: { updated: 1 }, crm: { updated: 1 } });
    expect(await world.remoteTexts(world.folder(partner))).toEqual(world.storage.textsOf(partner));
    await world.expectQuiet();
  });

  it('item 15: a file changed on both sides keeps both versions, the remote one as "name (conflict …)", on both sides', async () => {
    const world = new DocumentWorld('/dav/round15/');
    const partner = world.storage.addRecord('partner', 3, 'Schmidt KG');
    const id = world.storage.userAddDocument(partner, 'Angebot.pdf', 'base');
    await world.round();

    world.storage.userReplaceDocument(id, 'edited in the CRM');
    await world.editRemote(`${world.folder(partner)}Angebot.pdf`, 'edited on the share');
    const report = await world.round();
    expect(report).toMatchObject({ status: 'ok', conflicts: 1, lastError: null });

    const stamp = new Date(world.clock).toISOString().slice(0, 16).replace('T', ' ').replace(':', '-');
    const both = {
      'Angebot.pdf': 'edited in the CRM',
      [`Angebot (conflict ${stamp}).pdf`]: 'edited on the share',
    };
    expect(world.storage.textsOf(partner)).toEqual(both);
    expect(await world.remoteTexts(world.folder(partner))).toEqual(both);
    await world.expectQuiet();
    expect(world.storage.textsOf(partner)).toEqual(both);
  });

  it('item 15 with a crash after the conflict copy is committed: the rerun makes no second copy', async () => {
    const world = new DocumentWorld('/dav/round15crash/');
    const partner = world.storage.addRecord('partner', 4, 'Crash AG');
    const id = world.storage.userAddDocument(partner, 'Vertrag.txt', 'base');
    await world.round();
    world.storage.userReplaceDocument(id, 'crm side');
    await world.editRemote(`${world.folder(partner)}Vertrag.txt`, 'share side');

    await world.round({ crash: { method: 'port.createDocument', nth: 1, when: 'after' } });
    expect(await world.round()).toMatchObject({ status: 'ok' });
    const texts = world.storage.textsOf(partner);
    expect(Object.values(texts).sort()).toEqual(['crm side', 'share side']);
    expect(texts['Vertrag.txt']).toBe('crm side');
    expect(await world.remoteTexts(world.folder(partner))).toEqual(texts);
    await world.expectQuiet();
  });

  it('item 1 for files: a crash between the remote create and the link commit leaves no duplicate', async () => {
    const world = new DocumentWorld('/dav/round1crash/');
    const partner = world.storage.addRecord('partner', 5, 'Once GmbH');
    world.storage.userAddDocument(partner, 'Preisliste.txt', 'prices');

    await world.round({ crash: { method: 'remote.createFile', nth: 1, when: 'after' } });
    expect(await world.remoteTexts(world.folder(partner))).toEqual({ 'Preisliste.txt': 'prices' });
    expect(world.storage.allDocumentLinks).toEqual([expect.objectContaining({ state: 'pending-create' })]);

    expect(await world.round()).toMatchObject({ status: 'ok', crm: { created: 0 } });
    expect(await world.remoteTexts(world.folder(partner))).toEqual({ 'Preisliste.txt': 'prices' });
    expect(world.storage.textsOf(partner)).toEqual({ 'Preisliste.txt': 'prices' });
    expect(world.storage.allDocumentLinks).toEqual([expect.objectContaining({ state: 'synced' })]);
    await world.expectQuiet();
  });

  it('modify beats delete: a file deleted on the share while edited in the CRM comes back', async () => {
    const world = new DocumentWorld('/dav/modify/');
    const partner = world.storage.addRecord('partner', 6, 'Back AG');
    const id = world.storage.userAddDocument(partner, 'Notiz.txt', 'v1');
    await world.round();
    ageFreshFiles();
    const href = `${world.folder(partner)}Notiz.txt`;
    await world.other.deleteFile(href, (await world.other.download(href))!.etag);
    world.storage.userReplaceDocument(id, 'v2');
    expect(await world.round()).toMatchObject({ status: 'ok', remote: { created: 1 }, crm: { deleted: 0 } });
    expect(await world.remoteTexts(world.folder(partner))).toEqual({ 'Notiz.txt': 'v2' });
  });

  it('a partial listing deletes nothing: a record folder that does not answer fails the round before any write', async () => {
    let failFolder: string | null = null;
    const flaky: FetchLike = async (input, init) => {
      if (init?.method === 'PROPFIND' && failFolder && String(input).includes(failFolder)) {
        return new Response('busy', { status: 503 });
      }
      return fetch(input, init);
    };
    const world = new DocumentWorld('/dav/partial/', flaky);
    const a = world.storage.addRecord('partner', 8, 'Alpha');
    const b = world.storage.addRecord('partner', 9, 'Beta');
    world.storage.userAddDocument(a, 'a.txt', 'a');
    world.storage.userAddDocument(b, 'b.txt', 'b');
    await world.round();
    ageFreshFiles();
    const href = `${world.folder(a)}a.txt`;
    await world.other.deleteFile(href, (await world.other.download(href))!.etag);

    failFolder = 'Partner%209';
    const writes = world.storage.engineWrites;
    expect(await world.round()).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/503/) });
    expect(world.storage.engineWrites).toBe(writes);
    expect(world.storage.textsOf(a)).toEqual({ 'a.txt': 'a' });

    failFolder = null;
    expect(await world.round()).toMatchObject({ status: 'ok', crm: { deleted: 1 } });
    expect(world.storage.textsOf(a)).toEqual({});
    expect(world.storage.textsOf(b)).toEqual({ 'b.txt': 'b' });
  });

  it('the deletion guard: more than max(20, 10 %) files gone trips the round with nothing deleted, until confirmed', async () => {
    const world = new DocumentWorld('/dav/guard/');
    const keep = world.storage.addRecord('partner', 10, 'Keep');
    const lose = world.storage.addRecord('partner', 11, 'Lose');
    world.storage.userAddDocument(keep, 'keep.txt', 'keep');
    for (let i = 0; i < 21; i++) world.storage.userAddDocument(lose, `f${i}.txt`, `f${i}`);
    await world.round();
    ageFreshFiles();
    for (const file of (await world.other.listFolder(world.folder(lose))).files) {
      await world.other.deleteFile(file.href, file.etag);
    }

    const tripped = await world.round();
    expect(tripped).toMatchObject({ status: 'guard-tripped', lastError: expect.stringMatching(/21 deletions/) });
    expect(Object.keys(world.storage.textsOf(lose))).toHaveLength(21);

    world.storage.confirmDeletions('docs', 21);
    expect(await world.round()).toMatchObject({ status: 'ok', crm: { deleted: 21 } });
    expect(world.storage.textsOf(lose)).toEqual({});
    expect(world.storage.textsOf(keep)).toEqual({ 'keep.txt': 'keep' });
  });
});

describe('renames and sub-folders against Apache mod_dav', () => {
  it('a rename on either side is a rename on the other (MOVE / the same document), and sub-folders sync by path', async () => {
    const world = new DocumentWorld('/dav/rename/');
    const partner = world.storage.addRecord('partner', 21, 'Umbenannt GmbH');
    const folder = world.folder(partner);
    const offer = world.storage.userAddDocument(partner, 'Angebot.txt', 'offer');
    const contract = world.storage.userAddDocument(partner, 'Vertrag.txt', 'contract');
    world.storage.userAddDocument(partner, 'Belege/Quittung.txt', 'receipt');
    expect(await world.round()).toMatchObject({ status: 'ok', remote: { created: 3 } });
    expect(await world.remoteTree(folder)).toEqual({
      'Angebot.txt': 'offer',
      'Vertrag.txt': 'contract',
      'Belege/Quittung.txt': 'receipt',
    });

    // A desktop moves the offer into a new sub-folder under a new name; the CRM renames the contract.
    expect(await world.other.moveFile(`${folder}Angebot.txt`, `${folder}Archiv/Angebot%202026.txt`, null)).toEqual({
      kind: 'moved',
    });
    world.storage.userRenameDocument(contract, 'Vertrag unterschrieben.txt');
    const links = world.storage.allDocumentLinks.length;
    expect(await world.round()).toMatchObject({
      status: 'ok',
      lastError: null,
      crm: { created: 0, updated: 1, deleted: 0 },
      remote: { created: 0, updated: 1, deleted: 0 },
    });
    expect(world.storage.documents.get(offer)).toMatchObject({ name: 'Archiv/Angebot 2026.txt', deleted: false });
    expect(world.storage.documents.get(contract)).toMatchObject({ name: 'Vertrag unterschrieben.txt' });
    expect(await world.remoteTree(folder)).toEqual(world.storage.textsOf(partner));
    expect(world.storage.allDocumentLinks).toHaveLength(links);

    // A file dropped into a sub-folder lands on the record under its path; an edit in a sub-folder comes in.
    await world.other.createFile(`${folder}Belege/Taxi.txt`, bytes('taxi'), 'text/plain');
    await world.editRemote(`${folder}Belege/Quittung.txt`, 'receipt v2');
    expect(await world.round()).toMatchObject({ status: 'ok', crm: { created: 1, updated: 1 } });
    expect(world.storage.textsOf(partner)).toEqual({
      'Archiv/Angebot 2026.txt': 'offer',
      'Vertrag unterschrieben.txt': 'contract',
      'Belege/Quittung.txt': 'receipt v2',
      'Belege/Taxi.txt': 'taxi',
    });
    await world.expectQuiet();
  });

  it('a crash between the MOVE of a CRM rename and its link: the next round finds the file under the new name', async () => {
    const world = new DocumentWorld('/dav/rename-crash/');
    const partner = world.storage.addRecord('partner', 23, 'Absturz KG');
    const id = world.storage.userAddDocument(partner, 'Alt.txt', 'text');
    await world.round();
    world.storage.userRenameDocument(id, 'Ordner/Neu.txt');

    await world.round({ crash: { method: 'remote.moveFile', nth: 1, when: 'after' } });
    expect(await world.remoteTree(world.folder(partner))).toEqual({ 'Ordner/Neu.txt': 'text' });
    expect(await world.round()).toMatchObject({ status: 'ok', lastError: null, crm: { created: 0, deleted: 0 } });
    expect(world.storage.textsOf(partner)).toEqual({ 'Ordner/Neu.txt': 'text' });
    expect(world.storage.allDocumentLinks).toEqual([
      expect.objectContaining({ name: 'Ordner/Neu.txt', state: 'synced' }),
    ]);
    await world.expectQuiet();
  });

  it('a file copied to a new name and deleted (a new ETag) is found by its bytes: renamed, not deleted and re-created', async () => {
    const world = new DocumentWorld('/dav/rename-hash/');
    const partner = world.storage.addRecord('partner', 22, 'Kopie AG');
    const folder = world.folder(partner);
    const id = world.storage.userAddDocument(partner, 'Preise.txt', 'prices');
    await world.round();

    const old = (await world.other.download(`${folder}Preise.txt`))!;
    await world.other.createFile(`${folder}Preise%202027.txt`, old.body, 'text/plain');
    await world.other.deleteFile(`${folder}Preise.txt`, null);
    expect(await world.round()).toMatchObject({
      status: 'ok',
      lastError: null,
      crm: { created: 0, updated: 1, deleted: 0 },
      remote: { created: 0, deleted: 0 },
    });
    expect(world.storage.textsOf(partner)).toEqual({ 'Preise 2027.txt': 'prices' });
    expect(world.storage.documents.get(id)).toMatchObject({ name: 'Preise 2027.txt', deleted: false });
    await world.expectQuiet();
  });
});
