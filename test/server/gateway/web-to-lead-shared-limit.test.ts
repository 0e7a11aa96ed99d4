import request from 'supertest';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { startSecondServer, SecondServer } from '../../support/second-server';
import { Lead } from '../../../server/src/domain/leads/model';

/**
 * The web-to-lead per-IP limit holds across server processes (stateless processes behind one database): the test's
 * in-process app and a second Akte server process on the same database share one count per form and IP
 * (attempt_counts, kind lead-form), so a flood spread over both is cut off at the form's limit, not at the limit per
 * process.
 */
let env: TestEnv;
let second: SecondServer;
const site = 'https://www.kunde-site.example';

beforeAll(async () => {
  env = await createTestEnv({ AKTE_MAIL_GATEWAY: 'off' });
  const { databaseUrl, dataDir } = env.services.config;
  second = await startSecondServer(databaseUrl, dataDir, [], { AKTE_MAIL_GATEWAY: 'off' });
}, 60_000);
afterAll(async () => {
  await second?.stop();
  await env.close();
});

it('cuts a flood spread over two server processes off at the form’s limit per IP, and counts other IPs apart', async () => {
  const form = await env
    .as('admin')
    .post('/api/v1/lead-forms')
    .send({ teamId: env.teamId, name: 'Geteilt', allowedOrigins: [site], minFillSeconds: 0, maxPerIpHour: 3 });
  expect(form.status).toBe(201);
  const key = form.body.publicUrl.split('/forms/')[1];
  // Both servers trust the loopback proxy (app.ts), as behind a reverse proxy: the client IP is X-Forwarded-For's.
  const post = (server: 'first' | 'second', email: string, ip = '203.0.113.7') =>
    (server === 'first' ? env.anonymous() : request(second.baseUrl))
      .post(`/forms/${key}`)
      .set('Origin', site)
      .set('X-Forwarded-For', ip)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'Flut', email, startedAt: Date.now() - 5000 }));

  const statuses = [];
  for (const [server, n] of [
    ['first', 1],
    ['second', 2],
    ['first', 3],
    ['second', 4],
    ['first', 5],
  ] as const)
    statuses.push((await post(server, `flut${n}@web.example`)).status);
  expect(statuses).toEqual([201, 201, 201, 429, 429]);
  const refused = await post('second', 'flut6@web.example');
  expect([refused.status, refused.body.error.code]).toEqual([429, 'too_many_submissions']);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  expect(await Lead.count({ where: { contactName: 'Flut' } })).toBe(3);

  expect((await post('second', 'andere@web.example', '198.51.100.9')).status).toBe(201);
}, 60_000);
