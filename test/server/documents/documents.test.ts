import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { changeRows, countRows, makeLead, makePartner } from '../history/records';

let env: TestEnv;
let ownPartner: number;
let ownLead: number;
let own2Partner: number;
beforeAll(async () => {
  env = await createTestEnv();
  ownPartner = await makePartner(env, 'own', 'Doc Partner');
  ownLead = await makeLead(env, 'own', ownPartner);
  own2Partner = await makePartner(env, 'own2', 'Other Doc Partner');
});
afterAll(async () => {
  await env.close();
});

const sha = (content: Buffer | string) => createHash('sha256').update(content).digest('hex');
const blobPath = (hash: string) =>
  path.join(env.services.config.dataDir, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash);
const upload = (who: 'own' | 'own2' | 'all', query: string, content: Buffer | string, type = 'application/pdf') =>
  env.as(who).post(`/api/v1/documents?${query}`).set('Content-Type', type).send(content);

describe('uploading', () => {
  it('stores the bytes content-addressed and answers 200 with the existing document for the same content', async () => {
    const content = '%PDF-1.4 offer';
    const res = await upload('own', `recordType=lead&recordId=${ownLead}&name=Angebot.pdf`, content);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      recordType: 'lead',
      recordId: ownLead,
      name: 'Angebot.pdf',
      mediaType: 'application/pdf',
      size: content.length,
      sha256: sha(content),
      createdById: env.users.own.id,
    });
    expect(fs.readFileSync(blobPath(sha(content)), 'utf8')).toBe(content);

    const again = await upload('own', `recordType=lead&recordId=${ownLead}&name=Copy.pdf`, content);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    expect(await countRows(env, 'documents', `sha256 = '${sha(content)}'`)).toBe(1);

    // The same bytes on another record are a second document sharing one blob.
    const elsewhere = await upload('own', `recordType=partner&recordId=${ownPartner}&name=Angebot.pdf`, content);
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.id).not.toBe(res.body.id);

    const history = await env.as('own').get(`/api/v1/history?recordType=lead&recordId=${ownLead}`);
    expect(history.body.items[0]).toMatchObject({
      action: 'document',
      partnerId: ownPartner,
      changes: { documentId: res.body.id, name: 'Angebot.pdf' },
    });
    expect((await changeRows(env, 'documents')).filter((c) => c.entityId === res.body.id)).toEqual([
      { revision: res.body.revision, entity: 'document', entityId: res.body.id, uid: res.body.uid, deleted: false },
    ]);
  });

  it('keeps a JSON file byte for byte', async () => {
    const json = '{"not": "parsed",   "spacing": true}';
    const res = await upload(
      'own',
      `recordType=partner&recordId=${ownPartner}&name=data.json`,
      json,
      'application/json',
    );
    expect(res.status).toBe(201);
    const body = await env
      .as('own')
      .get(`/api/v1/documents/${res.body.id}/content`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect((body.body as Buffer).toString('utf8')).toBe(json);
  });

  it('rejects bad names, media types, empty bodies and invisible records, storing nothing', async () => {
    const before = await countRows(env, 'documents');
    const q = `recordType=partner&recordId=${ownPartner}`;
    const bad: Array<[string, Buffer | string, string, string]> = [
      [`${q}&name=${encodeURIComponent('../etc/passwd')}`, 'x', 'text/plain', 'name'],
      [`${q}&name=${encodeURIComponent('a\\b.txt')}`, 'x', 'text/plain', 'name'],
      [`${q}&name=${encodeURIComponent('bell\u0007.txt')}`, 'x', 'text/plain', 'name'],
      [`${q}&name=`, 'x', 'text/plain', 'name'],
      [`${q}`, 'x', 'text/plain', 'name'],
      [`${q}&name=a.txt`, 'x', 'not a type', 'Content-Type'],
      [`${q}&name=a.txt`, '', 'text/plain', 'body'],
      [`recordType=contact&recordId=1&name=a.txt`, 'x', 'text/plain', 'recordType'],
    ];
    for (const [query, content, type, field] of bad) {
      const res = await upload('own', query, content, type);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    expect(
      (await upload('own', `recordType=partner&recordId=${own2Partner}&name=a.txt`, 'x', 'text/plain')).status,
    ).toBe(404);
    expect(await countRows(env, 'documents')).toBe(before);
  });

  it('answers 413 for bodies over 50 MB', async () => {
    const before = await countRows(env, 'documents');
    const res = await upload(
      'own',
      `recordType=partner&recordId=${ownPartner}&name=huge.bin`,
      Buffer.alloc(50 * 1024 * 1024 + 1),
      'application/octet-stream',
    );
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await countRows(env, 'documents')).toBe(before);
  });
});

describe('downloading and access', () => {
  it('serves the content as an attachment with an RFC 5987 filename and nosniff', async () => {
    const content = '<html><script>alert(1)</script></html>';
    const doc = await upload(
      'own',
      `recordType=partner&recordId=${ownPartner}&name=${encodeURIComponent('Bericht "März" 2025.html')}`,
      content,
      'text/html',
    );
    const res = await env.as('own').get(`/api/v1/documents/${doc.body.id}/content`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Bericht _M_rz_ 2025.html"; filename*=UTF-8''Bericht%20%22M%C3%A4rz%22%202025.html`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).toBe(content);
    const meta = await env.as('own').get(`/api/v1/documents/${doc.body.id}`);
    expect(meta.body).toMatchObject({ name: 'Bericht "März" 2025.html', mediaType: 'text/html' });
  });

  it('hides documents of invisible records', async () => {
    const doc = await upload(
      'own2',
      `recordType=partner&recordId=${own2Partner}&name=secret.txt`,
      'secret',
      'text/plain',
    );
    expect((await env.as('own').get(`/api/v1/documents/${doc.body.id}`)).status).toBe(404);
    expect((await env.as('own').get(`/api/v1/documents/${doc.body.id}/content`)).status).toBe(404);
    expect((await env.as('own').delete(`/api/v1/documents/${doc.body.id}`)).status).toBe(404);
    expect((await env.as('own').get(`/api/v1/documents?recordType=partner&recordId=${own2Partner}`)).status).toBe(404);
    expect((await env.as('all').get(`/api/v1/documents/${doc.body.id}`)).status).toBe(200);
  });

  it('lists the documents of a record newest first', async () => {
    const partner = await makePartner(env, 'own', 'List Docs');
    const a = await upload('own', `recordType=partner&recordId=${partner}&name=a.txt`, 'a', 'text/plain');
    const b = await upload('own', `recordType=partner&recordId=${partner}&name=b.txt`, 'b', 'text/plain');
    const c = await upload('own', `recordType=partner&recordId=${partner}&name=c.txt`, 'c', 'text/plain');
    const page1 = await env.as('own').get(`/api/v1/documents?recordType=partner&recordId=${partner}&limit=2`);
    expect(page1.body.items.map((d: { id: number }) => d.id)).toEqual([c.body.id, b.body.id]);
    const page2 = await env
      .as('own')
      .get(`/api/v1/documents?recordType=partner&recordId=${partner}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((d: { id: number }) => d.id)).toEqual([a.body.id]);
  });
});

describe('deleting', () => {
  it('leaves a tombstone and removes the blob only when no other document uses it', async () => {
    const partner = await makePartner(env, 'own', 'Delete Docs');
    const content = 'shared bytes';
    const first = await upload('own', `recordType=partner&recordId=${partner}&name=one.txt`, content, 'text/plain');
    const second = await upload('own', `recordType=lead&recordId=${ownLead}&name=two.txt`, content, 'text/plain');
    expect((await env.as('own').delete(`/api/v1/documents/${first.body.id}`)).status).toBe(204);
    expect(fs.existsSync(blobPath(sha(content)))).toBe(true);
    expect((await changeRows(env, 'documents')).filter((c) => c.entityId === first.body.id)).toEqual([
      expect.objectContaining({ deleted: true, uid: first.body.uid }),
    ]);
    expect((await env.as('own').get(`/api/v1/documents/${first.body.id}`)).status).toBe(404);

    expect((await env.as('own').delete(`/api/v1/documents/${second.body.id}`)).status).toBe(204);
    expect(fs.existsSync(blobPath(sha(content)))).toBe(false);
  });
});
