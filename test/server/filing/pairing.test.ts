import request from 'supertest';
import { createTestEnv, TestEnv, TEST_PASSWORD } from '../../support/test-env';
import { issuePairingCode, verifyPairingCode } from '../../../server/src/filing/pairing-code';
import { pairingSecret } from '../../../server/src/filing/pairing';
import { loadServerKey } from '../../../server/src/secrets/server-key';

let env: TestEnv;
let origin: string;
beforeAll(async () => {
  env = await createTestEnv();
  origin = env.services.config.publicUrl;
});
afterAll(async () => {
  await env.close();
});

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

/** Opens the consent page like the add-in's dialog does and signs in; returns the redirect the browser follows. */
async function connect(device: string, password = TEST_PASSWORD) {
  const agent = request.agent(env.app);
  const redirect = `${origin}/addin/taskpane.html?state=1`;
  const page = await agent
    .get('/addin/connect')
    .query({ device, redirect })
    .set('Accept-Language', 'de-DE,de;q=0.9,en;q=0.5');
  expect(page.status).toBe(200);
  const res = await agent
    .post('/addin/connect')
    .type('form')
    .send({
      csrf: hidden(page.text, 'csrf'),
      device,
      client: 'outlook',
      redirect,
      email: 'Own@Example.test',
      password,
    });
  return { page, res };
}

describe('add-in pairing', () => {
  it('serves a German/English login and consent page without scripts, under a strict CSP', async () => {
    const { page } = await connect('Laptop Otto');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.headers['content-security-policy']).not.toMatch(/script-src|unsafe-inline/);
    expect(page.text).toContain('Anmelden und verbinden');
    expect(page.text).toContain('Outlook auf „Laptop Otto“');
    expect(page.text).not.toMatch(/<script|\son[a-z]+=/i);
    expect(hidden(page.text, 'csrf')).toMatch(/^[\w-]{40,}$/);
    const english = await env
      .anonymous()
      .get('/addin/connect')
      .query({ device: 'PC', redirect: `${origin}/addin/x.html` })
      .set('Accept-Language', 'en-US');
    expect(english.text).toContain('Sign in and connect');
  });

  it('rejects redirects to any other origin (400) and a missing device name', async () => {
    for (const redirect of [
      'https://evil.example/addin/',
      'http://localhost:1/addin/',
      'javascript:alert(1)',
      `${origin.replace('http:', 'https:')}/addin/`,
    ]) {
      const res = await env.anonymous().get('/addin/connect').query({ device: 'PC', redirect });
      expect(res.status).toBe(400);
      expect(res.text).not.toContain('<form');
    }
    const noDevice = await env
      .anonymous()
      .get('/addin/connect')
      .query({ device: '  ', redirect: `${origin}/addin/` });
    expect(noDevice.status).toBe(400);
  });

  it('refuses a wrong password and a form without its CSRF cookie', async () => {
    const { res } = await connect('Laptop Otto', 'wrong password');
    expect(res.status).toBe(401);
    expect(res.text).toContain('E-Mail-Adresse oder Passwort ist falsch');
    const noCookie = await env
      .anonymous()
      .post('/addin/connect')
      .type('form')
      .send({
        csrf: 'x'.repeat(43),
        device: 'PC',
        redirect: `${origin}/addin/`,
        email: 'own@example.test',
        password: TEST_PASSWORD,
      });
    expect(noCookie.status).toBe(403);
  });

  it('redirects back with a one-time code that becomes a personal token "Outlook on <device>"', async () => {
    const { res } = await connect('Laptop Otto');
    expect(res.status).toBe(303);
    const location = new URL(res.headers.location);
    expect(location.origin + location.pathname).toBe(`${origin}/addin/taskpane.html`);
    expect(location.searchParams.get('state')).toBe('1');
    const code = location.searchParams.get('code')!;

    const pair = await env.anonymous().post('/api/v1/filing/pair').send({ code, deviceName: 'Laptop Otto' });
    expect(pair.status).toBe(201);
    expect(pair.body.token.name).toBe('Outlook on Laptop Otto');
    expect(pair.body.user).toMatchObject({ id: env.users.own.id, email: 'own@example.test' });
    const settings = await env
      .anonymous()
      .get('/api/v1/filing/settings')
      .set('Authorization', `Bearer ${pair.body.secret}`);
    expect(settings.status).toBe(200);

    const reused = await env.anonymous().post('/api/v1/filing/pair').send({ code });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toMatchObject({
      code: 'invalid_pairing_code',
      message: expect.stringMatching(/already been used/),
    });
  });

  it('rejects expired, forged and mismatched codes', async () => {
    const secret = pairingSecret(env.services.config);
    const old = issuePairingCode(
      secret,
      { userId: env.users.own.id, deviceName: 'PC', client: 'outlook' },
      Date.now() - 3 * 60 * 1000,
    );
    const expired = await env.anonymous().post('/api/v1/filing/pair').send({ code: old.code });
    expect(expired.status).toBe(400);
    expect(expired.body.error.message).toMatch(/expired/);

    const forged = issuePairingCode('not the server secret', {
      userId: env.users.admin.id,
      deviceName: 'PC',
      client: 'outlook',
    });
    expect((await env.anonymous().post('/api/v1/filing/pair').send({ code: forged.code })).status).toBe(400);

    const fresh = issuePairingCode(secret, { userId: env.users.own.id, deviceName: 'PC', client: 'thunderbird' });
    const wrongDevice = await env
      .anonymous()
      .post('/api/v1/filing/pair')
      .send({ code: fresh.code, deviceName: 'Other' });
    expect(wrongDevice.status).toBe(400);
    const ok = await env.anonymous().post('/api/v1/filing/pair').send({ code: fresh.code });
    expect(ok.body.token.name).toBe('Thunderbird on PC');

    const invalid = await env.anonymous().post('/api/v1/filing/pair').send({ code: 'short' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields.code).toBeDefined();
  });

  it('signs codes with a key kept outside the database: a copy of the database cannot mint them', async () => {
    const location = new URL((await connect('Keyless PC')).res.headers.location);
    const code = location.searchParams.get('code')!;
    // Nothing in the database holds a signing key any more (migration 0010 dropped server_secrets).
    const tables = await env.sequelize.getQueryInterface().showAllTables();
    expect(tables.map((t) => (typeof t === 'string' ? t : (t as { tableName: string }).tableName))).not.toContain(
      'server_secrets',
    );
    // The code is signed with the key file's pairing subkey; another server key does not verify it.
    const fromFile = loadServerKey({ secretKeyFile: env.services.config.secretKeyFile });
    expect(pairingSecret(env.services.config)).toBe(fromFile.subkey('addin-pairing-codes').toString('hex'));
    const otherKey = loadServerKey({ secretKey: 'another installation '.repeat(3), secretKeyFile: '/nonexistent' });
    expect(verifyPairingCode(fromFile.subkey('addin-pairing-codes').toString('hex'), code).ok).toBe(true);
    expect(verifyPairingCode(otherKey.subkey('addin-pairing-codes').toString('hex'), code).ok).toBe(false);
  });

  it("answers CORS only for the server's own origin", async () => {
    const preflight = await env
      .anonymous()
      .options('/api/v1/filing/lookup')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    const foreign = await env
      .anonymous()
      .options('/api/v1/filing/lookup')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const get = await env.as('own').get('/api/v1/filing/settings').set('Origin', 'https://evil.example');
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });
});
