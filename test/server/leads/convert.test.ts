import { phoneMatchKey } from '@akte/core';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { countRows, tracesOf } from './setup-pipeline';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

let uidCounter = 0;
/** Partners are written straight to the tables so these tests depend only on the matching contract. */
async function insertPartner(
  name: string,
  opts: { email?: string; phone?: string; owner?: number; isCompany?: boolean } = {},
): Promise<number> {
  const owner = opts.owner ?? env.users.own.id;
  const now = new Date();
  const qi = env.sequelize.getQueryInterface();
  await qi.bulkInsert('partners', [
    {
      uid: `test-partner-${++uidCounter}`,
      name,
      is_company: opts.isCompany ?? false,
      salesperson_id: owner,
      created_by_id: owner,
      category: 'customer',
      contact_count: 0,
      archived: false,
      revision: 0,
      created_at: now,
      updated_at: now,
    },
  ]);
  const [rows] = await env.sequelize.query(`SELECT id FROM partners WHERE uid = 'test-partner-${uidCounter}'`);
  const id = (rows as Array<{ id: number }>)[0].id;
  if (opts.email)
    await qi.bulkInsert('partner_emails', [
      { partner_id: id, email: opts.email, email_normalized: opts.email.toLowerCase(), type: 'work', position: 0 },
    ]);
  if (opts.phone)
    await qi.bulkInsert('partner_phones', [
      { partner_id: id, number: opts.phone, number_tail: phoneMatchKey(opts.phone), type: 'work', position: 0 },
    ]);
  return id;
}

async function newLead(body: Record<string, unknown>, user: 'own' | 'own2' | 'all' = 'own'): Promise<number> {
  const res = await env
    .as(user)
    .post('/api/v1/leads')
    .send({ name: 'Inquiry', ...body });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as number;
}

const convert = (id: number, partner?: Record<string, unknown>, user: 'own' | 'own2' | 'all' = 'own') =>
  env
    .as(user)
    .post(`/api/v1/leads/${id}/convert`)
    .send(partner ? { partner } : {});

describe('converting a lead to an opportunity', () => {
  it('links the single partner whose e-mail matches in another case and format', async () => {
    const partner = await insertPartner('Eva Berg', { email: 'Eva.Berg@Example.com' });
    const id = await newLead({ contactName: 'E. Berg', emailFrom: '<EVA.BERG@example.COM>' });
    const before = await countRows(env, 'partners');
    const res = await convert(id, { mode: 'auto' });
    expect(res.status).toBe(200);
    expect(res.body.partner).toEqual({ id: partner, by: 'email' });
    expect(res.body.lead).toMatchObject({ type: 'opportunity', partnerId: partner });
    expect(Date.parse(res.body.lead.dateConverted)).toBeGreaterThan(Date.now() - 60_000);
    expect(await countRows(env, 'partners')).toBe(before);
    expect((await tracesOf(env, id)).at(-1)).toEqual({
      action: 'convert',
      changes: { type: ['lead', 'opportunity'], partnerId: partner, partnerBy: 'email' },
      partnerId: partner,
      userId: env.users.own.id,
    });
  });

  it('matches by phone when no e-mail matches, and defaults to automatic matching', async () => {
    const partner = await insertPartner('Phone Person', { phone: '+49 30 5555 1234' });
    const id = await newLead({ contactName: 'Someone Else', emailFrom: 'nobody@nowhere.test', phone: '030/5555-1234' });
    const res = await convert(id);
    expect(res.status).toBe(200);
    expect(res.body.partner).toEqual({ id: partner, by: 'phone' });
  });

  it('answers 409 with the candidates when several partners match, and changes nothing', async () => {
    const a = await insertPartner('Twin A', { email: 'twins@example.com' });
    const b = await insertPartner('Twin B', { email: 'TWINS@example.com' });
    const id = await newLead({ contactName: 'Twin', emailFrom: 'twins@example.com' });
    const partners = await countRows(env, 'partners');
    const traces = await countRows(env, 'traces');
    const res = await convert(id, { mode: 'auto' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ambiguous_partner');
    expect(res.body.error.matchedBy).toBe('email');
    expect(res.body.error.candidates.map((c: { id: number }) => c.id).sort()).toEqual([a, b].sort());
    expect(res.body.error.candidates[0]).toHaveProperty('name');
    const lead = (await env.as('own').get(`/api/v1/leads/${id}`)).body;
    expect(lead).toMatchObject({ type: 'lead', partnerId: null, dateConverted: null });
    expect(await countRows(env, 'partners')).toBe(partners);
    expect(await countRows(env, 'traces')).toBe(traces);

    // The person then picks one.
    const chosen = await convert(id, { mode: 'existing', partnerId: b });
    expect(chosen.status).toBe(200);
    expect(chosen.body.partner).toEqual({ id: b, by: 'chosen' });
  });

  it('creates the company and its contact person when nothing matches', async () => {
    const id = await newLead({
      contactName: 'Nina Neu',
      companyName: 'Neu & Co KG',
      emailFrom: 'Nina@Neu-Co.de',
      phone: '+49 40 777 888 99',
    });
    const before = await countRows(env, 'partners');
    const res = await convert(id, { mode: 'auto' });
    expect(res.status).toBe(200);
    expect(res.body.partner.by).toBe('created');
    expect(await countRows(env, 'partners')).toBe(before + 2);
    const [people] = await env.sequelize.query(
      `SELECT p.name, p.is_company, p.salesperson_id, c.name AS company_name, c.is_company AS company_is_company
         FROM partners p JOIN partners c ON c.id = p.company_id WHERE p.id = ${Number(res.body.partner.id)}`,
    );
    expect(people).toHaveLength(1);
    const person = (people as Array<Record<string, unknown>>)[0];
    expect(person.name).toBe('Nina Neu');
    expect(Boolean(person.is_company)).toBe(false);
    expect(person.company_name).toBe('Neu & Co KG');
    expect(Boolean(person.company_is_company)).toBe(true);
    expect(person.salesperson_id).toBe(env.users.own.id);
    const [emails] = await env.sequelize.query(
      `SELECT email_normalized FROM partner_emails WHERE partner_id = ${Number(res.body.partner.id)}`,
    );
    expect(emails).toEqual([{ email_normalized: 'nina@neu-co.de' }]);
    const [phones] = await env.sequelize.query(
      `SELECT number_tail FROM partner_phones WHERE partner_id = ${Number(res.body.partner.id)}`,
    );
    expect(phones).toEqual([{ number_tail: '77788899' }]);
    expect(res.body.lead.partnerId).toBe(res.body.partner.id);
    // The own user can see the partner created for their opportunity.
    const [visible] = await env.sequelize.query(
      `SELECT created_by_id FROM partners WHERE id = ${Number(res.body.partner.id)}`,
    );
    expect(visible).toHaveLength(1);
  });

  it('creates a partner on request even when one matches, and converts without one on request', async () => {
    await insertPartner('Existing Eva', { email: 'again@example.com' });
    const id = await newLead({ contactName: 'Eva Again', emailFrom: 'again@example.com' });
    const before = await countRows(env, 'partners');
    const created = await convert(id, { mode: 'new' });
    expect(created.body.partner.by).toBe('created');
    expect(await countRows(env, 'partners')).toBe(before + 1);

    const plain = await newLead({ contactName: 'No Partner' });
    const none = await convert(plain, { mode: 'none' });
    expect(none.body).toMatchObject({
      partner: { id: null, by: 'none' },
      lead: { type: 'opportunity', partnerId: null },
    });
    expect(await countRows(env, 'partners')).toBe(before + 1);
  });

  it('keeps the partner a lead is already linked to', async () => {
    const partner = await insertPartner('Linked Ltd', { isCompany: true });
    await insertPartner('Decoy', { email: 'decoy@example.com' });
    const id = await newLead({ partnerId: partner, emailFrom: 'decoy@example.com' });
    const res = await convert(id);
    expect(res.body.partner).toEqual({ id: partner, by: 'already_linked' });
  });

  it('refuses partners the actor cannot see, impossible requests and second conversions', async () => {
    const hidden = await insertPartner('Hidden', { owner: env.users.own2.id });
    const id = await newLead({ contactName: 'Vis Ible' });
    const res = await convert(id, { mode: 'existing', partnerId: hidden });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ 'partner.partnerId': [`Partner ${hidden} not found`] });
    expect((await convert(id, { mode: 'guess' })).status).toBe(400);
    expect((await convert(id, { mode: 'existing' })).status).toBe(400);
    const empty = await newLead({});
    const nothing = await convert(empty, { mode: 'new' });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.code).toBe('no_contact_data');
    expect((await convert(id, { mode: 'none' })).status).toBe(200);
    const again = await convert(id, { mode: 'none' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_opportunity');
  });
});
