import { createTestEnv, TestEnv, TEST_PASSWORD } from '../../support/test-env';
import { Session, User } from '../../../server/src/domain/users/model';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

/** The `akte_session=...` pair from a response's Set-Cookie header. */
function sessionCookie(res: { headers: Record<string, unknown> }): { pair: string; raw: string } {
  const cookies = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const raw = cookies.find((c) => c.startsWith('akte_session='));
  if (!raw) throw new Error('no akte_session cookie set');
  return { pair: raw.split(';')[0], raw };
}

async function login(email = 'all@example.test', password = TEST_PASSWORD) {
  const res = await env.anonymous().post('/api/v1/auth/login').send({ email, password });
  expect(res.status).toBe(200);
  return { cookie: sessionCookie(res).pair, csrfToken: res.body.csrfToken as string, res };
}

describe('login', () => {
  it('logs in case-insensitively, sets a hardened cookie and returns the user and a CSRF token', async () => {
    const { res, csrfToken } = await login('ALL@Example.TEST');
    expect(res.body.user).toMatchObject({ id: env.users.all.id, email: 'all@example.test', role: 'all' });
    expect(res.body.user.passwordHash).toBeUndefined();
    expect(csrfToken).toMatch(/^[0-9a-f]{64}$/);
    const { raw } = sessionCookie(res);
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);
    expect(raw).toMatch(/Path=\//);
    expect(raw).toMatch(/Max-Age=1209600/);
    expect(raw).not.toMatch(/Secure/i);
  });

  it('stores only a hash of the session secret', async () => {
    const { cookie } = await login();
    const secret = decodeURIComponent(cookie.split('=')[1]);
    const sessions = await Session.findAll({ where: { userId: env.users.all.id } });
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.some((s) => s.idHash === secret)).toBe(false);
  });

  it('marks the cookie Secure when the server is configured for https', async () => {
    env.services.config.secureCookies = true;
    try {
      const res = await env
        .anonymous()
        .post('/api/v1/auth/login')
        .send({ email: 'all@example.test', password: TEST_PASSWORD });
      expect(sessionCookie(res).raw).toMatch(/; Secure/i);
    } finally {
      env.services.config.secureCookies = false;
    }
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrong = await env
      .anonymous()
      .post('/api/v1/auth/login')
      .send({ email: 'all@example.test', password: 'nope-nope-nope' });
    const unknown = await env
      .anonymous()
      .post('/api/v1/auth/login')
      .send({ email: 'ghost@example.test', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses deactivated users', async () => {
    const user = await User.create({
      email: 'gone@example.test',
      name: 'Gone',
      role: 'own',
      passwordHash: (await User.findByPk(env.users.all.id))!.passwordHash,
      active: false,
    });
    const res = await env.anonymous().post('/api/v1/auth/login').send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(401);
  });

  it('rejects malformed login bodies with 400 and field errors', async () => {
    const res = await env.anonymous().post('/api/v1/auth/login').send({ email: '', extra: 1 });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('ignores a stale session cookie when logging in (no CSRF token needed)', async () => {
    const { cookie } = await login();
    const res = await env
      .anonymous()
      .post('/api/v1/auth/login')
      .set('Cookie', cookie)
      .send({ email: 'all@example.test', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(sessionCookie(res).pair).not.toBe(cookie);
    const old = await env.anonymous().get('/api/v1/auth/me').set('Cookie', cookie);
    expect(old.status).toBe(401);
  });

  it('throttles failed logins per email and IP with 429 and Retry-After', async () => {
    const email = 'own2@example.test';
    for (let i = 0; i < 10; i++) {
      const res = await env
        .anonymous()
        .post('/api/v1/auth/login')
        .send({ email, password: `wrong-${i}-xxxxx` });
      expect(res.status).toBe(401);
    }
    const blocked = await env.anonymous().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // Other accounts from the same client are not affected.
    const other = await env
      .anonymous()
      .post('/api/v1/auth/login')
      .send({ email: 'own@example.test', password: TEST_PASSWORD });
    expect(other.status).toBe(200);
  });
});

describe('login throttle keys', () => {
  it('counts every spelling of one address as that address: mailto:, <…>, padding and case get no fresh attempts', async () => {
    const spellings = [
      'mailto:admin@example.test',
      '<admin@example.test>',
      '  admin@example.test  ',
      'ADMIN@Example.Test',
    ];
    for (let i = 0; i < 10; i++) {
      const res = await env
        .anonymous()
        .post('/api/v1/auth/login')
        .send({ email: spellings[i % spellings.length], password: `wrong-${i}-xxxxx` });
      expect(res.status).toBe(401);
    }
    for (const email of spellings) {
      const blocked = await env.anonymous().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    }
  });
});

describe('me and logout', () => {
  it('requires authentication', async () => {
    expect((await env.anonymous().get('/api/v1/auth/me')).status).toBe(401);
    expect((await env.anonymous().post('/api/v1/auth/logout')).status).toBe(401);
  });

  it('reports the session user with its CSRF token', async () => {
    const { cookie, csrfToken } = await login();
    const res = await env.anonymous().get('/api/v1/auth/me').set('Cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { id: env.users.all.id }, csrfToken, authMethod: 'session' });
  });

  it('reports a token user without a CSRF token', async () => {
    const res = await env.as('own').get('/api/v1/auth/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user: { id: env.users.own.id, role: 'own' },
      csrfToken: null,
      authMethod: 'token',
    });
  });

  it('logs out: the session is destroyed and the cookie cleared', async () => {
    const { cookie, csrfToken } = await login();
    const withoutCsrf = await env.anonymous().post('/api/v1/auth/logout').set('Cookie', cookie);
    expect(withoutCsrf.status).toBe(403);
    const res = await env.anonymous().post('/api/v1/auth/logout').set('Cookie', cookie).set('X-CSRF-Token', csrfToken);
    expect(res.status).toBe(204);
    expect(sessionCookie(res).raw).toMatch(/akte_session=;/);
    expect((await env.anonymous().get('/api/v1/auth/me').set('Cookie', cookie)).status).toBe(401);
  });
});

describe('CSRF protection of cookie sessions', () => {
  it('rejects state changes without the X-CSRF-Token header and accepts them with it', async () => {
    const { cookie, csrfToken } = await login();
    const url = `/api/v1/users/${env.users.all.id}`;
    const missing = await env.anonymous().patch(url).set('Cookie', cookie).send({ name: 'Alma A.' });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf_failed');
    const wrong = await env
      .anonymous()
      .patch(url)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', 'f'.repeat(64))
      .send({ name: 'Alma A.' });
    expect(wrong.status).toBe(403);
    expect((await User.findByPk(env.users.all.id))!.name).toBe('Alma Alle');
    const ok = await env
      .anonymous()
      .patch(url)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrfToken)
      .send({ name: 'Alma A.' });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('Alma A.');
    const post = await env.anonymous().post('/api/v1/tokens').set('Cookie', cookie).send({ name: 'x' });
    expect(post.status).toBe(403);
  });

  it('lets reads through without the header', async () => {
    const { cookie } = await login();
    expect((await env.anonymous().get('/api/v1/users').set('Cookie', cookie)).status).toBe(200);
  });

  it('needs no CSRF token for bearer-token requests', async () => {
    const res = await env.as('own').post('/api/v1/tokens').send({ name: 'script' });
    expect(res.status).toBe(201);
  });
});

describe('public surface', () => {
  it('answers 401 to anonymous calls of every auth, user, team and token route except login', async () => {
    const doc = (await env.anonymous().get('/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const mine = Object.entries(doc.paths).filter(([p]) => /^\/api\/v1\/(auth|users|teams|tokens)\b/.test(p));
    const publicRoutes: string[] = [];
    let checked = 0;
    for (const [openApiPath, methods] of mine) {
      for (const [method, op] of Object.entries(methods)) {
        const url = openApiPath.replace(/\{\w+\}/g, '1');
        if (op.security?.length === 0) {
          publicRoutes.push(`${method} ${openApiPath}`);
          continue;
        }
        const agent = env.anonymous() as unknown as Record<string, (u: string) => Promise<{ status: number }>>;
        const res = await agent[method](url);
        checked++;
        expect(`${method} ${url} → ${res.status}`).toBe(`${method} ${url} → 401`);
      }
    }
    expect(checked).toBe(14);
    expect(publicRoutes).toEqual(['post /api/v1/auth/login']);
  });
});
