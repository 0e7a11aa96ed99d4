import { createTestEnv, TestEnv } from '../../support/test-env';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('server basics', () => {
  it('answers /healthz once migrations ran', async () => {
    const res = await env.anonymous().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('rejects API calls without credentials with 401', async () => {
    // Existing routes: an unknown path is a 404 whoever asks, and would let this test pass without any auth check.
    for (const [method, url] of [
      ['get', '/api/v1/partners'],
      ['get', '/api/v1/leads/1'],
      ['post', '/api/v1/partners'],
      ['get', '/api/v1/tokens'],
    ] as const) {
      const res = await env.anonymous()[method](url);
      expect({ url, status: res.status, code: res.body.error?.code }).toEqual({
        url,
        status: 401,
        code: 'unauthorized',
      });
    }
  });

  it('rejects a bad bearer token with a reconnect hint', async () => {
    const res = await env.anonymous().get('/api/v1/anything').set('Authorization', 'Bearer akte_nope');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_token');
  });

  it('serves an OpenAPI 3.1 document', async () => {
    const res = await env.anonymous().get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
  });
});
