import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { asDomain } from './dav-client';
import { folderPath, hrefsOf, listen, rawRequest } from './files-client';
import { createPartner } from '../../../server/src/domain/partners/service';
import { createLead } from '../../../server/src/domain/leads/service';
import { DocumentRecord } from '../../../server/src/domain/documents/model';
import { Trace } from '../../../server/src/domain/history/model';
import { Change } from '../../../server/src/domain/changes/model';

let env: TestEnv;
let server: Server;
let port: number;
let ownPartner: { id: number; folder: string };
let own2Partner: { id: number; folder: string };
let ownDeal: { id: number; folder: string };

beforeAll(async () => {
  env = await createTestEnv();
  ({ server, port } = await listen(env));
  const a = await asDomain(env, 'own', (ctx) => createPartner(ctx, { name: 'Müller GmbH / Köln' }));
  const b = await asDomain(env, 'own2', (ctx) => createPartner(ctx, { name: 'Zweite AG' }));
  const deal = await asDomain(env, 'own', (ctx) =>
    createLead(ctx, { name: 'Website relaunch', type: 'opportunity', partnerId: a.id }),
  );
  ownPartner = { id: a.id, folder: `Partner ${a.id} - Müller GmbH Köln` };
  own2Partner = { id: b.id, folder: `Partner ${b.id} - Zweite AG` };
  ownDeal = { id: deal.id, folder: `Opportunity ${deal.id} - Website relaunch` };
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env.close();
});

const req = (...args: Parameters<typeof rawRequest> extends [number, TestEnv, ...infer R] ? R : never) =>
  rawRequest(port, env, ...args);
const depth1 = { Depth: '1', 'Content-Type': 'application/xml' };

describe('WebDAV files: record folders', () => {
  it('lists a folder per visible partner and opportunity, with readable, URL-encoded names', async () => {
    const res = await req('own', 'PROPFIND', '/dav/files/', '', depth1);
    expect(res.status).toBe(207);
    const hrefs = hrefsOf(res.text);
    expect(hrefs).toEqual(
      expect.arrayContaining(['/dav/files/', `/dav/files/${ownPartner.folder}/`, `/dav/files/${ownDeal.folder}/`]),
    );
    expect(hrefs).not.toContain(`/dav/files/${own2Partner.folder}/`);
    expect(res.text).toContain('<d:collection/>');
  });

  it("keeps another user's record folder hidden (404 for PROPFIND, GET, PUT, MKCOL inside it)", async () => {
    const other = folderPath(own2Partner.folder);
    expect((await req('own', 'PROPFIND', other, '', depth1)).status).toBe(404);
    expect((await req('own', 'PUT', `${other}x.txt`, 'x')).status).toBe(404);
    expect((await req('own', 'MKCOL', `${other}sub/`)).status).toBe(404);
    expect((await req('own', 'GET', `${other}x.txt`)).status).toBe(404);
    expect(await DocumentRecord.count({ where: { recordType: 'partner', recordId: own2Partner.id } })).toBe(0);
  });

  it('refuses MKCOL and PUT at the top level with the reason (folders there are CRM records)', async () => {
    const mkcol = await req('own', 'MKCOL', '/dav/files/New%20folder/');
    expect(mkcol.status).toBe(403);
    expect(mkcol.text).toMatch(/CRM partner and opportunity/);
    expect((await req('own', 'PUT', '/dav/files/loose.txt', 'x')).status).toBe(403);
    expect((await req('own', 'DELETE', folderPath(ownPartner.folder))).status).toBe(403);
  });

  it('requires Basic auth and advertises class 1, not 2', async () => {
    const anonymous = await req(null, 'PROPFIND', '/dav/files/', '', depth1);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/);
    const options = await req(null, 'OPTIONS', '/dav/files/');
    expect(options.headers.dav).toBe('1, 3');
    expect(options.headers.allow).toContain('PROPFIND');
    expect(options.headers.allow).not.toContain('LOCK');
  });
});

describe('WebDAV files: documents', () => {
  const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe, 0x0a, 0x80]);

  it('PUT creates a CRM document on the record, visible through the REST API with the same bytes', async () => {
    const put = await req('own', 'PUT', `${folderPath(ownPartner.folder)}Angebot%202025.pdf`, bytes);
    expect(put.status).toBe(201);
    expect(put.headers.etag).toMatch(/^"[0-9a-f]{40}"$/);
    const list = await env.as('own').get(`/api/v1/documents?recordType=partner&recordId=${ownPartner.id}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const doc = list.body.items[0];
    expect(doc).toMatchObject({
      name: 'Angebot 2025.pdf',
      mediaType: 'application/pdf',
      size: bytes.length,
      createdById: env.users.own.id,
    });
    const content = await env
      .as('own')
      .get(`/api/v1/documents/${doc.id}/content`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(Buffer.compare(content.body as Buffer, bytes)).toBe(0);
    expect(await Trace.count({ where: { recordType: 'partner', recordId: ownPartner.id, action: 'document' } })).toBe(
      1,
    );
    expect(await Change.count({ where: { collection: 'documents', entityId: doc.id, deleted: false } })).toBe(1);
  });

  it('GET and HEAD answer the bytes with ETag, Content-Type and Content-Length; PROPFIND lists the file', async () => {
    const url = `${folderPath(ownPartner.folder)}Angebot%202025.pdf`;
    const get = await req('own', 'GET', url);
    expect(get.status).toBe(200);
    expect(Buffer.compare(get.body, bytes)).toBe(0);
    expect(get.headers['content-type']).toBe('application/pdf');
    expect(get.headers['content-length']).toBe(String(bytes.length));
    const head = await req('own', 'HEAD', url);
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.body.length).toBe(0);
    const listing = await req('own', 'PROPFIND', folderPath(ownPartner.folder), '', depth1);
    expect(hrefsOf(listing.text)).toContain(`/dav/files/${ownPartner.folder}/Angebot 2025.pdf`);
    expect(listing.text).toContain(`<d:getcontentlength>${bytes.length}</d:getcontentlength>`);
    expect(listing.text).toContain(`<d:getetag>${String(get.headers.etag)}</d:getetag>`);
  });

  it('PUT on an existing name replaces the same CRM document (204, new ETag); stale If-Match is 412', async () => {
    const url = `${folderPath(ownPartner.folder)}Angebot%202025.pdf`;
    const before = await DocumentRecord.findOne({ where: { recordType: 'partner', recordId: ownPartner.id } });
    expect((await req('own', 'PUT', url, 'part', { 'Content-Range': 'bytes 0-3/100' })).status).toBe(400);
    const stale = await req('own', 'PUT', url, 'v2', { 'If-Match': '"0000"' });
    expect(stale.status).toBe(412);
    const put = await req('own', 'PUT', url, 'second version', { 'Content-Type': 'application/pdf' });
    expect(put.status).toBe(204);
    const after = await DocumentRecord.findAll({ where: { recordType: 'partner', recordId: ownPartner.id } });
    expect(after).toHaveLength(1);
    expect(after[0].id).toBe(before!.id);
    expect(Number(after[0].size)).toBe('second version'.length);
    expect((await req('own', 'GET', url)).text).toBe('second version');
  });

  it('MOVE to the opportunity folder re-links the document to the opportunity in the CRM', async () => {
    const from = `${folderPath(ownPartner.folder)}Angebot%202025.pdf`;
    const to = `http://127.0.0.1:${port}${folderPath(ownDeal.folder)}Angebot.pdf`;
    const move = await req('own', 'MOVE', from, undefined, { Destination: to });
    expect(move.status).toBe(201);
    const deal = await env.as('own').get(`/api/v1/documents?recordType=lead&recordId=${ownDeal.id}`);
    expect(deal.body.items.map((d: { name: string }) => d.name)).toEqual(['Angebot.pdf']);
    const partner = await env.as('own').get(`/api/v1/documents?recordType=partner&recordId=${ownPartner.id}`);
    expect(partner.body.items).toHaveLength(0);
  });

  it('COPY honours Overwrite: F (412) and refuses a destination in another server or outside the tree', async () => {
    const src = `${folderPath(ownDeal.folder)}Angebot.pdf`;
    await req('own', 'PUT', `${folderPath(ownDeal.folder)}Other.txt`, 'other');
    const f = await req('own', 'COPY', src, undefined, {
      Destination: `${folderPath(ownDeal.folder)}Other.txt`,
      Overwrite: 'F',
    });
    expect(f.status).toBe(412);
    expect((await req('own', 'GET', `${folderPath(ownDeal.folder)}Other.txt`)).text).toBe('other');
    expect(
      (await req('own', 'COPY', src, undefined, { Destination: 'http://elsewhere.example/dav/files/x' })).status,
    ).toBe(502);
    expect((await req('own', 'COPY', src, undefined, { Destination: '/dav/addressbooks/x' })).status).toBe(403);
    expect((await req('own', 'COPY', src, undefined, {})).status).toBe(400);
    const other = await req('own', 'COPY', src, undefined, {
      Destination: `${folderPath(own2Partner.folder)}stolen.pdf`,
    });
    expect(other.status).toBe(404);
    const t = await req('own', 'COPY', src, undefined, { Destination: `${folderPath(ownPartner.folder)}Kopie.pdf` });
    expect(t.status).toBe(201);
    expect((await req('own', 'GET', `${folderPath(ownPartner.folder)}Kopie.pdf`)).text).toBe('second version');
  });

  it('DELETE removes the CRM document (tombstone in the change log)', async () => {
    const doc = await DocumentRecord.findOne({
      where: { recordType: 'lead', recordId: ownDeal.id, name: 'Other.txt' },
    });
    const res = await req('own', 'DELETE', `${folderPath(ownDeal.folder)}Other.txt`);
    expect(res.status).toBe(204);
    expect(await DocumentRecord.findByPk(doc!.id)).toBeNull();
    expect(await Change.count({ where: { collection: 'documents', entityId: doc!.id, deleted: true } })).toBe(1);
    expect((await req('own', 'DELETE', `${folderPath(ownDeal.folder)}Other.txt`)).status).toBe(404);
  });
});

describe('WebDAV files: names and sub-folders', () => {
  it('shows two REST documents with the same name under distinct, stable names', async () => {
    const upload = (body: string) =>
      env
        .as('own')
        .post(`/api/v1/documents?recordType=partner&recordId=${ownPartner.id}&name=Offer.pdf`)
        .set('Content-Type', 'application/pdf')
        .send(Buffer.from(body));
    const first = await upload('first offer');
    const second = await upload('second offer');
    expect([first.status, second.status]).toEqual([201, 201]);
    const listing = await req('own', 'PROPFIND', folderPath(ownPartner.folder), '', depth1);
    const hrefs = hrefsOf(listing.text);
    expect(hrefs).toContain(`/dav/files/${ownPartner.folder}/Offer.pdf`);
    expect(hrefs).toContain(`/dav/files/${ownPartner.folder}/Offer (${second.body.id}).pdf`);
    expect(
      (
        await req(
          'own',
          'GET',
          `${folderPath(ownPartner.folder)}${encodeURIComponent(`Offer (${second.body.id}).pdf`)}`,
        )
      ).text,
    ).toBe('second offer');
  });

  it('stores the same bytes under a second name as a second document (a WebDAV name must exist after PUT)', async () => {
    const put = await req('own', 'PUT', `${folderPath(ownPartner.folder)}Offer-copy.pdf`, 'first offer');
    expect(put.status).toBe(201);
    expect((await req('own', 'GET', `${folderPath(ownPartner.folder)}Offer-copy.pdf`)).text).toBe('first offer');
    expect(
      await DocumentRecord.count({ where: { recordType: 'partner', recordId: ownPartner.id, name: 'Offer-copy.pdf' } }),
    ).toBe(1);
  });

  it('keeps documents in sub-folders on the record, and DELETE of a folder deletes them as CRM documents', async () => {
    const sub = `${folderPath(ownPartner.folder)}${encodeURIComponent('Verträge')}/`;
    expect((await req('own', 'MKCOL', sub)).status).toBe(201);
    expect((await req('own', 'MKCOL', sub)).status).toBe(405);
    expect((await req('own', 'PUT', `${sub}v1.txt`, 'vertrag')).status).toBe(201);
    expect((await req('own', 'PUT', sub, 'x')).status).toBe(405);
    const rest = await env.as('own').get(`/api/v1/documents?recordType=partner&recordId=${ownPartner.id}`);
    expect(rest.body.items.map((d: { name: string }) => d.name)).toContain('v1.txt');
    const shallow = await req('own', 'COPY', sub, undefined, {
      Destination: `${folderPath(ownPartner.folder)}Leer/`,
      Depth: '0',
    });
    expect(shallow.status).toBe(201);
    const empty = await req('own', 'PROPFIND', `${folderPath(ownPartner.folder)}Leer/`, '', depth1);
    expect(hrefsOf(empty.text)).toHaveLength(1);
    expect((await req('own', 'DELETE', sub)).status).toBe(204);
    expect(
      await DocumentRecord.count({ where: { recordType: 'partner', recordId: ownPartner.id, name: 'v1.txt' } }),
    ).toBe(0);
    expect((await req('own', 'PROPFIND', sub, '', depth1)).status).toBe(404);
  });

  it('stores dead properties, refuses DAV: ones atomically (403 + 424)', async () => {
    const url = `${folderPath(ownPartner.folder)}Offer-copy.pdf`;
    const patch = (body: string) => req('own', 'PROPPATCH', url, body, { 'Content-Type': 'application/xml' });
    const mixed = await patch(
      '<d:propertyupdate xmlns:d="DAV:" xmlns:z="urn:z"><d:set><d:prop><z:color>red</z:color><d:getetag>x</d:getetag></d:prop></d:set></d:propertyupdate>',
    );
    expect(mixed.status).toBe(207);
    expect(mixed.text).toMatch(/424 Failed Dependency/);
    expect(mixed.text).toMatch(/403 Forbidden/);
    const ok = await patch(
      '<d:propertyupdate xmlns:d="DAV:" xmlns:z="urn:z"><d:set><d:prop><z:color>blue</z:color></d:prop></d:set></d:propertyupdate>',
    );
    expect(ok.text).toMatch(/200 OK/);
    const get = await req(
      'own',
      'PROPFIND',
      url,
      '<d:propfind xmlns:d="DAV:" xmlns:z="urn:z"><d:prop><z:color/></d:prop></d:propfind>',
      { Depth: '0' },
    );
    expect(get.text).toMatch(/<x:color xmlns:x="urn:z">blue<\/x:color>/);
  });
});

describe('WebDAV files: path tricks', () => {
  it.each([
    ['dot-dot segment', '/..%2f'],
    ['encoded dot-dot', '/%2e%2e/'],
    ['double-encoded dot-dot', '/%252e%252e/'],
    ['overlong UTF-8 dot', '/%c0%ae%c0%ae/'],
    ['encoded backslash', '/a%5cb'],
    ['NUL byte', '/a%00b'],
    ['fragment', '/a#b'],
  ])('answers 400 for a %s and writes nothing', async (_label, suffix) => {
    const count = await DocumentRecord.count();
    const url = folderPath(ownPartner.folder).replace(/\/$/, '') + suffix;
    const res = await req('own', 'PUT', url, 'x');
    expect(res.status).toBe(400);
    expect(await DocumentRecord.count()).toBe(count);
  });

  it('answers 400 for a plain ../ walk to another record, 404 for a record that is not there, 409 for a missing parent', async () => {
    const walk = `${folderPath(ownPartner.folder)}../${encodeURIComponent(own2Partner.folder)}/x.txt`;
    expect((await req('own', 'PUT', walk, 'x')).status).toBe(400);
    expect((await req('own', 'PROPFIND', '/dav/files/Partner%2099999/', '', depth1)).status).toBe(404);
    expect((await req('own', 'PUT', `${folderPath(ownPartner.folder)}missing/x.txt`, 'x')).status).toBe(409);
  });
});

/** `<- summary for `basic': of 16 tests run: 16 passed, 0 failed. 100.0%` → suite → {run, passed, failed}. Pure. */
function litmusSummaries(output: string): Map<string, { run: number; passed: number; failed: number }> {
  const summaries = new Map<string, { run: number; passed: number; failed: number }>();
  for (const m of output.matchAll(/<- summary for `(\w+)': of (\d+) tests run: (\d+) passed, (\d+) failed/g)) {
    summaries.set(m[1], { run: Number(m[2]), passed: Number(m[3]), failed: Number(m[4]) });
  }
  return summaries;
}

describe('WebDAV files: litmus', () => {
  it('passes litmus basic, copymove, props and http in a record folder', async () => {
    const scratch = await asDomain(env, 'all', (ctx) => createPartner(ctx, { name: 'Litmus Scratch' }));
    const url = `http://127.0.0.1:${port}${folderPath(`Partner ${scratch.id} - Litmus Scratch`)}`;
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-litmus-'));
    const output = await new Promise<string>((resolve) => {
      execFile(
        'litmus',
        [url, env.users.all.email, env.users.all.token],
        { cwd, timeout: 120_000, env: { ...process.env, TESTS: 'basic copymove props http' } },
        (_err, stdout, stderr) => resolve(stdout + stderr),
      );
    });
    fs.rmSync(cwd, { recursive: true, force: true });
    const summaries = litmusSummaries(output);
    expect([...summaries.keys()]).toEqual(['basic', 'copymove', 'props', 'http']);
    for (const [suite, summary] of summaries) {
      expect({ suite, failed: summary.failed, passed: summary.passed }).toEqual({
        suite,
        failed: 0,
        passed: summary.run,
      });
      expect(summary.run).toBeGreaterThan(3);
    }
    // litmus' own files became CRM documents of the scratch partner and were cleaned up by litmus again.
    expect(
      await Trace.count({ where: { recordType: 'partner', recordId: scratch.id, action: 'document' } }),
    ).toBeGreaterThan(10);
  }, 180_000);
});
