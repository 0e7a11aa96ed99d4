import type { DavMethod } from '../context';
import { options } from './options';
import { propfind } from './propfind';
import { proppatch } from './proppatch';
import { get, head } from './get';
import { put } from './put';
import { remove } from './delete';
import { report } from './report';
import { mkcol } from './mkcol';
import { mkcalendar } from './mkcalendar';
import type { DavMethodName } from './method-names';

/** One module per HTTP method (Radicale's layout); router.ts dispatches through this map, OPTIONS lists its keys. */
export const davMethods: Record<DavMethodName, DavMethod> & Record<string, DavMethod | undefined> = {
  OPTIONS: options,
  PROPFIND: propfind,
  PROPPATCH: proppatch,
  GET: get,
  HEAD: head,
  PUT: put,
  DELETE: remove,
  REPORT: report,
  MKCOL: mkcol,
  MKCALENDAR: mkcalendar,
};
