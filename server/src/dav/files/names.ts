import type { RecordType } from '../../domain/history/linked-record';

/**
 * How CRM records and documents are named in the WebDAV file tree (`/dav/files/`). Pure.
 *
 * A record folder is `Partner 12 - Müller GmbH` or `Opportunity 7 - Website relaunch`: readable in a file manager,
 * and stable because only the number identifies the record — the title after " - " is a label that follows
 * renames, and any label (or none: `Partner 12`) resolves to the same record, so a path a desktop cached keeps
 * working after the record is renamed. Characters Windows/macOS cannot show in a folder name are replaced;
 * hrefs percent-encode the rest (RFC 3986), so every name is URL-safe.
 */
export interface RecordFolderRef {
  recordType: RecordType;
  recordId: number;
}

const PREFIX: Record<RecordType, string> = { partner: 'Partner', lead: 'Opportunity' };
const FOLDER_NAME = /^(Partner|Opportunity|Lead) ([1-9][0-9]{0,9})(?: - .*)?$/;
const MAX_TITLE = 80;
// Control characters plus what Windows forbids in a file name (and what macOS' Finder shows as a path separator).
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]+/g;

export function recordFolderName(recordType: RecordType, recordId: number, title: string | null): string {
  const label = (title ?? '')
    .normalize('NFC')
    .replace(UNSHOWABLE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TITLE)
    // Windows drops trailing dots and spaces from folder names, which would make the name unresolvable there.
    .replace(/[. ]+$/, '');
  const base = `${PREFIX[recordType]} ${recordId}`;
  return label ? `${base} - ${label}` : base;
}

/** The record a top-level folder name points at, or null. `Lead 5` is accepted for a lead not yet converted. */
export function parseRecordFolderName(segment: string): RecordFolderRef | null {
  const match = FOLDER_NAME.exec(segment);
  if (!match) return null;
  const recordId = Number(match[2]);
  if (!Number.isSafeInteger(recordId) || recordId > 2_147_483_647) return null;
  return { recordType: match[1] === 'Partner' ? 'partner' : 'lead', recordId };
}

/**
 * Names of the entries of one folder. Folder names are unique (a constraint); document names are not (the REST API
 * allows two `Offer.pdf` on a record), but a WebDAV path must name exactly one resource: the oldest document keeps
 * its name, later ones with a taken name are shown as `Offer (57).pdf` — 57 being the document id, so the name
 * stays the same from one listing to the next.
 */
export function assignDocumentNames(
  folderNames: string[],
  documents: Array<{ id: number; name: string }>,
): Map<number, string> {
  const taken = new Set(folderNames);
  const names = new Map<number, string>();
  const ordered = [...documents].sort((a, b) => a.id - b.id);
  for (const document of ordered) {
    let name = document.name.normalize('NFC');
    if (taken.has(name)) name = withSuffix(name, `(${document.id})`);
    let round = 0;
    while (taken.has(name) && round < 10) name = withSuffix(document.name, `(${document.id}-${++round})`);
    taken.add(name);
    names.set(document.id, name);
  }
  return names;
}

function withSuffix(name: string, suffix: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return `${name} ${suffix}`;
  return `${name.slice(0, dot)} ${suffix}${name.slice(dot)}`;
}

const MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  heic: 'image/heic',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  zip: 'application/zip',
  eml: 'message/rfc822',
  msg: 'application/vnd.ms-outlook',
  ics: 'text/calendar',
  vcf: 'text/vcard',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

/**
 * The media type a PUT stores. Desktop WebDAV clients (Finder, Windows, davfs2) mostly send no Content-Type or a
 * generic one, so a missing/generic header falls back to the file extension.
 */
export function mediaTypeFor(name: string, header: string | undefined, isMediaType: (v: string) => boolean): string {
  const sent = header?.trim();
  const generic =
    !sent || /^application\/octet-stream\b/i.test(sent) || /^application\/x-www-form-urlencoded\b/i.test(sent);
  if (sent && !generic && isMediaType(sent)) return sent;
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  return (extension && MEDIA_TYPES[extension]) ?? 'application/octet-stream';
}

/** Strong ETag of a document body: its content hash (the same bytes always give the same tag). */
export function documentEtag(sha256: string): string {
  return `"${sha256.slice(0, 40)}"`;
}
