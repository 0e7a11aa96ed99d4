/**
 * The benchmark's DAV payloads: deterministic vCards and events (so every run sends the same bytes), and the XML
 * bodies of the requests a phone sends. Pure.
 */
const pad = (n: number, width = 5) => String(n).padStart(width, '0');

export function benchCard(i: number, uid = `bench-${pad(i)}`, edit = 0): string {
  const last = `Nachname${pad(i)}`;
  const first = edit ? `Vorname${i} v${edit}` : `Vorname${i}`;
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `UID:${uid}`,
    `FN:${first} ${last}`,
    `N:${last};${first};;;`,
    `ORG:Firma ${i % 97} GmbH`,
    'TITLE:Einkauf',
    `EMAIL;TYPE=WORK:kontakt${i}@firma${i % 97}.example`,
    `TEL;TYPE=WORK:+49 30 ${String(1_000_000 + i * 37).slice(-7)}`,
    `ADR;TYPE=WORK:;;Hauptstraße ${(i % 120) + 1};Berlin;;10115;Deutschland`,
    `NOTE:Benchmark-Kontakt ${i}`,
    'END:VCARD',
    '',
  ].join('\r\n');
}

const MONTH_START = Date.UTC(2026, 0, 5, 8, 0, 0);
const HOUR = 3_600_000;

function icalDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Events over ~6 months of working hours from January 2026; every tenth recurs weekly (10 times). */
export function benchEvent(i: number): string {
  const start = MONTH_START + Math.floor(i / 12) * 24 * HOUR + (i % 12) * HOUR;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Akte//dav-bench//EN',
    'BEGIN:VEVENT',
    `UID:bench-event-${pad(i)}`,
    `DTSTAMP:${icalDate(MONTH_START)}`,
    `DTSTART:${icalDate(start)}`,
    `DTEND:${icalDate(start + HOUR)}`,
    `SUMMARY:Termin ${i}`,
    `LOCATION:Raum ${i % 12}`,
  ];
  if (i % 10 === 0) lines.push('RRULE:FREQ=WEEKLY;COUNT=10');
  lines.push('END:VEVENT', 'END:VCALENDAR', '');
  return lines.join('\r\n');
}

export const QUERY_MONTH = { start: '20260301T000000Z', end: '20260401T000000Z' };

export const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>';

export const propfindEtags = `${XML_HEAD}<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:getcontenttype/><d:resourcetype/></d:prop></d:propfind>`;

export const propfindSyncToken = `${XML_HEAD}<d:propfind xmlns:d="DAV:"><d:prop><d:sync-token/></d:prop></d:propfind>`;

export const propfindCollections = `${XML_HEAD}<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:resourcetype/><c:supported-calendar-component-set/></d:prop></d:propfind>`;

export function syncCollection(token: string): string {
  return `${XML_HEAD}<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;
}

export function addressbookMultiget(hrefs: string[]): string {
  const list = hrefs.map((h) => `<d:href>${escapeText(h)}</d:href>`).join('');
  return `${XML_HEAD}<card:addressbook-multiget xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><card:address-data/></d:prop>${list}</card:addressbook-multiget>`;
}

export function calendarQueryMonth(): string {
  return `${XML_HEAD}<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="${QUERY_MONTH.start}" end="${QUERY_MONTH.end}"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`;
}

export const mkcolAddressBook = `${XML_HEAD}<d:mkcol xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:set><d:prop><d:resourcetype><d:collection/><card:addressbook/></d:resourcetype><d:displayname>Bench</d:displayname></d:prop></d:set></d:mkcol>`;

export const mkcalendar = `${XML_HEAD}<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop><d:displayname>Bench</d:displayname><c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>`;

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** The `<href>`s of a multistatus' responses (any prefix), and its sync-token. Good enough for well-formed answers. */
export function responsesOf(xml: string): Array<{ href: string; body: string }> {
  const responses: Array<{ href: string; body: string }> = [];
  for (const m of xml.matchAll(/<(?:[\w-]+:)?response\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?response>/g)) {
    const href = /<(?:[\w-]+:)?href\b[^>]*>([^<]*)</.exec(m[1])?.[1] ?? '';
    responses.push({ href: href.trim(), body: m[1] });
  }
  return responses;
}

export function syncTokenOf(xml: string): string | null {
  return /<(?:[\w-]+:)?sync-token\b[^>]*>([^<]*)</.exec(xml)?.[1]?.trim() ?? null;
}
