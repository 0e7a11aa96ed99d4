import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseVCard } from '@akte/core';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { asDomain, vcard } from './dav-client';
import { Partner } from '../../../server/src/domain/partners/model';
import { createPartner, setPartnerArchived, updatePartner } from '../../../server/src/domain/partners/service';
import { partnerDetailDto } from '../../../server/src/domain/partners/dto';

/**
 * vdirsyncer (Debian's, an independent Python CardDAV client) syncing "Customers & contacts" two ways with a local
 * folder: create, edit and delete on either side, and a conflict ("b wins" = the server wins).
 */
let env: TestEnv;
let server: Server;
let root: string;
let local: string;

function vdirsyncer(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'vdirsyncer',
      args,
      { env: { ...process.env, VDIRSYNCER_CONFIG: path.join(root, 'config'), HOME: root }, timeout: 60_000 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`vdirsyncer ${args.join(' ')} failed: ${stderr}${stdout}`)) : resolve(stdout + stderr),
    );
    child.stdin?.end('y\ny\ny\n');
  });
}

const localFiles = () => fs.readdirSync(local).filter((f) => f.endsWith('.vcf'));
const localCard = (uid: string) => {
  const file = localFiles().find((f) => fs.readFileSync(path.join(local, f), 'utf8').includes(`UID:${uid}`));
  return file ? { file: path.join(local, file), text: fs.readFileSync(path.join(local, file), 'utf8') } : null;
};
const phonesOf = async (uid: string) => {
  const partner = await Partner.findOne({ where: { uid } });
  return (await partnerDetailDto(partner!)).phones.map((p) => p.number);
};

beforeAll(async () => {
  env = await createTestEnv();
  server = env.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-vdir-'));
  local = path.join(root, 'contacts', 'customers');
  fs.writeFileSync(
    path.join(root, 'config'),
    `[general]
status_path = "${root}/status/"

[pair contacts]
a = "contacts_local"
b = "contacts_remote"
collections = ["customers"]
conflict_resolution = "b wins"

[storage contacts_local]
type = "filesystem"
path = "${root}/contacts/"
fileext = ".vcf"

[storage contacts_remote]
type = "carddav"
url = "http://127.0.0.1:${port}/"
username = "${env.users.own.email}"
password = "${env.users.own.token}"
`,
  );
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('vdirsyncer two-way sync of the customers address book', () => {
  it('discovers the address book and fetches the CRM partners', async () => {
    await asDomain(env, 'own', (ctx) =>
      createPartner(ctx, { name: 'Vera Server', phones: [{ number: '+49 40 100', type: 'work' }] }),
    );
    // vdirsyncer refuses to sync a side that became completely empty: keep one card on the server throughout.
    await asDomain(env, 'own', (ctx) => createPartner(ctx, { name: 'Bleibt Da' }));
    await vdirsyncer('discover');
    await vdirsyncer('sync');
    const partner = await Partner.findOne({ where: { name: 'Vera Server' } });
    const card = localCard(partner!.uid);
    expect(card).not.toBeNull();
    expect(parseVCard(card!.text).fields.phones[0].number).toBe('+49 40 100');
  });

  it('uploads a card created locally and the CRM gets a partner', async () => {
    fs.writeFileSync(
      path.join(local, 'lokal-1.vcf'),
      vcard('lokal-1', 'Lars Lokal', ['TEL;TYPE=CELL:+49 151 1', 'X-LOCAL:yes']),
    );
    await vdirsyncer('sync');
    expect(await phonesOf('lokal-1')).toEqual(['+49 151 1']);
  });

  it('sends a local phone edit to the CRM', async () => {
    const card = localCard('lokal-1')!;
    fs.writeFileSync(card.file, card.text.replace('+49 151 1', '+49 151 2'));
    await vdirsyncer('sync');
    expect(await phonesOf('lokal-1')).toEqual(['+49 151 2']);
  });

  it('brings a CRM edit down to the local card, keeping its own properties', async () => {
    const partner = await Partner.findOne({ where: { uid: 'lokal-1' } });
    await asDomain(env, 'own', (ctx) => updatePartner(ctx, partner!.id, { jobTitle: 'Einkäufer' }));
    await vdirsyncer('sync');
    const card = localCard('lokal-1')!;
    expect(parseVCard(card.text).fields.jobTitle).toBe('Einkäufer');
    expect(card.text).toContain('X-LOCAL:yes');
  });

  it('resolves a conflict in favour of the server ("b wins")', async () => {
    const partner = await Partner.findOne({ where: { uid: 'lokal-1' } });
    await asDomain(env, 'own', (ctx) =>
      updatePartner(ctx, partner!.id, { phones: [{ number: '+49 151 SERVER', type: 'mobile' }] }),
    );
    const card = localCard('lokal-1')!;
    fs.writeFileSync(card.file, card.text.replace('+49 151 2', '+49 151 LOCAL'));
    await vdirsyncer('sync');
    expect(await phonesOf('lokal-1')).toEqual(['+49 151 SERVER']);
    expect(localCard('lokal-1')!.text).toContain('+49 151 SERVER');
  });

  it('archives the partner when the card is deleted locally', async () => {
    fs.rmSync(localCard('lokal-1')!.file);
    await vdirsyncer('sync');
    expect((await Partner.findOne({ where: { uid: 'lokal-1' } }))!.archived).toBeTruthy();
  });

  it('removes the local card when the partner is archived in the CRM', async () => {
    const partner = await Partner.findOne({ where: { name: 'Vera Server' } });
    await asDomain(env, 'own', (ctx) => setPartnerArchived(ctx, partner!.id, true));
    await vdirsyncer('sync');
    expect(localCard(partner!.uid)).toBeNull();
  });
});
