import http from 'node:http';
import type { Server } from 'node:http';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { basicAuth } from './dav-client';
import { listen, rawRequest, RawResponse } from './files-client';
import { MAX_XML_DEPTH, MAX_XML_ELEMENTS } from '../../../server/src/dav/xml/parse';
import { MAX_REQUESTED_PROPERTIES } from '../../../server/src/dav/methods/propfind';

/**
 * Requests that used to freeze the server (issue #10, part 3): each is refused quickly, and a /healthz sent at the
 * same moment answers meanwhile — on a real listening server, so a blocked event loop would show.
 */
let env: TestEnv;
let server: Server;
let port: number;
beforeAll(async () => {
  env = await createTestEnv();
  ({ server, port } = await listen(env));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env.close();
});

interface Timed<T> {
  value: T;
  ms: number;
  doneAt: number;
}

async function timed<T>(work: Promise<T>): Promise<Timed<T>> {
  const start = performance.now();
  const value = await work;
  const doneAt = performance.now();
  return { value, ms: doneAt - start, doneAt };
}

/** The attack and a /healthz at the same moment: the attack is refused fast, and /healthz is not held up by it. */
async function refusedQuickly(attack: () => Promise<RawResponse>): Promise<RawResponse> {
  const [refused, health] = await Promise.all([timed(attack()), timed(rawRequest(port, env, null, 'GET', '/healthz'))]);
  expect(health.value.status).toBe(200);
  // About a millisecond of the server's time (the unbounded parse took 72 s); the bound leaves room for a CI machine
  // whose two cores also run a headless Thunderbird or a MariaDB beside this file (1.16 s seen there once).
  expect(refused.ms).toBeLessThan(2500);
  expect(health.doneAt <= refused.doneAt || health.ms < 200).toBe(true);
  return refused.value;
}

const xml = { 'Content-Type': 'application/xml; charset=utf-8', Depth: '0' };
const principal = () => `/dav/principals/${env.users.own.email}/`;
const nested = (depth: number) => '<x:a xmlns:x="urn:example:deep">'.repeat(depth) + '</x:a>'.repeat(depth);
const propfindOf = (inner: string) =>
  `<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop>${inner}</d:prop></d:propfind>`;
const propertyUpdate = (value: string) =>
  `<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:z="urn:example:z"><d:set><d:prop><z:note>${value}</z:note></d:prop></d:set></d:propertyupdate>`;

describe('DAV request bodies: XML shape limits', () => {
  it(`refuses XML nested deeper than ${MAX_XML_DEPTH} levels with 400, quickly (it used to grow with depth²)`, async () => {
    const res = await refusedQuickly(() =>
      rawRequest(port, env, 'own', 'PROPFIND', principal(), propfindOf(nested(20_000)), xml),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain(`deeper than ${MAX_XML_DEPTH}`);
  });

  it('still takes XML nested as deep as the limit', async () => {
    // propfind > prop > the nested value: the limit counts every level.
    const res = await rawRequest(port, env, 'own', 'PROPFIND', principal(), propfindOf(nested(MAX_XML_DEPTH - 2)), xml);
    expect(res.status).toBe(207);
  });

  it(`refuses more than ${MAX_XML_ELEMENTS} elements with 400`, async () => {
    const body = propfindOf('<d:getetag/>'.repeat(MAX_XML_ELEMENTS));
    const res = await refusedQuickly(() => rawRequest(port, env, 'own', 'PROPFIND', principal(), body, xml));
    expect(res.status).toBe(400);
    expect(res.text).toContain(`more than ${MAX_XML_ELEMENTS} elements`);
  });

  it('refuses a deep dead-property value in PROPPATCH with 400 (a stack overflow and a 500 before)', async () => {
    for (const path of ['/dav/files/', `/dav/calendars/${env.users.own.email}/tasks/`]) {
      const res = await refusedQuickly(() =>
        rawRequest(port, env, 'own', 'PROPPATCH', path, propertyUpdate(nested(20_000)), xml),
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain(`deeper than ${MAX_XML_DEPTH}`);
    }
  });

  it(`refuses a PROPFIND naming more than ${MAX_REQUESTED_PROPERTIES} properties with 400, takes that many`, async () => {
    const props = (n: number) => Array.from({ length: n }, (_, i) => `<z:p${i}/>`).join('');
    const body = (n: number) =>
      `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:z="urn:example:z"><d:prop>${props(n)}</d:prop></d:propfind>`;
    const res = await refusedQuickly(() => rawRequest(port, env, 'own', 'PROPFIND', principal(), body(10_000), xml));
    expect(res.status).toBe(400);
    expect(res.text).toContain(`at most ${MAX_REQUESTED_PROPERTIES} properties`);
    const files = await rawRequest(port, env, 'own', 'PROPFIND', '/dav/files/', body(10_000), xml);
    expect(files.status).toBe(400);
    const report = await rawRequest(
      port,
      env,
      'own',
      'REPORT',
      `/dav/calendars/${env.users.own.email}/tasks/`,
      `<?xml version="1.0"?><c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:z="urn:example:z"><d:prop>${props(MAX_REQUESTED_PROPERTIES + 1)}</d:prop><d:href>/x.ics</d:href></c:calendar-multiget>`,
      { ...xml, Depth: '1' },
    );
    expect(report.status).toBe(400);
    expect(
      (await rawRequest(port, env, 'own', 'PROPFIND', principal(), body(MAX_REQUESTED_PROPERTIES), xml)).status,
    ).toBe(207);
  });
});

/**
 * Sends the headers and the first MB of a body announced as `total` bytes, then waits for an answer without sending
 * the rest: only a server that answers before reading the body can answer at all.
 */
function answerBeforeBody(method: string, path: string, total: number, user: 'own' | null): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Length': String(total), 'Content-Type': 'application/xml' };
    if (user) headers.Authorization = basicAuth(env, user);
    else headers.Authorization = 'Basic ' + Buffer.from(`${env.users.own.email}:wrong-token`).toString('base64');
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        req.destroy();
      });
    });
    // The server may close the connection on the unread body once it has answered.
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    req.write(Buffer.alloc(1024 * 1024, 'a'));
    setTimeout(() => {
      if (!req.destroyed) {
        req.destroy();
        reject(new Error(`no answer to ${method} ${path} before its body was complete`));
      }
    }, 2000).unref();
  });
}

describe('DAV request bodies are read only after authentication', () => {
  it('answers 401 to an unauthenticated 50 MB upload to /dav/files before reading it', async () => {
    const res = await refusedQuickly(() => answerBeforeBody('PUT', '/dav/files/x/upload.bin', 50 * 1024 * 1024, null));
    expect(res.status).toBe(401);
  });

  it('answers 401 to an unauthenticated PROPFIND with a large body before reading it', async () => {
    const res = await refusedQuickly(() => answerBeforeBody('PROPFIND', principal(), 3 * 1024 * 1024, null));
    expect(res.status).toBe(401);
  });

  it('still reads the body once authenticated (the answer waits for it)', async () => {
    await expect(answerBeforeBody('PROPFIND', principal(), 3 * 1024 * 1024, 'own')).rejects.toThrow(
      /before its body was complete/,
    );
  });
});
