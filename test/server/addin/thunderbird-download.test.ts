import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildThunderbird } from '../../../thunderbird-extension/build';
import { createApp } from '../../../server/src/app';
import { createTestEnv, TestEnv } from '../../support/test-env';

/**
 * The server offers the built Thunderbird add-on: /addin/thunderbird.xpi (the product build, as `npm start` makes
 * it) and the install page /addin/thunderbird in German and English, which also points to the CardDAV/CalDAV set-up.
 */
let env: TestEnv;
let tmp: string;
let xpi: string;

beforeAll(async () => {
  env = await createTestEnv();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-tb-download-'));
  xpi = await buildThunderbird({ outdir: path.join(tmp, 'dist') });
});

afterAll(async () => {
  await env.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const appWith = (thunderbirdXpi: string) =>
  createApp({ ...env.services, config: { ...env.services.config, thunderbirdXpi } });

describe('GET /addin/thunderbird.xpi', () => {
  it('serves the built add-on as application/x-xpinstall, byte for byte', async () => {
    const res = await request(appWith(xpi))
      .get('/addin/thunderbird.xpi')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-xpinstall');
    expect(res.headers['content-disposition']).toBe('attachment; filename=akte-thunderbird.xpi');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(res.body as Buffer, fs.readFileSync(xpi))).toBe(0);
    // A ZIP (local file header), with the manifest inside.
    expect((res.body as Buffer).readUInt32LE(0)).toBe(0x04034b50);
    expect((res.body as Buffer).includes('manifest.json')).toBe(true);
  });

  it('is a 404 with a precise message when the add-on is not built, in the requested language', async () => {
    const app = appWith(path.join(tmp, 'missing', 'akte-thunderbird.xpi'));
    const en = await request(app).get('/addin/thunderbird.xpi').set('Accept-Language', 'en');
    expect(en.status).toBe(404);
    expect(en.text).toBe('The Thunderbird add-on is not built on this server (npm run build:thunderbird).');
    const de = await request(app).get('/addin/thunderbird.xpi').set('Accept-Language', 'de-DE');
    expect(de.status).toBe(404);
    expect(de.text).toContain('nicht gebaut');
  });
});

describe('GET /addin/thunderbird', () => {
  it('says how to install the add-on and set up contacts & calendar, in English', async () => {
    const res = await request(appWith(xpi)).get('/addin/thunderbird').set('Accept-Language', 'en-GB,en;q=0.9');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('href="thunderbird.xpi"');
    expect(res.text).toContain('Install Add-on From File…');
    expect(res.text).toContain('CardDAV/CalDAV');
    expect(res.text).toContain(`<code>${env.services.config.publicUrl}/dav/</code>`);
  });

  it('in German by default, and without a download link when the add-on is not built', async () => {
    const res = await request(appWith(path.join(tmp, 'missing.xpi'))).get('/addin/thunderbird');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="de">');
    expect(res.text).toContain('Add-on aus Datei installieren…');
    expect(res.text).toContain('Kontakte und Kalender (CardDAV/CalDAV)');
    expect(res.text).not.toContain('href="thunderbird.xpi"');
    expect(res.text).toContain('npm run build:thunderbird');
  });
});
