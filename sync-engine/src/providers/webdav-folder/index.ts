import type { FolderProvider } from '../folder-provider';
import { DavConnection, type DavConnectionOptions } from '../dav/connection';
import { listFolder, listTree } from './list-folder';
import { deleteFile, downloadFile, ensureFolder, moveFile, putFile, putNewFile } from './transfer-file';

export { conflictCopyName } from './conflict-name';

/**
 * A WebDAV share as a folder of files (plain RFC 4918: PROPFIND, GET, conditional PUT/DELETE, MKCOL), for the
 * documents of CRM records. Shares the DAV provider's connection (auth, href resolution, transport failures).
 */
export function createWebDavFolderProvider(options: DavConnectionOptions): FolderProvider {
  const connection = new DavConnection(options);
  return {
    name: 'webdav-folder',
    listFolder: (folderHref) => listFolder(connection, folderHref),
    listTree: (folderHref) => listTree(connection, folderHref),
    download: (href) => downloadFile(connection, href),
    async createFile(href, body, contentType) {
      const first = await putNewFile(connection, href, body, contentType);
      if (first !== 'no-parent') return first;
      await ensureFolder(connection, href.replace(/[^/]+$/, ''));
      const second = await putNewFile(connection, href, body, contentType);
      if (second === 'no-parent') throw new Error(`PUT ${href}: the server still finds no parent folder`);
      return second;
    },
    updateFile: (href, body, contentType, ifMatch) => putFile(connection, href, body, contentType, ifMatch),
    deleteFile: (href, ifMatch) => deleteFile(connection, href, ifMatch),
    async moveFile(fromHref, toHref, ifMatch) {
      // A move into another folder makes that folder first: RFC 4918 §9.9.4 says 409 for a missing parent, but
      // Apache's mod_dav_fs answers 500 (its rename(2) fails).
      const parent = toHref.replace(/[^/]+$/, '');
      if (parent !== fromHref.replace(/[^/]+$/, '')) await ensureFolder(connection, parent);
      const first = await moveFile(connection, fromHref, toHref, ifMatch);
      if (first !== 'no-parent') return first;
      await ensureFolder(connection, toHref.replace(/[^/]+$/, ''));
      const second = await moveFile(connection, fromHref, toHref, ifMatch);
      if (second === 'no-parent') throw new Error(`MOVE ${fromHref}: the server still finds no parent folder`);
      return second;
    },
    ensureFolder: (folderHref) => ensureFolder(connection, folderHref),
  };
}
