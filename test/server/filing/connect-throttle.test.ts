import request from 'supertest';
import { createTestEnv, TestEnv, TEST_PASSWORD } from '../../support/test-env';
import { LOGIN_LIMITS } from '../../../server/src/domain/users/login-throttle';

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

/** One sign-in on the add-in's connect page, with a fresh form (and CSRF cookie) like a dialog reopened. */
async function signIn(email: string, password: string, language = 'de') {
  const agent = request.agent(env.app);
  const redirect = `${origin}/addin/taskpane.html`;
  const page = await agent.get('/addin/connect').query({ device: 'Laptop', redirect }).set('Accept-Language', language);
  return agent
    .post('/addin/connect')
    .set('Accept-Language', language)
    .type('form')
    .send({ csrf: hidden(page.text, 'csrf'), device: 'Laptop', client: 'outlook', redirect, email, password });
}

describe('POST /addin/connect brute-force throttle', () => {
  it(`answers 429 after ${LOGIN_LIMITS.perAddress.maxFailures} wrong passwords, even for the right one, and shares the limit with /auth/login`, async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAddress.maxFailures; i++) {
      const res = await signIn('own2@example.test', `wrong ${i}`);
      expect(res.status).toBe(401);
    }
    const blocked = await signIn('Own2@Example.test', TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.headers['content-type']).toMatch(/text\/html/);
    expect(blocked.text).toContain('Zu viele fehlgeschlagene Anmeldeversuche');
    expect(blocked.text).toContain('<form'); // the form stays, to try again later
    expect(blocked.headers.location).toBeUndefined();
    const english = await signIn('own2@example.test', TEST_PASSWORD, 'en');
    expect(english.status).toBe(429);
    expect(english.text).toContain('Too many failed sign-in attempts');

    // One brake for all password forms: the REST login of the same address from the same client is blocked too.
    const rest = await env
      .anonymous()
      .post('/api/v1/auth/login')
      .send({ email: 'own2@example.test', password: TEST_PASSWORD });
    expect(rest.status).toBe(429);

    // Another account is not affected, and a success resets its own count.
    const other = await signIn('own@example.test', TEST_PASSWORD);
    expect(other.status).toBe(303);
    expect(new URL(other.headers.location).searchParams.get('code')).toBeTruthy();
  });

  it('counts failures from the REST login against the connect page as well', async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAddress.maxFailures; i++) {
      const res = await env
        .anonymous()
        .post('/api/v1/auth/login')
        .send({ email: 'all@example.test', password: `wrong ${i}` });
      expect(res.status).toBe(401);
    }
    expect((await signIn('all@example.test', TEST_PASSWORD)).status).toBe(429);
  });
});
