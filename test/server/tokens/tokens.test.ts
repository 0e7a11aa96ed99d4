import { createTestEnv, TestEnv } from '../../support/test-env';
import { ApiToken } from '../../../server/src/domain/users/model';
import { hashToken } from '../../../server/src/domain/users/tokens';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('API tokens', () => {
  it('creates a token whose secret is shown once and stored only as a hash', async () => {
    const res = await env.as('own').post('/api/v1/tokens').send({ name: 'Outlook add-in' });
    expect(res.status).toBe(201);
    const { token, secret } = res.body;
    expect(secret).toMatch(/^akte_/);
    expect(token).toMatchObject({
      name: 'Outlook add-in',
      userId: env.users.own.id,
      tokenPrefix: secret.slice(0, 12),
      revokedAt: null,
    });
    const row = await ApiToken.findByPk(token.id);
    expect(row!.tokenHash).toBe(hashToken(secret));
    const raw = await env.sequelize.query('SELECT * FROM api_tokens WHERE id = :id', {
      replacements: { id: token.id },
      plain: true,
    });
    expect(JSON.stringify(raw)).not.toContain(secret);
    const me = await env.anonymous().get('/api/v1/auth/me').set('Authorization', `Bearer ${secret}`);
    expect(me.body.user.id).toBe(env.users.own.id);
  });

  it("lists only one's own tokens, never the secret or hash", async () => {
    const res = await env.as('own').get('/api/v1/tokens');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(2);
    for (const item of res.body.items) {
      expect(item.userId).toBe(env.users.own.id);
      expect(Object.keys(item).sort()).toEqual([
        'createdAt',
        'id',
        'lastUsedAt',
        'name',
        'revokedAt',
        'tokenPrefix',
        'userId',
      ]);
    }
    expect(JSON.stringify(res.body)).not.toContain(env.users.own.token);
    expect(res.body.items.find((t: { name: string }) => t.name === 'test own').lastUsedAt).toEqual(expect.any(String));
  });

  it('revokes a token: it then gets 401 invalid_token', async () => {
    const created = await env.as('own').post('/api/v1/tokens').send({ name: 'temporary' });
    const { secret, token } = created.body;
    expect((await env.anonymous().get('/api/v1/users').set('Authorization', `Bearer ${secret}`)).status).toBe(200);
    expect((await env.as('own').delete(`/api/v1/tokens/${token.id}`)).status).toBe(204);
    const after = await env.anonymous().get('/api/v1/users').set('Authorization', `Bearer ${secret}`);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');
    const listed = (await env.as('own').get('/api/v1/tokens')).body.items.find(
      (t: { id: number }) => t.id === token.id,
    );
    expect(listed.revokedAt).toEqual(expect.any(String));
  });

  it("hides other users' tokens from non-administrators", async () => {
    const theirs = await env.as('own2').post('/api/v1/tokens').send({ name: 'own2 phone' });
    expect((await env.as('own').delete(`/api/v1/tokens/${theirs.body.token.id}`)).status).toBe(404);
    expect((await env.as('all').delete(`/api/v1/tokens/${theirs.body.token.id}`)).status).toBe(404);
    expect((await env.as('all').get(`/api/v1/tokens?userId=${env.users.own2.id}`)).status).toBe(403);
    expect((await ApiToken.findByPk(theirs.body.token.id))!.revokedAt).toBeNull();
  });

  it("lets administrators list and revoke any user's tokens", async () => {
    const theirs = await env.as('own2').post('/api/v1/tokens').send({ name: 'lost laptop' });
    const list = await env.as('admin').get(`/api/v1/tokens?userId=${env.users.own2.id}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['lost laptop', 'test own2']),
    );
    expect(list.body.items.every((t: { userId: number }) => t.userId === env.users.own2.id)).toBe(true);
    expect((await env.as('admin').delete(`/api/v1/tokens/${theirs.body.token.id}`)).status).toBe(204);
    expect(
      (await env.anonymous().get('/api/v1/users').set('Authorization', `Bearer ${theirs.body.secret}`)).status,
    ).toBe(401);
  });

  it('validates input and requires authentication', async () => {
    const before = await ApiToken.count();
    const bad = await env.as('own').post('/api/v1/tokens').send({ name: '', extra: true });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['(root)', 'name'].sort());
    expect(await ApiToken.count()).toBe(before);
    expect((await env.as('own').delete('/api/v1/tokens/abc')).status).toBe(400);
    expect((await env.as('own').delete('/api/v1/tokens/99999')).status).toBe(404);
    expect((await env.anonymous().get('/api/v1/tokens')).status).toBe(401);
    expect((await env.anonymous().post('/api/v1/tokens').send({ name: 'x' })).status).toBe(401);
  });
});
