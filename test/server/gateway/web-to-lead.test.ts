import { createTestEnv, TestEnv } from '../../support/test-env';
import { Lead } from '../../../server/src/domain/leads/model';
import { Partner } from '../../../server/src/domain/partners/model';

let env: TestEnv;
let key: string;
const site = 'https://www.kunde-site.example';

beforeAll(async () => {
  env = await createTestEnv({ AKTE_MAIL_GATEWAY: 'off' });
});
afterAll(async () => {
  await env.close();
});

const filled = (extra: Record<string, unknown> = {}) => ({
  name: 'Wera Web',
  email: 'wera@web.example',
  phone: '+49 30 123456',
  company: 'Web AG',
  subject: 'Angebot Wärmepumpe',
  message: 'Bitte rufen Sie mich an.',
  utm_source: 'newsletter',
  utm_medium: 'email',
  utm_campaign: 'herbst-2026',
  referrer: `${site}/waermepumpe?utm_source=newsletter`,
  startedAt: Date.now() - 5000,
  ...extra,
});
const postJson = (body: object, origin = site) =>
  env
    .anonymous()
    .post(`/forms/${key}`)
    .set('Origin', origin)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(body));

describe('lead forms (administrators)', () => {
  it('are created by administrators with a public URL, an HTML snippet (de/en) and a JSON variant; others get 403/404', async () => {
    const body = {
      teamId: env.teamId,
      name: 'Website',
      allowedOrigins: [`${site}/`],
      minFillSeconds: 2,
      maxPerIpHour: 50,
    };
    expect((await env.as('own').post('/api/v1/lead-forms').send(body)).status).toBe(403);
    const res = await env.as('admin').post('/api/v1/lead-forms').send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ teamId: env.teamId, allowedOrigins: [site], minFillSeconds: 2 });
    key = res.body.publicUrl.split('/forms/')[1];
    expect(key).toMatch(/^[\w-]{20,}$/);
    expect(res.body.snippet.de).toContain(`action="${res.body.publicUrl}"`);
    expect(res.body.snippet.de).toContain('name="website"');
    expect(res.body.snippet.de).toContain('Nachricht');
    expect(res.body.snippet.en).toContain('Message');
    expect((await env.as('own').get(`/api/v1/lead-forms/${res.body.id}`)).status).toBe(404);
    expect((await env.as('own').get('/api/v1/lead-forms')).body).toEqual([]);
    const bad = await env
      .as('admin')
      .post('/api/v1/lead-forms')
      .send({ ...body, allowedOrigins: ['kein origin'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('allowedOrigins');
  });

  it('serve the form as a page of its own', async () => {
    const page = await env.anonymous().get(`/forms/${key}`).set('Accept-Language', 'en-GB,en;q=0.9');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form');
    expect(page.text).toContain('Message');
    expect((await env.anonymous().get('/forms/nichtda')).status).toBe(404);
  });
});

describe('a submission', () => {
  it('as JSON from a listed origin creates a lead for the team with its UTM fields, and no partner', async () => {
    const partners = await Partner.count();
    const res = await postJson(filled());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ status: 'received' });
    expect(res.headers['access-control-allow-origin']).toBe(site);
    const lead = await Lead.findOne({ where: { emailFrom: 'wera@web.example' } });
    expect(lead).toMatchObject({
      name: 'Angebot Wärmepumpe',
      contactName: 'Wera Web',
      companyName: 'Web AG',
      phone: '+49 30 123456',
      teamId: env.teamId,
      partnerId: null,
      source: 'newsletter',
      medium: 'email',
      campaign: 'herbst-2026',
      referredBy: `${site}/waermepumpe?utm_source=newsletter`,
      description: 'Bitte rufen Sie mich an.',
    });
    expect(await Partner.count()).toBe(partners);
  });

  it('as an HTML form post answers a page in the visitor’s language', async () => {
    const res = await env
      .anonymous()
      .post(`/forms/${key}`)
      .set('Origin', site)
      .type('form')
      .send({
        ...filled({ email: 'html@web.example', subject: '' }),
        _started: String(Date.now() - 4000),
        startedAt: undefined,
      });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Vielen Dank');
    expect(await Lead.findOne({ where: { emailFrom: 'html@web.example' } })).toMatchObject({ name: 'Website: Web AG' });
  });

  it('is refused, each with its own error: honeypot, too fast, no start time, stale, bad fields, foreign origin, too large', async () => {
    const honeypot = await postJson(filled({ website: 'http://spam.example' }));
    expect([honeypot.status, honeypot.body.error.code]).toEqual([422, 'honeypot']);
    const fast = await postJson(filled({ startedAt: Date.now() }));
    expect([fast.status, fast.body.error.code]).toEqual([422, 'too_fast']);
    const noStart = await postJson(filled({ startedAt: undefined }));
    expect([noStart.status, noStart.body.error.code]).toEqual([422, 'no_start_time']);
    const stale = await postJson(filled({ startedAt: Date.now() - 3 * 24 * 3600_000 }));
    expect([stale.status, stale.body.error.code]).toEqual([422, 'stale_form']);
    const fields = await postJson(filled({ email: 'keine-adresse', name: '' }));
    expect(fields.status).toBe(400);
    expect(Object.keys(fields.body.error.fields).sort()).toEqual(['email', 'name']);
    const foreign = await postJson(filled(), 'https://evil.example');
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'origin_not_allowed']);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const large = await postJson(filled({ message: 'x'.repeat(20_000) }));
    expect(large.status).toBe(413);
    // The HTML variant says it in words, in German by default.
    const page = await env
      .anonymous()
      .post(`/forms/${key}`)
      .set('Origin', site)
      .type('form')
      .send({ name: 'Bot', email: 'bot@bot.example', website: 'x', _started: String(Date.now() - 5000) });
    expect(page.status).toBe(422);
    expect(page.text).toContain('Ein verstecktes Feld wurde ausgefüllt');
    expect(await Lead.count({ where: { emailFrom: 'bot@bot.example' } })).toBe(0);
  });

  it('answers the CORS preflight for listed origins only', async () => {
    const ok = await env
      .anonymous()
      .options(`/forms/${key}`)
      .set('Origin', site)
      .set('Access-Control-Request-Method', 'POST');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(site);
    const other = await env
      .anonymous()
      .options(`/forms/${key}`)
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.status).toBe(403);
  });

  it('floods are cut off per IP with 429 and Retry-After', async () => {
    const form = await env
      .as('admin')
      .post('/api/v1/lead-forms')
      .send({ teamId: env.teamId, name: 'Klein', allowedOrigins: [site], minFillSeconds: 0, maxPerIpHour: 2 });
    key = form.body.publicUrl.split('/forms/')[1];
    expect((await postJson(filled({ email: 'f1@web.example' }))).status).toBe(201);
    expect((await postJson(filled({ email: 'f2@web.example' }))).status).toBe(201);
    const third = await postJson(filled({ email: 'f3@web.example' }));
    expect([third.status, third.body.error.code]).toEqual([429, 'too_many_submissions']);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect(await Lead.count({ where: { emailFrom: 'f3@web.example' } })).toBe(0);
  });
});
