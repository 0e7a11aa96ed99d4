import { createTestEnv, TestEnv } from '../../support/test-env';
import { asDomain, bookPath, davRequest, vcard } from './dav-client';
import { createPartner, updatePartner } from '../../../server/src/domain/partners/service';
import { Partner } from '../../../server/src/domain/partners/model';
import { DavObject } from '../../../server/src/dav/store/model';
import { partnerFields } from '../../../server/src/dav/mapping/partner-fields';
import { Tag } from '../../../server/src/domain/pipeline/model';

/**
 * A card PUT records what the CRM understood of the card (dav_objects.fields_json) from the values it wrote, without
 * reading them back. It must equal what reading the partner gives, or a later CRM edit would rewrite fields nobody
 * changed: checked here for the awkward cases (whitespace, unknown types, tags, known and unknown ORG).
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const customers = () => bookPath(env, 'own', 'customers');
const put = (name: string, body: string) =>
  davRequest(env, 'own', 'PUT', `${customers()}${name}`, body, { 'Content-Type': 'text/vcard; charset=utf-8' });

async function understoodAndRead(uid: string) {
  const partner = (await Partner.findOne({ where: { uid } }))!;
  const object = (await DavObject.findOne({ where: { collectionKey: 'partners', entityId: partner.id } }))!;
  const read = (await partnerFields([partner])).get(partner.id);
  return { understood: object.fieldsJson, read };
}

describe('what a card PUT understood equals what the CRM reads', () => {
  it('for a new card with padded values, odd types, tags and an ORG that names no company', async () => {
    // A tag the CRM already has (lower id) listed after a new one: the CRM orders tags by id.
    await Tag.create({ name: 'Alpha', color: null });
    const body = vcard('understood-1', 'Bea Beispiel', [
      'N:Beispiel;Bea;;;',
      'ORG:Unbekannte Firma GmbH',
      'TITLE:Leitung Einkauf',
      'EMAIL;TYPE=INTERNET: bea@beispiel.example ',
      'EMAIL;TYPE=HOME:bea.privat@beispiel.example',
      'TEL;TYPE=CELL:+49 171 5550000',
      'TEL;TYPE=PAGER:+49 30 5550001',
      'ADR;TYPE=WORK:;;Hauptstraße 1;Berlin;;10115;Deutschland',
      'CATEGORIES:Zeta,Alpha,Zeta',
      'BDAY:1980-02-29',
      'NOTE:Mehrzeilige\\nNotiz',
    ]);
    expect((await put('understood-1.vcf', body)).status).toBe(201);
    const { understood, read } = await understoodAndRead('understood-1');
    expect(understood).toEqual(read);
    expect(read!.tags).toEqual(['Alpha', 'Zeta']);
  });

  it('for an edit that keeps the company link the partner already had', async () => {
    const company = await asDomain(env, 'own', (ctx) => createPartner(ctx, { name: 'Bekannte AG', isCompany: true }));
    const body = vcard('understood-2', 'Carl Contact', ['ORG:Bekannte AG', 'EMAIL:carl@bekannt.example']);
    expect((await put('understood-2.vcf', body)).status).toBe(201);
    const linked = await understoodAndRead('understood-2');
    expect(linked.read!.company).toBe('Bekannte AG');
    expect(linked.understood).toEqual(linked.read);
    // The company is renamed in the CRM; the phone then sends an ORG that matches nothing: the link stays.
    await asDomain(env, 'own', (ctx) => updatePartner(ctx, company.id, { name: 'Bekannte Holding AG' }));
    const edited = vcard('understood-2', 'Carl Contact', ['ORG:Ganz Andere GmbH', 'EMAIL:carl@bekannt.example']);
    expect((await put('understood-2.vcf', edited)).status).toBe(204);
    const after = await understoodAndRead('understood-2');
    expect(after.read!.company).toBe('Bekannte Holding AG');
    expect(after.understood).toEqual(after.read);
  });
});
