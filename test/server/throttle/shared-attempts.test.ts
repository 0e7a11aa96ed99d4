import request from 'supertest';
import { createTestEnv, TestEnv, TEST_PASSWORD } from '../../support/test-env';
import { startSecondServer, SecondServer } from '../../support/second-server';
import { countStatements } from '../../support/statement-count';
import { davRequest } from '../dav/dav-client';

/**
 * The password and DAV login limits hold across server processes (stateless processes behind one database): the
 * test's in-process app and a second Akte server process on the same database count failures in one table
 * (attempt_counts), so guesses spread over both are cut off at the limit, not at the limit per process. A valid
 * token keeps working while its user name is throttled, and costs no statement on the counts.
 */
let env: TestEnv;
let second: SecondServer;

beforeAll(async () => {
  env = await createTestEnv({ AKTE_MAIL_GATEWAY: 'off' });
  const { databaseUrl, dataDir } = env.services.config;
  second = await startSecondServer(databaseUrl, dataDir, [], { AKTE_MAIL_GATEWAY: 'off' });
}, 60_000);
afterAll(async () => {
  await second?.stop();
  await env.close();
});

// Both servers trust the loopback proxy (app.ts): the client IP is X-Forwarded-For's, as behind a reverse proxy.
const via = (server: number) => (server % 2 === 0 ? env.anonymous() : request(second.baseUrl));

it('cuts password guesses spread over two server processes off at the limit: logins and current-password checks', async () => {
  const client = { 'X-Forwarded-For': '203.0.113.20' };
  const login = (server: number, email: string, password: string) =>
    via(server).post('/api/v1/auth/login').set(client).send({ email, password });

  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) statuses.push((await login(i, 'own2@example.test', `wrong ${i}`)).status);
  expect(statuses).toEqual(Array(10).fill(401));
  for (const server of [0, 1]) {
    const blocked = await login(server, 'Own2@Example.test', TEST_PASSWORD);
    expect([blocked.status, blocked.body.error?.code]).toEqual([429, 'too_many_attempts']);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
  }
  // Another account from the same client is not affected.
  expect((await login(1, 'own@example.test', TEST_PASSWORD)).status).toBe(200);

  // The current password of a password change counts with the logins, in whichever process either ran.
  const other = { 'X-Forwarded-For': '203.0.113.21' };
  const guess = (server: number, n: number) =>
    via(server)
      .patch(`/api/v1/users/${env.users.all.id}`)
      .set(other)
      .set('Authorization', `Bearer ${env.users.all.token}`)
      .send({ password: 'a brand new password', currentPassword: `guess ${n}` });
  for (let i = 0; i < 5; i++) expect((await guess(i, i)).status).toBe(400);
  for (let i = 5; i < 10; i++) {
    const res = await via(i).post('/api/v1/auth/login').set(other).send({ email: 'all@example.test', password: 'x' });
    expect(res.status).toBe(401);
  }
  for (const server of [0, 1]) {
    expect((await guess(server, 99)).status).toBe(429);
    const res = await via(server)
      .post('/api/v1/auth/login')
      .set(other)
      .send({ email: 'all@example.test', password: TEST_PASSWORD });
    expect(res.status).toBe(429);
  }
}, 60_000);

it('cuts failed DAV logins spread over two processes off at the limit, and never refuses a valid token', async () => {
  const office = { 'X-Forwarded-For': '198.51.100.30' };
  const wrong = 'Basic ' + Buffer.from(`${env.users.own.email}:akte_wrong`).toString('base64');
  const propfind = (server: number, headers: Record<string, string>) =>
    server % 2 === 0
      ? davRequest(env, null, 'PROPFIND', '/dav/', '', { ...office, Depth: '0', ...headers })
      : request(second.baseUrl)
          .propfind('/dav/')
          .set({ ...office, Depth: '0', ...headers });

  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await propfind(i, { Authorization: wrong })).status);
  expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
  const blocked = await propfind(1, { Authorization: wrong });
  expect(blocked.status).toBe(429);
  expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(900);

  // The same user name, from the same address, with the right token: answered on both processes.
  const good = 'Basic ' + Buffer.from(`${env.users.own.email}:${env.users.own.token}`).toString('base64');
  for (const server of [0, 1]) expect((await propfind(server, { Authorization: good })).status).toBe(207);

  // …and without a statement on the counts (in this process, where statements can be counted): not on DAV, not on
  // REST.
  const counter = countStatements(env.dialect);
  try {
    expect((await propfind(0, { Authorization: good })).status).toBe(207);
    expect((await env.as('own').get('/api/v1/auth/me').set(office)).status).toBe(200);
    expect(counter.shapes.filter((s) => s.includes('attempt_counts'))).toEqual([]);
    expect(counter.shapes.length).toBeGreaterThan(0);
    // Refused over the limit on one read, without taking the write lock; a failure under the limit is counted.
    counter.reset();
    expect((await propfind(0, { Authorization: wrong })).status).toBe(429);
    expect(counter.shapes.filter((s) => s.includes('attempt_counts'))).toEqual(['SELECT attempt_counts']);
    counter.reset();
    const typo = 'Basic ' + Buffer.from(`${env.users.own2.email}:akte_typo`).toString('base64');
    expect((await propfind(0, { Authorization: typo })).status).toBe(401);
    expect(counter.shapes).toContain('INSERT INTO attempt_counts');
  } finally {
    counter.restore();
  }
}, 60_000);
