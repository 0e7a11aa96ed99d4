import fs from 'node:fs';
import path from 'node:path';
import type { RunningRadicale } from '../../../../support/radicale';

/**
 * Another client of the test's Radicale (test code): makes collections (extended MKCOL, RFC 5689; MKCALENDAR,
 * RFC 4791 §5.3.1) and writes, deletes and reads items over plain HTTP, and reaches the files Radicale stores, so a
 * test can do to the remote what a phone or a server-side rewrite would.
 */
export class RadicaleClient {
  private readonly auth: string;

  constructor(readonly radicale: RunningRadicale) {
    this.auth = `Basic ${Buffer.from(`${radicale.user}:${radicale.password}`).toString('base64')}`;
  }

  async request(method: string, href: string, headers: Record<string, string> = {}, body?: string) {
    const response = await fetch(new URL(href, this.radicale.baseUrl), {
      method,
      headers: { authorization: this.auth, ...headers },
      body,
    });
    return { status: response.status, etag: response.headers.get('etag'), text: await response.text() };
  }

  /** A new, empty address book or calendar at /alice/<name>/. */
  async makeCollection(
    name: string,
    type: 'addressbook' | 'calendar',
    components = ['VEVENT', 'VTODO'],
  ): Promise<string> {
    const href = `/${this.radicale.user}/${name}/`;
    const resourcetype =
      type === 'addressbook' ? '<d:collection/><card:addressbook/>' : '<d:collection/><cal:calendar/>';
    const comps =
      type === 'calendar'
        ? `<cal:supported-calendar-component-set>${components.map((c) => `<cal:comp name="${c}"/>`).join('')}</cal:supported-calendar-component-set>`
        : '';
    const body = `<?xml version="1.0" encoding="utf-8"?>
<d:mkcol xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:cal="urn:ietf:params:xml:ns:caldav">
<d:set><d:prop><d:resourcetype>${resourcetype}</d:resourcetype><d:displayname>${name}</d:displayname>${comps}</d:prop></d:set></d:mkcol>`;
    const answer = await this.request('MKCOL', href, { 'content-type': 'application/xml' }, body);
    if (answer.status !== 201) throw new Error(`MKCOL ${href}: ${answer.status} ${answer.text}`);
    return href;
  }

  async put(href: string, body: string, headers: Record<string, string> = {}): Promise<string | null> {
    const contentType = href.endsWith('.vcf') ? 'text/vcard' : 'text/calendar';
    const answer = await this.request('PUT', href, { 'content-type': contentType, ...headers }, body);
    if (answer.status !== 201 && answer.status !== 204) throw new Error(`PUT ${href}: ${answer.status} ${answer.text}`);
    return answer.etag;
  }

  async remove(href: string): Promise<void> {
    const answer = await this.request('DELETE', href);
    if (answer.status !== 200 && answer.status !== 204) throw new Error(`DELETE ${href}: ${answer.status}`);
  }

  async get(href: string): Promise<{ body: string; etag: string | null } | null> {
    const answer = await this.request('GET', href);
    if (answer.status === 404) return null;
    return { body: answer.text, etag: answer.etag };
  }

  /** The folder Radicale keeps a collection in (its items are files named as their hrefs' last segment). */
  folderOf(collectionHref: string): string {
    return path.join(
      this.radicale.root,
      'collections',
      'collection-root',
      ...collectionHref.split('/').filter(Boolean),
    );
  }

  /** Every item of a collection as stored on disk: what the remote holds, read without the provider under test. */
  storedItems(collectionHref: string): Array<{ href: string; body: string }> {
    const folder = this.folderOf(collectionHref);
    return fs
      .readdirSync(folder)
      .filter((name) => !name.startsWith('.'))
      .sort()
      .map((name) => ({ href: `${collectionHref}${name}`, body: fs.readFileSync(path.join(folder, name), 'utf8') }));
  }

  /** Radicale forgets every sync-token it handed out for the collection (as a server pruning its change log). */
  forgetSyncTokens(collectionHref: string): void {
    fs.rmSync(path.join(this.folderOf(collectionHref), '.Radicale.cache', 'sync-token'), {
      recursive: true,
      force: true,
    });
  }
}
