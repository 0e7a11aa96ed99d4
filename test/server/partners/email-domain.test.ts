import { fillEmailDomains } from '../../../server/src/db/migrations/0005-email-domain';
import { createTestEnv, TestEnv } from '../../support/test-env';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const api = '/api/v1/partners';

async function storedEmails(partnerId: number): Promise<Array<[string, string]>> {
  const [rows] = await env.sequelize.query(
    'SELECT email_normalized, email_domain FROM partner_emails WHERE partner_id = :partnerId ORDER BY position, id',
    { replacements: { partnerId } },
  );
  return (rows as Array<{ email_normalized: string; email_domain: string }>).map((r) => [
    r.email_normalized,
    r.email_domain,
  ]);
}

async function lookup(...emails: string[]) {
  const res = await env
    .as('all')
    .post('/api/v1/filing/lookup')
    .send({ participants: emails.map((email, i) => ({ email, role: i ? 'cc' : 'from' })) });
  expect(res.status).toBe(200);
  return (res.body.partners as Array<{ id: number; matchedBy: string }>).map((p) => [p.id, p.matchedBy]);
}

describe('partner_emails.email_domain', () => {
  it('is written on create, replaced on update and carried over by a merge', async () => {
    const created = await env
      .as('all')
      .post(api)
      .send({
        name: 'Domain Werke AG',
        isCompany: true,
        emails: [{ email: ' Info@Domain-Werke.TEST ' }, { email: 'vertrieb@sub.domain-werke.test' }],
      });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect(await storedEmails(id)).toEqual([
      ['info@domain-werke.test', 'domain-werke.test'],
      ['vertrieb@sub.domain-werke.test', 'sub.domain-werke.test'],
    ]);

    const patched = await env
      .as('all')
      .patch(`${api}/${id}`)
      .send({ emails: [{ email: 'kontakt@neue-werke.test' }] });
    expect(patched.status).toBe(200);
    expect(await storedEmails(id)).toEqual([['kontakt@neue-werke.test', 'neue-werke.test']]);

    const duplicate = await env
      .as('all')
      .post(api)
      .send({ name: 'Domain Werke (alt)', isCompany: true, emails: [{ email: 'buchhaltung@alte-werke.test' }] });
    const merged = await env.as('all').post(`${api}/${id}/merge`).send({ duplicateId: duplicate.body.id });
    expect(merged.status).toBe(200);
    expect(await storedEmails(id)).toEqual([
      ['kontakt@neue-werke.test', 'neue-werke.test'],
      ['buchhaltung@alte-werke.test', 'alte-werke.test'],
    ]);

    // The lookup finds the company under every domain it now has, and no longer under the one replaced.
    expect(await lookup('jemand@neue-werke.test')).toEqual([[id, 'domain']]);
    expect(await lookup('jemand@alte-werke.test')).toEqual([[id, 'domain']]);
    expect(await lookup('jemand@domain-werke.test')).toEqual([]);
    // A subdomain is a domain of its own: no prefix or suffix matching.
    expect(await lookup('jemand@werke.test', 'x@kontakt.neue-werke.test')).toEqual([]);
  });

  it('never matches a company by a freemail domain, even when the company itself writes from one', async () => {
    const company = await env
      .as('all')
      .post(api)
      .send({ name: 'Bäckerei Korn', isCompany: true, emails: [{ email: 'baeckerei.korn@gmail.com' }] });
    expect(await storedEmails(company.body.id)).toEqual([['baeckerei.korn@gmail.com', 'gmail.com']]);
    expect(await lookup('irgendwer@gmail.com', 'noch.jemand@googlemail.com')).toEqual([]);
    // Its own address still finds it, by address.
    expect(await lookup('Baeckerei.Korn@gmail.com')).toEqual([[company.body.id, 'email']]);
  });

  it('is filled for rows written before it existed (the migration), leaving non-addresses empty', async () => {
    const partner = await env.as('all').post(api).send({ name: 'Altbestand KG', isCompany: true });
    const id = Number(partner.body.id);
    for (const [position, normalized] of ['alt@bestand.test', 'kaputt', 'a@b@c.test', '@leer.test'].entries()) {
      await env.sequelize.query(
        `INSERT INTO partner_emails (partner_id, email, email_normalized, type, position)
         VALUES (:id, :normalized, :normalized, 'work', :position)`,
        { replacements: { id, normalized, position } },
      );
    }
    expect((await storedEmails(id)).map(([, domain]) => domain)).toEqual(['', '', '', '']);
    expect(await lookup('neu@bestand.test')).toEqual([]);
    await fillEmailDomains(env.sequelize.getQueryInterface());
    expect(await storedEmails(id)).toEqual([
      ['alt@bestand.test', 'bestand.test'],
      ['kaputt', ''],
      ['a@b@c.test', ''],
      ['@leer.test', ''],
    ]);
    expect(await lookup('neu@bestand.test')).toEqual([[id, 'domain']]);
  });
});
