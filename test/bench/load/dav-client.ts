import {
  addressbookMultiget,
  benchCard,
  benchEvent,
  mkcalendar,
  propfindCollections,
  responsesOf,
  syncCollection,
  syncTokenOf,
} from '../dav/payloads';
import { type LoadConnection, send } from './connection';

/**
 * A phone's CardDAV/CalDAV traffic: PUTs of new and edited vCards into "Customers & contacts" and "My contacts"
 * (taking turns), PUTs of events (every tenth recurring weekly) into the user's calendar, incremental sync-collection
 * on both address books and the calendar (RFC 6578), and an addressbook-multiget (RFC 6352 §8.7) of the hrefs the
 * last sync reported — what a client does after learning of changes. Clients of the same user share the books, so
 * they see each other's writes in their syncs.
 */
export const DAV_KINDS = [
  'DAV PROPFIND calendars',
  'DAV MKCALENDAR',
  'DAV PUT card',
  'DAV PUT event',
  'DAV sync book',
  'DAV multiget',
  'DAV sync calendar',
] as const;

const MULTIGET_HREFS = 20;
/** Every EDIT_EVERY-th card PUT rewrites one of the client's earlier cards instead of adding one. */
const EDIT_EVERY = 4;
/** benchEvent's dates cover ~6 months for indexes below this; the client cycles through them. */
const EVENT_SPREAD = 2000;

interface Book {
  path: string;
  syncToken: string;
  /** Hrefs of the last sync's changes (else of the client's own last PUTs): the next multiget's. */
  recent: string[];
}

export class DavClient {
  private readonly books: Book[];
  private calendar: { path: string; syncToken: string } | null = null;
  private cards = 0;
  private events = 0;
  private syncs = 0;

  constructor(
    private readonly connection: LoadConnection,
    private readonly client: number,
  ) {
    const home = `/dav/addressbooks/${connection.endpoint.user}/`;
    this.books = [
      { path: `${home}customers/`, syncToken: '', recent: [] },
      { path: `${home}contacts/`, syncToken: '', recent: [] },
    ];
  }

  /** Finds the calendar (a phone's discovery) and takes the initial sync-tokens: part of the timed run. */
  async start(): Promise<void> {
    await this.findCalendar();
    for (const book of this.books) await this.syncBook(book);
    if (this.calendar) await this.syncCalendar();
  }

  async putCard(): Promise<void> {
    const k = this.cards++;
    const book = this.books[k % 2];
    const edit = k >= EDIT_EVERY && k % EDIT_EVERY === 0;
    // An edit rewrites the card put two PUTs before (the same book, and never itself an edit).
    const n = edit ? k - 2 : k;
    const i = this.client * 100_000 + n;
    const href = `${book.path}load-${this.client}-${n}.vcf`;
    const answer = await send(this.connection, 'DAV PUT card', {
      method: 'PUT',
      path: href,
      body: benchCard(i, `load-${this.client}-${n}`, edit ? k : 0),
      headers: { 'Content-Type': 'text/vcard; charset=utf-8', ...(edit ? {} : { 'If-None-Match': '*' }) },
    });
    if (answer && answer.status < 300 && book.recent.length < MULTIGET_HREFS) book.recent.push(href);
  }

  async putEvent(): Promise<void> {
    if (!this.calendar) return this.putCard();
    const k = this.events++;
    const uid = `load-event-${this.client}-${k}`;
    await send(this.connection, 'DAV PUT event', {
      method: 'PUT',
      path: `${this.calendar.path}${uid}.ics`,
      body: benchEvent(k % EVENT_SPREAD).replace(/^UID:.*$/m, `UID:${uid}`),
      headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-None-Match': '*' },
    });
  }

  /** Incremental sync of the two books in turn. */
  async syncNextBook(): Promise<void> {
    await this.syncBook(this.books[this.syncs++ % 2]);
  }

  async multiget(): Promise<void> {
    const book = this.books[(this.syncs + 1) % 2];
    if (!book.recent.length) return this.putCard();
    const hrefs = book.recent.splice(0);
    await send(this.connection, 'DAV multiget', {
      method: 'REPORT',
      path: book.path,
      body: addressbookMultiget(hrefs),
      headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
    });
  }

  async syncCalendar(): Promise<void> {
    if (!this.calendar) return this.syncNextBook();
    const answer = await send(this.connection, 'DAV sync calendar', {
      method: 'REPORT',
      path: this.calendar.path,
      body: syncCollection(this.calendar.syncToken),
      headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
    });
    if (answer?.status === 207) this.calendar.syncToken = syncTokenOf(answer.text) ?? '';
  }

  private async syncBook(book: Book): Promise<void> {
    const answer = await send(this.connection, 'DAV sync book', {
      method: 'REPORT',
      path: book.path,
      body: syncCollection(book.syncToken),
      headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
    });
    if (answer?.status !== 207) return;
    book.syncToken = syncTokenOf(answer.text) ?? '';
    // Parsing after the clock stopped: the client's work, not the server's.
    const changed = responsesOf(answer.text)
      .filter((r) => !r.href.endsWith('/') && !/\b404\b/.test(r.body))
      .map((r) => new URL(r.href, 'http://x').pathname);
    if (changed.length) book.recent = changed.slice(-MULTIGET_HREFS);
  }

  /** The first calendar of the home that takes events, else one made with MKCALENDAR (as bench:dav does). */
  private async findCalendar(): Promise<void> {
    const home = `/dav/calendars/${this.connection.endpoint.user}/`;
    const listing = await send(this.connection, 'DAV PROPFIND calendars', {
      method: 'PROPFIND',
      path: home,
      body: propfindCollections,
      headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
    });
    for (const response of listing?.status === 207 ? responsesOf(listing.text) : []) {
      const path = new URL(response.href, 'http://x').pathname;
      const isCalendar = /<[\w-]+:calendar\s*\/>/.test(response.body);
      const takesEvents =
        !/supported-calendar-component-set>/.test(response.body) || /name="VEVENT"/.test(response.body);
      if (isCalendar && takesEvents && path !== home) {
        this.calendar = { path, syncToken: '' };
        return;
      }
    }
    const own = `${home}load-${this.client}/`;
    const made = await send(this.connection, 'DAV MKCALENDAR', { method: 'MKCALENDAR', path: own, body: mkcalendar });
    if (made?.status === 201) this.calendar = { path: own, syncToken: '' };
  }
}
