import type { DavMethod } from '../context';
import { DAV_COMPLIANCE } from '../collections/registry';
import { DAV_METHOD_NAMES } from './method-names';

/** The DAV header (RFC 4918 §10.1) and Allow list; answered without authentication, it reveals nothing. */
export function davHeaders(): Record<string, string> {
  return { DAV: DAV_COMPLIANCE.join(', '), Allow: DAV_METHOD_NAMES.join(', '), 'MS-Author-Via': 'DAV' };
}

export const options: DavMethod = async (ctx) => {
  ctx.res.status(200).set(davHeaders()).set('Content-Length', '0').end();
};
