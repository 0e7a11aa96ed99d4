import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildAddin } from '../../../addin/build';
import { createApp } from '../../../server/src/app';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { davRequest } from '../dav/dav-client';

let env: TestEnv;
let tmp: string;
let addinDir: string;
beforeAll(async () => {
  env = await createTestEnv();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-headers-'));
  // The production build, as `npm run build:addin` makes it (no AKTE_ADDIN_SOURCEMAP).
  addinDir = await buildAddin({ outdir: path.join(tmp, 'dist') });
});
afterAll(async () => {
  await env.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const noFraming = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

describe('security headers on every response', () => {
  it('REST answers, successful or not, forbid sniffing and framing', async () => {
    for (const res of [
      await env.as('all').get('/api/v1/partners'),
      await env.anonymous().get('/api/v1/auth/me'),
      await env.anonymous().get('/api/v1/no-such-route'),
      await env.anonymous().get('/healthz'),
    ]) {
      expect(res.headers).toMatchObject(noFraming);
    }
  });

  it('DAV answers (207, 401, OPTIONS) forbid sniffing and framing', async () => {
    for (const res of [
      await davRequest(env, 'own', 'PROPFIND', '/dav/', '', { Depth: '0' }),
      await davRequest(env, null, 'PROPFIND', '/dav/'),
      await davRequest(env, null, 'OPTIONS', '/dav/'),
    ]) {
      expect(res.headers).toMatchObject(noFraming);
    }
  });

  it('the add-in task pane stays frameable for Outlook, the connect page does not, and no source map is served', async () => {
    const app = createApp({ ...env.services, config: { ...env.services.config, addinDir } });
    const pane = await request(app).get('/addin/taskpane.html');
    expect(pane.status).toBe(200);
    expect(pane.headers['x-content-type-options']).toBe('nosniff');
    expect(pane.headers['x-frame-options']).toBeUndefined();
    expect(pane.headers['content-security-policy']).not.toContain('frame-ancestors');

    const connect = await request(app)
      .get('/addin/connect')
      .query({ device: 'Laptop', redirect: `${env.services.config.publicUrl}/addin/taskpane.html` });
    expect(connect.headers['x-frame-options']).toBe('DENY');
    expect(connect.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    const script = await request(app).get('/addin/taskpane.js');
    expect(script.status).toBe(200);
    expect(script.text).not.toContain('sourceMappingURL');
    expect((await request(app).get('/addin/taskpane.js.map')).status).toBe(404);
    expect(fs.readdirSync(addinDir).filter((f) => f.endsWith('.map'))).toEqual([]);
  });
});
