import request from 'supertest';
import type { TestEnv, TestUserKey } from '../../support/test-env';
import type { DomainContext } from '../../../server/src/domain/context';
import { User } from '../../../server/src/domain/users/model';
import { actorForUser } from '../../../server/src/domain/users/actors';

/** Helpers for DAV tests: raw DAV requests with HTTP Basic (email + personal API token), as phones send them. */
export function basicAuth(env: TestEnv, user: TestUserKey): string {
  const { email, token } = env.users[user];
  return 'Basic ' + Buffer.from(`${email}:${token}`).toString('base64');
}

export function davRequest(
  env: TestEnv,
  user: TestUserKey | null,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<DavResponse> {
  const agent = request(env.app) as unknown as Record<string, (url: string) => request.Test>;
  let test = agent[method.toLowerCase()](path);
  if (user) test = test.set('Authorization', basicAuth(env, user));
  for (const [name, value] of Object.entries(headers)) test = test.set(name, value);
  if (body !== undefined) {
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      test = test.set('Content-Type', 'application/xml; charset=utf-8');
    test = test.send(body);
  }
  // DAV answers are XML or vCards: read them as text whatever the content type.
  return test
    .buffer(true)
    .parse((res, cb) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (data += chunk));
      res.on('end', () => cb(null, data));
    })
    .then((res) => ({
      status: res.status,
      headers: res.headers as Record<string, string>,
      text: typeof res.body === 'string' ? res.body : '',
    }));
}

export interface DavResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export const propfindBody = (...props: string[]): string =>
  `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/"><d:prop>${props
    .map((p) => `<${p}/>`)
    .join('')}</d:prop></d:propfind>`;

export function bookPath(env: TestEnv, user: TestUserKey, book: string): string {
  return `/dav/addressbooks/${env.users[user].email}/${book}/`;
}

/** An RFC 6578 sync-collection asking ETags only (what phones ask); '' = the initial sync. */
export const etagSyncBody = (token: string): string =>
  `<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;

/** The sync-token of a sync-collection answer. */
export const syncTokenOf = (xml: string): string => /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(xml)![1];

export function vcard(uid: string, fn: string, extra: string[] = []): string {
  return ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, `FN:${fn}`, ...extra, 'END:VCARD', ''].join('\r\n');
}

/** Runs domain code as a test user in one transaction (the CRM side of a DAV test, without the REST layer). */
export async function asDomain<T>(
  env: TestEnv,
  user: TestUserKey,
  work: (ctx: DomainContext) => Promise<T>,
): Promise<T> {
  const record = await User.findByPk(env.users[user].id);
  const actor = await actorForUser(record!);
  return env.sequelize.transaction((tx) => work({ actor, sequelize: env.sequelize, tx, blobs: env.services.blobs }));
}
