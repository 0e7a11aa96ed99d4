import type { FolderListing, RemoteFile } from '../folder-provider';
import type { DavConnection } from '../dav/connection';
import { unexpectedAnswer } from '../dav/connection';
import { hrefLike } from '../dav/hrefs';
import { etagOf, parseMultistatus, propChildren, propText } from '../dav/multistatus';

const FILE_PROPS = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getetag/><d:getcontentlength/><d:getcontenttype/></d:prop></d:propfind>`;

/** PROPFIND Depth 1 (RFC 4918 §9.1) of a folder: its files with ETag, size and type, and its sub-folders. */
export async function listFolder(connection: DavConnection, folderHref: string): Promise<FolderListing> {
  const response = await connection.request(
    'PROPFIND',
    folderHref,
    { depth: '1', 'content-type': 'application/xml; charset=utf-8' },
    FILE_PROPS,
  );
  if (response.status !== 207) throw await unexpectedAnswer('PROPFIND', folderHref, response);
  const self = hrefLike(folderHref, folderHref, connection.serverUrl);
  const listing: FolderListing = { files: [], folders: [] };
  for (const item of parseMultistatus(await response.text()).responses) {
    const href = hrefLike(folderHref, item.href, connection.serverUrl);
    if (href === self || href === self.replace(/\/$/, '')) continue;
    if (propChildren(item, 'resourcetype').includes('collection')) {
      listing.folders.push(href.endsWith('/') ? href : `${href}/`);
      continue;
    }
    const size = propText(item, 'getcontentlength');
    listing.files.push({
      href,
      etag: etagOf(item),
      size: size === null || size.trim() === '' ? null : Number(size),
      contentType: propText(item, 'getcontenttype')?.trim() || null,
    });
  }
  return listing;
}

/**
 * Every file below a folder, one Depth 1 PROPFIND per folder: Depth infinity is refused by most shares (Apache's
 * DavDepthInfinity is off by default and answers 403), and a breadth-first walk keeps one folder in memory at a time.
 */
export async function listTree(connection: DavConnection, folderHref: string): Promise<RemoteFile[]> {
  const files: RemoteFile[] = [];
  const pending = [folderHref];
  while (pending.length) {
    const listing = await listFolder(connection, pending.shift()!);
    files.push(...listing.files);
    pending.push(...listing.folders);
  }
  return files;
}
