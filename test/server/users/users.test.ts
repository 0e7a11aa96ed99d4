import { createTestEnv, TestEnv, TEST_PASSWORD } from '../../support/test-env';
import { Session, User } from '../../../server/src/domain/users/model';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

async function loginCookie(email: string, password = TEST_PASSWORD): Promise<{ cookie: string; csrf: string }> {
  const res = await env.anonymous().post('/api/v1/auth/login').send({ email, password });
  expect(res.status).toBe(200);
  const raw = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('akte_session='))!;
  return { cookie: raw.split(';')[0], csrf: res.body.csrfToken };
}

describe('listing and reading users', () => {
  it('lets everyone list active users by name, without password hashes', async () => {
    const res = await env.as('own').get('/api/v1/users');
    expect(res.status).toBe(200);
    const names = res.body.items.map((u: { name: string }) => u.name);
    expect(names).toEqual([...names].sort());
    expect(res.body.items).toHaveLength(4);
    expect(Object.keys(res.body.items[0]).sort()).toEqual(
      ['active', 'createdAt', 'email', 'id', 'locale', 'name', 'role', 'updatedAt'].sort(),
    );
  });

  it('pages with a cursor and filters by q', async () => {
    const first = await env.as('own').get('/api/v1/users?limit=3');
    expect(first.body.items).toHaveLength(3);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await env.as('own').get(`/api/v1/users?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((u: { id: number }) => u.id);
    expect(new Set(ids).size).toBe(4);
    const q = await env.as('own').get('/api/v1/users?q=otto');
    expect(q.body.items.map((u: { email: string }) => u.email)).toEqual(['own@example.test']);
  });

  it('rejects unknown query parameters and lets only admins see deactivated users', async () => {
    expect((await env.as('own').get('/api/v1/users?bogus=1')).status).toBe(400);
    expect((await env.as('own').get('/api/v1/users?active=all')).status).toBe(403);
    expect((await env.as('admin').get('/api/v1/users?active=all')).status).toBe(200);
  });

  it('gets one user; unknown ids are 404 and bad ids 400', async () => {
    const res = await env.as('own').get(`/api/v1/users/${env.users.all.id}`);
    expect(res.status).toBe(200);
    expect(res.body.email).toBe('all@example.test');
    expect((await env.as('own').get('/api/v1/users/99999')).status).toBe(404);
    expect((await env.as('own').get('/api/v1/users/abc')).status).toBe(400);
  });
});

describe('creating and changing users', () => {
  it('lets only administrators create users', async () => {
    const body = {
      email: 'New.Person@Example.TEST',
      name: 'Neue Person',
      role: 'own',
      locale: 'en',
      password: 'long enough pw',
    };
    for (const key of ['own', 'all'] as const) {
      const res = await env.as(key).post('/api/v1/users').send(body);
      expect(res.status).toBe(403);
    }
    expect(await User.count({ where: { name: 'Neue Person' } })).toBe(0);
    const res = await env.as('admin').post('/api/v1/users').send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'new.person@example.test', role: 'own', locale: 'en', active: true });
    const login = await env
      .anonymous()
      .post('/api/v1/auth/login')
      .send({ email: 'new.person@example.test', password: 'long enough pw' });
    expect(login.status).toBe(200);
    const dup = await env
      .as('admin')
      .post('/api/v1/users')
      .send({ ...body, email: 'NEW.person@example.test' });
    expect(dup.status).toBe(409);
  });

  it('validates new users precisely and writes nothing', async () => {
    const before = await User.count();
    const res = await env
      .as('admin')
      .post('/api/v1/users')
      .send({ email: 'nope', name: '', role: 'boss', locale: 'fr', password: 'short' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['email', 'locale', 'name', 'password', 'role']);
    expect(await User.count()).toBe(before);
  });

  it('creates a user without a password who cannot log in yet', async () => {
    const res = await env
      .as('admin')
      .post('/api/v1/users')
      .send({ email: 'nopw@example.test', name: 'Ohne Passwort', role: 'all' });
    expect(res.status).toBe(201);
    expect((await User.findByPk(res.body.id))!.passwordHash).toBeNull();
  });

  it('lets users change their own name and locale, but not their role or other users', async () => {
    const own = await env.as('own').patch(`/api/v1/users/${env.users.own.id}`).send({ name: 'Otto E.', locale: 'en' });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ name: 'Otto E.', locale: 'en' });
    const role = await env.as('own').patch(`/api/v1/users/${env.users.own.id}`).send({ role: 'admin' });
    expect(role.status).toBe(403);
    const other = await env.as('all').patch(`/api/v1/users/${env.users.own.id}`).send({ name: 'Hacked' });
    expect(other.status).toBe(403);
    expect((await User.findByPk(env.users.own.id))!.role).toBe('own');
  });

  it("changes one's own password only with the current one, and signs out other sessions", async () => {
    const other = await loginCookie('own2@example.test');
    const current = await loginCookie('own2@example.test');
    const url = `/api/v1/users/${env.users.own2.id}`;
    const missing = await env
      .anonymous()
      .patch(url)
      .set('Cookie', current.cookie)
      .set('X-CSRF-Token', current.csrf)
      .send({ password: 'a brand new password' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.currentPassword).toBeDefined();
    const ok = await env
      .anonymous()
      .patch(url)
      .set('Cookie', current.cookie)
      .set('X-CSRF-Token', current.csrf)
      .send({ password: 'a brand new password', currentPassword: TEST_PASSWORD });
    expect(ok.status).toBe(200);
    expect((await env.anonymous().get('/api/v1/auth/me').set('Cookie', current.cookie)).status).toBe(200);
    expect((await env.anonymous().get('/api/v1/auth/me').set('Cookie', other.cookie)).status).toBe(401);
    expect(
      (
        await env
          .anonymous()
          .post('/api/v1/auth/login')
          .send({ email: 'own2@example.test', password: 'a brand new password' })
      ).status,
    ).toBe(200);
  });

  it('throttles the current-password check like a login: 429 with Retry-After after 10 wrong guesses', async () => {
    const url = `/api/v1/users/${env.users.all.id}`;
    for (let i = 0; i < 10; i++) {
      const wrong = await env
        .as('all')
        .patch(url)
        .send({ password: 'a brand new password', currentPassword: `guess ${i}` });
      expect(wrong.status).toBe(400);
    }
    const blocked = await env
      .as('all')
      .patch(url)
      .send({ password: 'a brand new password', currentPassword: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The guesses count against the account's logins from that client too: one brake for every password check.
    const login = await env
      .anonymous()
      .post('/api/v1/auth/login')
      .send({ email: 'all@example.test', password: TEST_PASSWORD });
    expect(login.status).toBe(429);
    expect((await User.findByPk(env.users.all.id))!.passwordHash).not.toBeNull();
  });

  it('lets an admin deactivate a user, which ends their sessions and tokens', async () => {
    const created = await env
      .as('admin')
      .post('/api/v1/users')
      .send({ email: 'leaver@example.test', name: 'Leaver', role: 'own', password: 'leaver password' });
    await loginCookie('leaver@example.test', 'leaver password');
    const res = await env.as('admin').patch(`/api/v1/users/${created.body.id}`).send({ active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(await Session.count({ where: { userId: created.body.id } })).toBe(0);
    const list = await env.as('own').get('/api/v1/users?limit=500');
    expect(list.body.items.map((u: { id: number }) => u.id)).not.toContain(created.body.id);
    expect((await env.as('own').get(`/api/v1/users/${created.body.id}`)).status).toBe(404);
  });

  it('protects the last active administrator', async () => {
    const adminUrl = `/api/v1/users/${env.users.admin.id}`;
    const demote = await env.as('admin').patch(adminUrl).send({ role: 'all' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('last_admin');
    expect((await env.as('admin').patch(adminUrl).send({ active: false })).status).toBe(409);
    expect((await User.findByPk(env.users.admin.id))!.role).toBe('admin');
    // With a second administrator the first may step down.
    expect((await env.as('admin').patch(`/api/v1/users/${env.users.all.id}`).send({ role: 'admin' })).status).toBe(200);
    expect((await env.as('admin').patch(adminUrl).send({ role: 'all' })).status).toBe(200);
    expect((await env.as('all').patch(`/api/v1/users/${env.users.all.id}`).send({ role: 'all' })).status).toBe(409);
    expect((await env.as('all').patch(adminUrl).send({ role: 'admin' })).status).toBe(200);
    expect((await env.as('admin').patch(`/api/v1/users/${env.users.all.id}`).send({ role: 'all' })).status).toBe(200);
  });

  it('rejects empty or unknown patch fields', async () => {
    const url = `/api/v1/users/${env.users.own.id}`;
    expect((await env.as('admin').patch(url).send({})).status).toBe(400);
    expect((await env.as('admin').patch(url).send({ passwordHash: 'x' })).status).toBe(400);
  });
});

describe('teams', () => {
  it('lists teams with members for everyone', async () => {
    const res = await env.as('own').get('/api/v1/teams');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        id: env.teamId,
        name: 'Vertrieb Nord',
        leaderId: env.users.all.id,
        memberIds: [env.users.all.id, env.users.own.id].sort((a, b) => a - b),
      }),
    ]);
  });

  it('lets only administrators create, change and delete teams', async () => {
    const body = {
      name: 'Vertrieb Süd',
      leaderId: env.users.own2.id,
      memberIds: [env.users.own2.id, env.users.own.id],
    };
    for (const key of ['own', 'all'] as const) {
      expect((await env.as(key).post('/api/v1/teams').send(body)).status).toBe(403);
      expect((await env.as(key).patch(`/api/v1/teams/${env.teamId}`).send({ name: 'X' })).status).toBe(403);
      expect((await env.as(key).delete(`/api/v1/teams/${env.teamId}`)).status).toBe(403);
    }
    const created = await env.as('admin').post('/api/v1/teams').send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Vertrieb Süd', leaderId: env.users.own2.id });
    expect(created.body.memberIds).toEqual([env.users.own.id, env.users.own2.id].sort((a, b) => a - b));
    const patched = await env
      .as('admin')
      .patch(`/api/v1/teams/${created.body.id}`)
      .send({ memberIds: [env.users.own2.id], leaderId: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ memberIds: [env.users.own2.id], leaderId: null, name: 'Vertrieb Süd' });
    expect((await env.as('own').get(`/api/v1/teams/${created.body.id}`)).body.memberIds).toEqual([env.users.own2.id]);
    expect((await env.as('admin').delete(`/api/v1/teams/${created.body.id}`)).status).toBe(204);
    expect((await env.as('admin').get(`/api/v1/teams/${created.body.id}`)).status).toBe(404);
  });

  it('validates team members and leaders', async () => {
    const res = await env
      .as('admin')
      .post('/api/v1/teams')
      .send({ name: 'Geister', leaderId: 99999, memberIds: [env.users.own.id, 88888] });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['leaderId', 'memberIds']);
    expect((await env.as('admin').post('/api/v1/teams').send({ name: '' })).status).toBe(400);
    expect((await env.as('admin').get('/api/v1/teams')).body.items).toHaveLength(1);
  });

  it('refuses to delete a team that still has calendars', async () => {
    const team = await env.as('admin').post('/api/v1/teams').send({ name: 'Mit Kalender' });
    await env.sequelize.query(
      'INSERT INTO calendars (name, team_id, created_at, updated_at) VALUES (:name, :teamId, :now, :now)',
      {
        replacements: { name: 'Teamkalender', teamId: team.body.id, now: new Date() },
      },
    );
    const res = await env.as('admin').delete(`/api/v1/teams/${team.body.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('team_in_use');
  });
});
