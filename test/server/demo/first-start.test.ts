import request from 'supertest';
import { createApp } from '../../../server/src/app';
import { bootstrap, Started } from '../../../server/src/bootstrap';
import { loadConfig } from '../../../server/src/config';
import { loadDemoData } from '../../../server/src/demo/load-demo-data';
import { DEMO_USERS } from '../../../server/src/demo/data/people';
import { User } from '../../../server/src/domain/users/model';
import { createLogger } from '../../../server/src/logger';
import { startBanner } from '../../../server/src/start-banner';
import { databaseUrlForTest } from '../../support/test-env';

/**
 * The first start as `npm start` does it (main.ts): bootstrap without AKTE_ADMIN_PASSWORD, the demo data, the
 * banner. A new user must find one administrator with one password, printed once, and the demo salespeople apart.
 */
let db: Awaited<ReturnType<typeof databaseUrlForTest>>;
let first: Started;
let banner: string[];
const config = () =>
  loadConfig({
    AKTE_DATA_DIR: db.dataDir,
    DATABASE_URL: db.url,
    AKTE_LOG_LEVEL: 'silent',
    AKTE_DEMO_DATA: '1',
    PORT: '0',
  });

beforeAll(async () => {
  db = await databaseUrlForTest();
  const cfg = config();
  first = await bootstrap(cfg, createLogger('silent'));
  const demo = await loadDemoData(first.services.sequelize, { administratorEmail: cfg.adminEmail });
  banner = startBanner({
    publicUrl: cfg.publicUrl,
    adminEmail: cfg.adminEmail,
    adminCreated: first.adminCreated,
    generatedAdminPassword: first.generatedAdminPassword,
    demoSummary: demo.summary,
  });
}, 120_000);
afterAll(async () => {
  await first?.services.sequelize.close();
  await db.drop();
});

const login = (email: string, password: string) =>
  request(createApp(first.services)).post('/api/v1/auth/login').send({ email, password });

describe('the first start', () => {
  it('creates one administrator, whose password the banner prints once', async () => {
    expect((await User.findAll({ where: { role: 'admin' } })).map((u) => u.email)).toEqual(['admin@akte.local']);
    const adminLines = banner.filter((line) => /administrator/i.test(line));
    expect(adminLines).toEqual([
      `Administrator: admin@akte.local  password: ${first.generatedAdminPassword}  (shown once)`,
    ]);
    expect(banner.join('\n').split(first.generatedAdminPassword!)).toHaveLength(2);
    expect((await login('admin@akte.local', first.generatedAdminPassword!)).status).toBe(200);
  });

  it('lists the demo salespeople under their own, clearly labelled password', async () => {
    const heading = banner.find((line) => line.startsWith('Demo salespeople'))!;
    const demoPassword = /with the password (\S+) \(shown once\):$/.exec(heading)?.[1];
    expect(demoPassword).toBeDefined();
    expect(demoPassword).not.toBe(first.generatedAdminPassword);
    expect(banner.join('\n').split(demoPassword!)).toHaveLength(2);
    for (const user of DEMO_USERS) expect(banner.some((line) => line.includes(user.email))).toBe(true);
    expect((await login(DEMO_USERS[0].email, demoPassword!)).status).toBe(200);
    // The demo password opens no administrator account.
    expect((await login('admin@akte.local', demoPassword!)).status).toBe(401);
    // Short enough to read at a glance: the URL, the administrator, the demo summary and its logins.
    expect(banner.filter((line) => line.trim()).length).toBe(2 + 2 + DEMO_USERS.length);
  });

  it('prints no password on a later start, and how to reset a lost one', async () => {
    const again = await bootstrap(config(), createLogger('silent'));
    try {
      expect(again.adminCreated).toBe(false);
      const later = startBanner({
        publicUrl: 'http://localhost:8080',
        adminEmail: 'admin@akte.local',
        adminCreated: again.adminCreated,
        generatedAdminPassword: again.generatedAdminPassword,
      });
      expect(later.filter((line) => line.trim())).toEqual([
        'Akte is running at http://localhost:8080  (API: http://localhost:8080/api/v1, OpenAPI: http://localhost:8080/api/v1/openapi.json)',
        'Administrator: admin@akte.local  (password lost? npm run akte -- reset-password --email admin@akte.local)',
      ]);
      expect(await User.count({ where: { role: 'admin' } })).toBe(1);
    } finally {
      await again.services.sequelize.close();
    }
  });
});
