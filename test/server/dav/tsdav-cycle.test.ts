import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DAVClient } from 'tsdav';
import { parseVCard } from '@akte/core';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { vcard } from './dav-client';
import { Partner } from '../../../server/src/domain/partners/model';
import { partnerDetailDto } from '../../../server/src/domain/partners/dto';

/** tsdav — the client Akte's own sync engine uses — through discovery → create → sync → edit → delete. */
let env: TestEnv;
let server: Server;
let client: DAVClient;

beforeAll(async () => {
  env = await createTestEnv();
  server = env.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  client = new DAVClient({
    serverUrl: `http://127.0.0.1:${port}/`,
    credentials: { username: env.users.own.email, password: env.users.own.token },
    authMethod: 'Basic',
    defaultAccountType: 'carddav',
  });
  await client.login();
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env.close();
});

describe('tsdav against Akte', () => {
  it('runs the whole CardDAV cycle and the CRM follows each step', async () => {
    expect(client.account?.principalUrl).toContain(`/dav/principals/${env.users.own.email}/`);
    expect(client.account?.homeUrl).toContain(`/dav/addressbooks/${env.users.own.email}/`);
    const books = await client.fetchAddressBooks();
    const customers = books.find((b) => b.url.endsWith('/customers/'))!;
    expect(customers).toBeDefined();
    expect(customers.displayName).toBe('Customers & contacts');
    expect(books.some((b) => b.url.endsWith('/contacts/'))).toBe(true);

    const created = await client.createVCard({
      addressBook: customers,
      filename: 'tsdav-1.vcf',
      vCardString: vcard('tsdav-1', 'Tessa Dav', ['TEL;TYPE=CELL:+49 160 111', 'X-TSDAV:kept']),
    });
    expect(created.status).toBe(201);
    expect((await Partner.findOne({ where: { uid: 'tsdav-1' } }))?.name).toBe('Tessa Dav');

    const first = await client.fetchVCards({ addressBook: customers });
    const card = first.find((c) => c.url.endsWith('/tsdav-1.vcf'))!;
    expect(card.etag).toBeTruthy();
    expect(card.data).toContain('X-TSDAV:kept');

    const synced = await client.syncCollection({
      url: customers.url,
      props: { [`d:getetag`]: {} },
      syncLevel: 1,
      syncToken: '',
    });
    const token = (await client.fetchAddressBooks()).find((b) => b.url === customers.url)!.syncToken as string;
    expect(synced.some((r) => r.href?.endsWith('/tsdav-1.vcf'))).toBe(true);

    const updated = await client.updateVCard({
      vCard: { url: card.url, etag: card.etag, data: card.data.replace('+49 160 111', '+49 160 222') },
    });
    expect(updated.ok).toBe(true);
    const partner = await Partner.findOne({ where: { uid: 'tsdav-1' } });
    expect((await partnerDetailDto(partner!)).phones.map((p) => p.number)).toEqual(['+49 160 222']);

    const delta = await client.syncCollection({
      url: customers.url,
      props: { [`d:getetag`]: {} },
      syncLevel: 1,
      syncToken: token,
    });
    expect(delta.filter((r) => r.href?.endsWith('/tsdav-1.vcf'))).toHaveLength(1);
    const refetched = await client.fetchVCards({ addressBook: customers, objectUrls: [card.url] });
    expect(parseVCard(refetched[0].data).fields.phones[0].number).toBe('+49 160 222');

    const stale = await client.deleteVCard({ vCard: { url: card.url, etag: card.etag } });
    expect(stale.status).toBe(412);
    const removed = await client.deleteVCard({ vCard: { url: card.url, etag: refetched[0].etag } });
    expect(removed.ok).toBe(true);
    expect((await Partner.findOne({ where: { uid: 'tsdav-1' } }))!.archived).toBeTruthy();
    const after = await client.syncCollection({
      url: customers.url,
      props: { [`d:getetag`]: {} },
      syncLevel: 1,
      syncToken: token,
    });
    expect(after.find((r) => r.href?.endsWith('/tsdav-1.vcf'))?.status).toBe(404);
  });
});
