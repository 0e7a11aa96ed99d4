import fs from 'node:fs';
import path from 'node:path';
import { createWebDavFolderProvider } from '../../../../sync-engine/src/providers/webdav-folder';
import type { FolderProvider } from '../../../../sync-engine/src/providers/folder-provider';
import { startApacheDav, stopApacheDav, type RunningApacheDav } from '../../../support/apache-dav';

/**
 * The WebDAV-folder provider (documents) against a real Apache mod_dav share: folder tree listing without Depth
 * infinity, create with If-None-Match (parents made), update and delete with If-Match and their 412s, and Apache's
 * weak ETags for a file changed within the last second.
 */
let apache: RunningApacheDav;
let provider: FolderProvider;
beforeAll(async () => {
  apache = await startApacheDav();
  provider = createWebDavFolderProvider({
    serverUrl: apache.shareUrl,
    username: apache.user,
    password: apache.password,
  });
});
afterAll(async () => {
  await stopApacheDav(apache);
});

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (body: Uint8Array) => new TextDecoder().decode(body);
/** Ages a file on disk by a minute: Apache then vouches for its ETag (strong), as it does for any file not just written. */
const age = (href: string) => {
  const file = path.join(apache.dataDir, decodeURIComponent(href.replace(/^\/dav\//, '')));
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(file, past, past);
};

describe('WebDAV-folder provider against Apache mod_dav', () => {
  it('creates files in record folders it makes on the way, and lists the tree folder by folder', async () => {
    const pdf = '/dav/Partner/Müller GmbH (17)/Angebot 2026.pdf';
    expect(await provider.createFile(pdf, bytes('%PDF-1 offer'), 'application/pdf')).toEqual({
      kind: 'created',
      etag: null,
    });
    await provider.createFile('/dav/Partner/Müller GmbH (17)/Protokolle/Besuch.txt', bytes('visit'), 'text/plain');
    await provider.createFile(
      '/dav/Opportunity/Server (4)/Kalkulation.xlsx',
      bytes('xlsx'),
      'application/octet-stream',
    );
    const files = await provider.listTree('/dav/');
    expect(files.map((f) => decodeURI(f.href)).sort()).toEqual([
      '/dav/Opportunity/Server (4)/Kalkulation.xlsx',
      '/dav/Partner/Müller GmbH (17)/Angebot 2026.pdf',
      '/dav/Partner/Müller GmbH (17)/Protokolle/Besuch.txt',
    ]);
    const offer = files.find((f) => f.href.endsWith('2026.pdf'))!;
    // No content type: the test's Apache loads no mod_mime (a production share names one).
    expect(offer).toMatchObject({ size: 12, etag: expect.any(String) });
    const downloaded = await provider.download(offer.href);
    expect(text(downloaded!.body)).toBe('%PDF-1 offer');
    expect(await provider.download('/dav/Partner/none.pdf')).toBeNull();
  });

  it('a create where a file exists is `exists`, and the file is untouched', async () => {
    await provider.createFile('/dav/once.txt', bytes('first'), 'text/plain');
    expect(await provider.createFile('/dav/once.txt', bytes('second'), 'text/plain')).toEqual({ kind: 'exists' });
    expect(text((await provider.download('/dav/once.txt'))!.body)).toBe('first');
  });

  it('update and delete with If-Match: at the current ETag they happen, at a stale one 412, after a delete gone', async () => {
    await provider.createFile('/dav/doc.txt', bytes('v1'), 'text/plain');
    age('/dav/doc.txt');
    const { files } = await provider.listFolder('/dav/');
    const etag = files.find((f) => f.href === '/dav/doc.txt')!.etag!;
    expect(etag.startsWith('W/')).toBe(false);
    expect(await provider.updateFile('/dav/doc.txt', bytes('v2'), 'text/plain', etag)).toMatchObject({
      kind: 'updated',
    });
    expect(await provider.updateFile('/dav/doc.txt', bytes('v3'), 'text/plain', etag)).toEqual({
      kind: 'precondition-failed',
    });
    expect(text((await provider.download('/dav/doc.txt'))!.body)).toBe('v2');
    expect(await provider.deleteFile('/dav/doc.txt', etag)).toEqual({ kind: 'precondition-failed' });
    age('/dav/doc.txt');
    const current = (await provider.download('/dav/doc.txt'))!.etag;
    expect(await provider.deleteFile('/dav/doc.txt', current)).toEqual({ kind: 'deleted' });
    expect(await provider.deleteFile('/dav/doc.txt', null)).toEqual({ kind: 'gone' });
    expect(await provider.updateFile('/dav/doc.txt', bytes('v4'), 'text/plain', null)).toEqual({ kind: 'gone' });
  });

  it('a weak ETag (changed within the last second) never overwrites: 412 until Apache vouches for the tag', async () => {
    await provider.createFile('/dav/fresh.txt', bytes('v1'), 'text/plain');
    const weak = (await provider.download('/dav/fresh.txt'))!.etag!;
    expect(weak).toMatch(/^W\//);
    expect(await provider.updateFile('/dav/fresh.txt', bytes('v2'), 'text/plain', weak)).toEqual({
      kind: 'precondition-failed',
    });
    expect(text((await provider.download('/dav/fresh.txt'))!.body)).toBe('v1');
  });

  it('moveFile renames with If-Match and Overwrite: F, into folders it makes; never over a file or a newer version', async () => {
    const from = '/dav/Move/Alt.txt';
    await provider.createFile(from, bytes('old'), 'text/plain');
    await provider.createFile('/dav/Move/Belegt.txt', bytes('taken'), 'text/plain');
    age(from);
    const [listed] = (await provider.listFolder('/dav/Move/')).files.filter((f) => f.href.endsWith('Alt.txt'));
    expect(await provider.moveFile(from, '/dav/Move/Belegt.txt', listed.etag)).toEqual({ kind: 'precondition-failed' });
    expect(await provider.moveFile(from, '/dav/Move/Neu.txt', '"stale"')).toEqual({ kind: 'precondition-failed' });
    expect(await provider.moveFile(from, '/dav/Move/Archiv/2026/Neu.txt', listed.etag)).toEqual({ kind: 'moved' });
    const moved = (await provider.download('/dav/Move/Archiv/2026/Neu.txt'))!;
    expect(text(moved.body)).toBe('old');
    // The bytes and mtime move along: Apache's ETag (size-mtime) is the same, which is how a rename is recognized.
    expect(moved.etag).toBe(listed.etag);
    expect(await provider.download(from)).toBeNull();
    expect(text((await provider.download('/dav/Move/Belegt.txt'))!.body)).toBe('taken');
    expect(await provider.moveFile(from, '/dav/Move/Wieder.txt', null)).toEqual({ kind: 'gone' });
  });

  it('ensureFolder makes a nested record folder and accepts one that exists', async () => {
    await provider.ensureFolder('/dav/Partner/Neu AG (9)/Verträge/');
    await provider.ensureFolder('/dav/Partner/Neu AG (9)/Verträge/');
    const { folders } = await provider.listFolder('/dav/Partner/Neu AG (9)/');
    expect(folders.map((f) => decodeURI(f))).toEqual(['/dav/Partner/Neu AG (9)/Verträge/']);
  });

  it('a wrong password is an error, not an empty share', async () => {
    const wrong = createWebDavFolderProvider({ serverUrl: apache.shareUrl, username: 'alice', password: 'nope' });
    await expect(wrong.listTree('/dav/')).rejects.toThrow(/401/);
  });
});
