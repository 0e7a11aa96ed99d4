/** XML namespaces of WebDAV (RFC 4918), CalDAV (RFC 4791), CardDAV (RFC 6352) and the de-facto Apple/CalendarServer ones. */
export const NS = {
  dav: 'DAV:',
  caldav: 'urn:ietf:params:xml:ns:caldav',
  carddav: 'urn:ietf:params:xml:ns:carddav',
  calendarserver: 'http://calendarserver.org/ns/',
  appleical: 'http://apple.com/ns/ical/',
} as const;

/** Prefixes used when serializing; any other namespace gets a prefix declared on the element itself. */
export const PREFIXES: Record<string, string> = {
  [NS.dav]: 'd',
  [NS.caldav]: 'cal',
  [NS.carddav]: 'card',
  [NS.calendarserver]: 'cs',
  [NS.appleical]: 'ical',
};

/** Clark notation `{namespace}local`: one string that names an element unambiguously (map keys, comparisons). */
export function clark(ns: string, local: string): string {
  return `{${ns}}${local}`;
}

export const dav = (local: string): string => clark(NS.dav, local);
export const carddav = (local: string): string => clark(NS.carddav, local);
export const caldav = (local: string): string => clark(NS.caldav, local);
export const cs = (local: string): string => clark(NS.calendarserver, local);
export const appleical = (local: string): string => clark(NS.appleical, local);

export function splitClark(name: string): { ns: string; local: string } {
  const match = /^\{([^}]*)\}(.+)$/.exec(name);
  if (!match) return { ns: '', local: name };
  return { ns: match[1], local: match[2] };
}
