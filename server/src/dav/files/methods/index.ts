import type { FilesMethod } from '../context';
import { propfind } from './propfind';
import { proppatch } from './proppatch';
import { get, head } from './get';
import { put } from './put';
import { remove } from './delete';
import { mkcol } from './mkcol';
import { copy, move } from './copy-move';

/** One module per HTTP method, as on the CalDAV/CardDAV side; OPTIONS is answered by the router from this map. */
export const filesMethods: Record<string, FilesMethod> = {
  PROPFIND: propfind,
  PROPPATCH: proppatch,
  GET: get,
  HEAD: head,
  PUT: put,
  DELETE: remove,
  MKCOL: mkcol,
  COPY: copy,
  MOVE: move,
};
