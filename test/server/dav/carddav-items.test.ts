import fs from 'node:fs';
import path from 'node:path';
import { parseVCard } from '@akte/core';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { asDomain, bookPath, davRequest, vcard } from './dav-client';
import { createPartner, updatePartner } from '../../../server/src/domain/partners/service';
import { partnerDetailDto } from '../../../server/src/domain/partners/dto';
import { Partner, PartnerPhone } from '../../../server/src/domain/partners/model';
import { Trace } from '../../../server/src/domain/history/model';
import { fixturePath } from '../../support/fixtures';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const customers = () => bookPath(env, 'own', 'customers');
const put = (p: string, body: string, headers: Record<string, string> = {}) =>
  davRequest(env, 'own', 'PUT', p, body, { 'Content-Type': 'text/vcard; charset=utf-8', ...headers });

describe('CardDAV items in "Customers & contacts"', () => {
  it('creates a partner from a vCard PUT (201, strong ETag) and serves the card back unchanged', async () => {
    const body = vcard('uid-anna', 'Anna Schmidt', [
      'N:Schmidt;Anna;;;',
      'TEL;TYPE=CELL:+49 171 1234567',
      'EMAIL;TYPE=WORK:anna@firma.de',
      'X-CUSTOM;X-P=1:keep me',
      'item1.URL:https://example.org',
      'item1.X-ABLabel:_$!<HomePage>!$_',
    ]);
    const res = await put(`${customers()}anna.vcf`, body, { 'If-None-Match': '*' });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toMatch(/^"[^"]+"$/);
    const get = await davRequest(env, 'own', 'GET', `${customers()}anna.vcf`);
    expect(get.status).toBe(200);
    expect(get.text).toBe(body);
    expect(get.headers.etag).toBe(res.headers.etag);
    const partner = await Partner.findOne({ where: { uid: 'uid-anna' } });
    expect(partner).not.toBeNull();
    expect(partner!.name).toBe('Anna Schmidt');
    expect(partner!.salespersonId).toBe(env.users.own.id);
    const phones = await PartnerPhone.findAll({ where: { partnerId: partner!.id } });
    expect(phones.map((p) => [p.number, p.type])).toEqual([['+49 171 1234567', 'mobile']]);
    const dto = await partnerDetailDto(partner!);
    expect(dto.emails[0].email).toBe('anna@firma.de');
    expect(await Trace.count({ where: { recordType: 'partner', recordId: partner!.id, action: 'create' } })).toBe(1);
  });

  it('answers HEAD with the ETag and no body', async () => {
    const res = await davRequest(env, 'own', 'HEAD', `${customers()}anna.vcf`);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBeTruthy();
    expect(res.text).toBe('');
  });

  it('refuses If-None-Match: * on an existing card and a stale If-Match with 412, changing nothing', async () => {
    const again = await put(`${customers()}anna.vcf`, vcard('uid-anna', 'Overwritten'), { 'If-None-Match': '*' });
    expect(again.status).toBe(412);
    const stale = await put(`${customers()}anna.vcf`, vcard('uid-anna', 'Overwritten'), { 'If-Match': '"stale"' });
    expect(stale.status).toBe(412);
    const missing = await put(`${customers()}nobody.vcf`, vcard('uid-nobody', 'Nobody'), { 'If-Match': '"x"' });
    expect(missing.status).toBe(412);
    expect((await Partner.findOne({ where: { uid: 'uid-anna' } }))!.name).toBe('Anna Schmidt');
    expect(await Partner.count({ where: { uid: 'uid-nobody' } })).toBe(0);
  });

  it('updates the partner from a phone edit (204) and keeps unknown properties', async () => {
    const head = await davRequest(env, 'own', 'GET', `${customers()}anna.vcf`);
    const edited = head.text.replace('TEL;TYPE=CELL:+49 171 1234567', 'TEL;TYPE=CELL:+49 171 7654321');
    const res = await put(`${customers()}anna.vcf`, edited, { 'If-Match': head.headers.etag });
    expect(res.status).toBe(204);
    expect(res.headers.etag).not.toBe(head.headers.etag);
    const partner = await Partner.findOne({ where: { uid: 'uid-anna' } });
    const dto = await partnerDetailDto(partner!);
    expect(dto.phones.map((p) => p.number)).toEqual(['+49 171 7654321']);
    const after = await davRequest(env, 'own', 'GET', `${customers()}anna.vcf`);
    expect(after.text).toContain('X-CUSTOM;X-P=1:keep me');
    expect(after.text).toContain('item1.X-ABLabel');
  });

  it('re-applies a CRM edit onto the stored card, keeping the rest', async () => {
    const partner = await Partner.findOne({ where: { uid: 'uid-anna' } });
    await asDomain(env, 'own', (ctx) =>
      updatePartner(ctx, partner!.id, { jobTitle: 'Einkauf', phones: [{ number: '+49 30 999', type: 'work' }] }),
    );
    const res = await davRequest(env, 'own', 'GET', `${customers()}anna.vcf`);
    const card = parseVCard(res.text);
    expect(card.fields.jobTitle).toBe('Einkauf');
    expect(card.fields.phones).toEqual([{ number: '+49 30 999', type: 'work' }]);
    expect(res.text).toMatch(/X-CUSTOM;X-P=1:keep me/i);
  });

  it('serves partners created in the CRM as <uid>.vcf', async () => {
    const created = await asDomain(env, 'own', (ctx) =>
      createPartner(ctx, {
        name: 'CRM Firma GmbH',
        isCompany: true,
        emails: [{ email: 'info@crm.example', type: 'work' }],
      }),
    );
    const res = await davRequest(env, 'own', 'GET', `${customers()}${created.uid}.vcf`);
    expect(res.status).toBe(200);
    const card = parseVCard(res.text);
    expect(card.fields.name).toBe('CRM Firma GmbH');
    expect(card.fields.isCompany).toBe(true);
    expect(card.uid).toBe(created.uid);
  });

  it('serves the version asked for with Accept', async () => {
    const v4 = await davRequest(env, 'own', 'GET', `${customers()}anna.vcf`, undefined, {
      Accept: 'text/vcard; version=4.0',
    });
    expect(v4.text).toContain('VERSION:4.0');
    expect(v4.headers['content-type']).toContain('version=4.0');
    expect(parseVCard(v4.text).fields.name).toBe('Anna Schmidt');
  });

  it('rejects a second card with the same UID (409 no-uid-conflict) and stores nothing', async () => {
    const res = await put(`${customers()}other-name.vcf`, vcard('uid-anna', 'Copy'));
    expect(res.status).toBe(409);
    expect(res.text).toContain('<card:no-uid-conflict>');
    expect(res.text).toContain('anna.vcf');
    expect(await Partner.count({ where: { name: 'Copy' } })).toBe(0);
  });

  it("answers a card whose UID a hidden customer holds as for an unused UID: no 409, the colleague's customer untouched", async () => {
    const hidden = await env.as('own2').post('/api/v1/partners').send({ name: 'Geheim GmbH', isCompany: true });
    expect(hidden.status).toBe(201);
    const hiddenUid = (await Partner.findByPk(hidden.body.id))!.uid;
    const body = vcard(hiddenUid, 'Probe');
    const res = await put(`${customers()}probe.vcf`, body, { 'If-None-Match': '*' });
    expect(res.status).toBe(201);
    expect(res.text).not.toContain('no-uid-conflict');
    const unused = await put(`${customers()}probe-unused.vcf`, vcard('uid-never-used', 'Probe 2'));
    expect(res.status).toBe(unused.status);
    // The prober reads back its own card under the UID it sent; the colleague's customer is unchanged.
    const get = await davRequest(env, 'own', 'GET', `${customers()}probe.vcf`);
    expect(get.status).toBe(200);
    expect(get.text).toBe(body);
    const colleague = await Partner.findByPk(hidden.body.id);
    expect(colleague!.name).toBe('Geheim GmbH');
    expect(colleague!.salespersonId).toBe(env.users.own2.id);
    const own2Card = await davRequest(env, 'own2', 'GET', `${bookPath(env, 'own2', 'customers')}${hiddenUid}.vcf`);
    expect(own2Card.status).toBe(200);
    expect(own2Card.text).toContain('FN:Geheim GmbH');
  });

  it('rejects malformed, multiple and oversized vCards with the CardDAV precondition', async () => {
    const bad = [
      'this is not a vcard',
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN;;;broken\r\nEND:VCARD\r\n',
      'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Old\r\nEND:VCARD\r\n',
      vcard('uid-a', 'A') + vcard('uid-b', 'B'),
      'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:1\r\nUID:2\r\nFN:Two uids\r\nEND:VCARD\r\n',
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n',
    ];
    const before = await Partner.count();
    for (const [i, body] of bad.entries()) {
      const res = await put(`${customers()}bad-${i}.vcf`, body);
      expect(res.status).toBe(400);
      expect(res.text).toContain('<card:valid-address-data/>');
    }
    const huge = vcard('uid-huge', 'Huge', [`NOTE:${'x'.repeat(1024 * 1024)}`]);
    const tooBig = await put(`${customers()}huge.vcf`, huge);
    expect(tooBig.status).toBe(413);
    expect(tooBig.text).toContain('<card:max-resource-size/>');
    const wrongType = await put(`${customers()}cal.vcf`, vcard('uid-cal', 'Cal'), { 'Content-Type': 'text/calendar' });
    expect(wrongType.status).toBe(415);
    expect(await Partner.count()).toBe(before);
  });

  it('rejects path traversal and odd encodings in item names', async () => {
    const base = `/dav/addressbooks/${env.users.own.email}`;
    expect((await davRequest(env, 'own', 'GET', `${base}/customers/%2e%2e/%2e%2e/x.vcf`)).status).toBe(400);
    expect((await davRequest(env, 'own', 'GET', `${base}/customers/%252e%252e`)).status).toBe(400);
    expect((await davRequest(env, 'own', 'GET', `${base}/customers/a%00b.vcf`)).status).toBe(400);
    expect((await davRequest(env, 'own', 'GET', `${base}/customers/%c0%ae%c0%ae`)).status).toBe(400);
    expect((await davRequest(env, 'own', 'GET', `${base}/customers/${'a'.repeat(300)}.vcf`)).status).toBe(400);
    expect(
      (
        await davRequest(env, 'own', 'PUT', `${base}/customers/a%2fb.vcf`, vcard('u-slash', 'S'), {
          'Content-Type': 'text/vcard',
        })
      ).status,
    ).toBe(400);
  });

  it('keeps cards of other salespeople out of reach of an own-records user', async () => {
    const res = await davRequest(env, 'own2', 'GET', `${bookPath(env, 'own2', 'customers')}anna.vcf`);
    expect(res.status).toBe(404);
    const put2 = await davRequest(
      env,
      'own2',
      'PUT',
      `${bookPath(env, 'own2', 'customers')}anna.vcf`,
      vcard('uid-anna', 'Hijack'),
      { 'Content-Type': 'text/vcard' },
    );
    // The name is taken by a card own2 may not change (item names are one namespace for the book).
    expect(put2.status).toBe(403);
    expect(put2.text).not.toContain('no-uid-conflict');
    expect((await Partner.findOne({ where: { uid: 'uid-anna' } }))!.name).toBe('Anna Schmidt');
  });

  it('archives the partner on DELETE, honouring If-Match', async () => {
    const stale = await davRequest(env, 'own', 'DELETE', `${customers()}anna.vcf`, undefined, { 'If-Match': '"nope"' });
    expect(stale.status).toBe(412);
    const res = await davRequest(env, 'own', 'DELETE', `${customers()}anna.vcf`);
    expect(res.status).toBe(204);
    expect((await Partner.findOne({ where: { uid: 'uid-anna' } }))!.archived).toBeTruthy();
    expect((await davRequest(env, 'own', 'GET', `${customers()}anna.vcf`)).status).toBe(404);
    expect((await davRequest(env, 'own', 'DELETE', `${customers()}anna.vcf`)).status).toBe(404);
  });
});

describe('round-trip of the shared vCard fixtures', () => {
  const dir = fixturePath('vcard');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.vcf'));

  it.each(files)('%s comes back semantically unchanged from both address books', async (file) => {
    const body = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const book of ['customers', 'contacts']) {
      const href = `${bookPath(env, 'all', book)}fixture-${file}`;
      const res = await davRequest(env, 'all', 'PUT', href, body, { 'Content-Type': 'text/vcard' });
      expect(res.status).toBe(201);
      const get = await davRequest(env, 'all', 'GET', href);
      expect(get.status).toBe(200);
      expect(get.text).toBe(body);
      expect(parseVCard(get.text)).toEqual(parseVCard(body));
    }
  });
});
