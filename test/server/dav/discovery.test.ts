import { createTestEnv, TestEnv } from '../../support/test-env';
import { davRequest, propfindBody } from './dav-client';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('DAV discovery and authentication', () => {
  it('redirects /.well-known/carddav and caldav to the DAV root', async () => {
    for (const path of ['/.well-known/carddav', '/.well-known/caldav']) {
      const res = await davRequest(env, null, 'PROPFIND', path);
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe('/dav/');
    }
  });

  it('advertises only implemented DAV classes on OPTIONS without credentials', async () => {
    const res = await davRequest(env, null, 'OPTIONS', '/dav/');
    expect(res.status).toBe(200);
    expect(res.headers.dav).toContain('addressbook');
    expect(res.headers.dav).toContain('extended-mkcol');
    expect(res.headers.dav).not.toContain('calendar-schedule');
    expect(res.headers.allow).toContain('REPORT');
  });

  it('asks for Basic credentials with the Akte realm', async () => {
    const res = await davRequest(env, null, 'PROPFIND', '/dav/', propfindBody('d:current-user-principal'));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="Akte"/);
  });

  it('refuses a wrong token and a token presented with another user name', async () => {
    const wrong = 'Basic ' + Buffer.from(`${env.users.own.email}:akte_wrong`).toString('base64');
    expect((await davRequest(env, null, 'PROPFIND', '/dav/', '', { Authorization: wrong })).status).toBe(401);
    const swapped = 'Basic ' + Buffer.from(`${env.users.all.email}:${env.users.own.token}`).toString('base64');
    expect((await davRequest(env, null, 'PROPFIND', '/dav/', '', { Authorization: swapped })).status).toBe(401);
  });

  it('accepts a URL-encoded user name (iOS sends %40)', async () => {
    const user = env.users.own.email.replace('@', '%40');
    const auth = 'Basic ' + Buffer.from(`${user}:${env.users.own.token}`).toString('base64');
    const res = await davRequest(env, null, 'PROPFIND', '/dav/', propfindBody('d:current-user-principal'), {
      Authorization: auth,
      Depth: '0',
    });
    expect(res.status).toBe(207);
    expect(res.text).toContain(`/dav/principals/${env.users.own.email}/`);
  });

  it('answers current-user-principal on the root and on "/"', async () => {
    for (const path of ['/dav/', '/']) {
      const res = await davRequest(env, 'own', 'PROPFIND', path, propfindBody('d:current-user-principal'), {
        Depth: '0',
      });
      expect(res.status).toBe(207);
      expect(res.text).toMatch(/<d:current-user-principal><d:href>\/dav\/principals\/own@example.test\/<\/d:href>/);
    }
  });

  it('answers the principal properties and puts unknown ones in a 404 propstat after the 200 one', async () => {
    const res = await davRequest(
      env,
      'own',
      'PROPFIND',
      `/dav/principals/${env.users.own.email}/`,
      propfindBody(
        'card:addressbook-home-set',
        'cal:calendar-home-set',
        'cal:calendar-user-address-set',
        'd:principal-URL',
        'd:displayname',
        'cs:nonsense',
      ),
      { Depth: '0' },
    );
    expect(res.status).toBe(207);
    expect(res.text).toContain('<card:addressbook-home-set><d:href>/dav/addressbooks/own@example.test/</d:href>');
    expect(res.text).toContain('<cal:calendar-home-set><d:href>/dav/calendars/own@example.test/</d:href>');
    expect(res.text).toContain('<d:href>mailto:own@example.test</d:href>');
    expect(res.text).toContain('<d:displayname>Otto Eigen</d:displayname>');
    const ok = res.text.indexOf('HTTP/1.1 200 OK');
    const missing = res.text.indexOf('HTTP/1.1 404 Not Found');
    expect(ok).toBeGreaterThan(0);
    expect(missing).toBeGreaterThan(ok);
    expect(res.text.slice(ok, missing)).toContain('<cs:nonsense/>');
  });

  it("hides other users' principals and homes (404)", async () => {
    const res = await davRequest(
      env,
      'own',
      'PROPFIND',
      `/dav/principals/${env.users.own2.email}/`,
      propfindBody('d:displayname'),
      { Depth: '0' },
    );
    expect(res.status).toBe(404);
    const home = await davRequest(
      env,
      'own',
      'PROPFIND',
      `/dav/addressbooks/${env.users.own2.email}/`,
      propfindBody('d:displayname'),
      { Depth: '1' },
    );
    expect(home.status).toBe(404);
  });

  it('lists the address books in the home with their sync properties', async () => {
    const res = await davRequest(
      env,
      'own',
      'PROPFIND',
      `/dav/addressbooks/${env.users.own.email}/`,
      propfindBody(
        'd:resourcetype',
        'd:displayname',
        'cs:getctag',
        'd:sync-token',
        'd:supported-report-set',
        'card:supported-address-data',
        'card:max-resource-size',
      ),
      { Depth: '1' },
    );
    expect(res.status).toBe(207);
    expect(res.text).toContain('<d:displayname>Customers &amp; contacts</d:displayname>');
    expect(res.text).toContain('<d:displayname>My contacts</d:displayname>');
    expect(res.text).toContain('<card:addressbook/>');
    expect(res.text).toMatch(/<d:sync-token>http:\/\/akte\.local\/sync\/\d+<\/d:sync-token>/);
    expect(res.text).toContain('<card:addressbook-multiget/>');
    expect(res.text).toContain('version="4.0"');
  });
  it('rate-limits failed logins per user name and client address with 429, and never locks out a valid token', async () => {
    // A client address of its own: failures of the earlier tests stay counted (a valid token reads and writes no
    // count, so it does not forget them either), and they came from the loopback address.
    const office = { 'X-Forwarded-For': '192.0.2.44' };
    const wrong = 'Basic ' + Buffer.from(`${env.users.own.email}:akte_wrong`).toString('base64');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await davRequest(env, null, 'PROPFIND', '/dav/', '', { ...office, Authorization: wrong })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(-2)).toEqual([429, 429]);
    const blocked = await davRequest(env, null, 'PROPFIND', '/dav/', '', { ...office, Authorization: wrong });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(900);
    // The same user with the right token from the same address: not locked out.
    const good = await davRequest(env, 'own', 'PROPFIND', '/dav/', '', { ...office, Depth: '0' });
    expect(good.status).toBe(207);
    // A colleague behind the same address (an office NAT): not locked out either.
    const colleague = await davRequest(env, 'own2', 'PROPFIND', '/dav/', '', { ...office, Depth: '0' });
    expect(colleague.status).toBe(207);
    const colleagueTypo = 'Basic ' + Buffer.from(`${env.users.own2.email}:akte_typo`).toString('base64');
    expect(
      (await davRequest(env, null, 'PROPFIND', '/dav/', '', { ...office, Authorization: colleagueTypo })).status,
    ).toBe(401);
  });
});
