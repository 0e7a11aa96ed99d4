import type { PropValue } from '../xml/multistatus';
import { el } from '../xml/multistatus';
import { dav } from '../xml/namespaces';
import { documentEtag } from './names';
import type { DocumentRecord } from '../../domain/documents/model';
import type { DavFileFolder } from './model';
import type { RecordFolder, TreeEntry } from './tree';

/**
 * The live properties of the file tree (RFC 4918 §15): what a desktop client needs to show a folder listing
 * (resourcetype, displayname, getcontentlength, getcontenttype, getetag, getlastmodified, creationdate). No
 * lockdiscovery/supportedlock: locking (class 2) is not offered.
 */
export type PropMap = Map<string, PropValue>;

const collection = [el(dav('collection'))];

/** Names a client may not PROPPATCH: every DAV: property is live or reserved (RFC 4918 §16 cannot-modify-protected-property). */
export function isProtectedProperty(name: string): boolean {
  return name.startsWith('{DAV:}');
}

function dates(map: PropMap, created: Date, modified: Date): void {
  map.set(dav('creationdate'), created.toISOString());
  map.set(dav('getlastmodified'), modified.toUTCString());
}

export function rootProps(): PropMap {
  const map: PropMap = new Map();
  map.set(dav('resourcetype'), collection);
  map.set(dav('displayname'), 'Files');
  return map;
}

export function recordFolderProps(record: RecordFolder): PropMap {
  const map: PropMap = new Map();
  map.set(dav('resourcetype'), collection);
  map.set(dav('displayname'), record.name);
  dates(map, record.createdAt, record.lastModified);
  return map;
}

export function folderProps(folder: DavFileFolder, name: string): PropMap {
  const map: PropMap = new Map();
  map.set(dav('resourcetype'), collection);
  map.set(dav('displayname'), name);
  dates(map, folder.createdAt, folder.updatedAt);
  return map;
}

export function documentProps(document: DocumentRecord, name: string): PropMap {
  const map: PropMap = new Map();
  map.set(dav('resourcetype'), []);
  map.set(dav('displayname'), name);
  map.set(dav('getcontentlength'), String(document.size));
  map.set(dav('getcontenttype'), document.mediaType);
  map.set(dav('getetag'), documentEtag(document.sha256));
  dates(map, document.createdAt, document.updatedAt);
  return map;
}

export function entryProps(entry: TreeEntry): PropMap {
  return entry.type === 'folder' ? folderProps(entry.folder, entry.name) : documentProps(entry.document, entry.name);
}
