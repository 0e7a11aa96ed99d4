import type { DavConnection } from './connection';
import { parseMultistatus, propChildren, supportedReports } from './multistatus';
import { unexpectedAnswer } from './connection';

/** What a collection is and which reports it answers, asked once per collection (imapflow's habit: ask, don't assume). */
export interface CollectionCapabilities {
  type: 'addressbook' | 'calendar' | 'plain';
  /** RFC 6578 §3: the server lists changes since a sync-token. Without it every listing is a PROPFIND. */
  syncCollection: boolean;
}

const PROBE = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:supported-report-set/><d:sync-token/></d:prop></d:propfind>`;

export async function probeCollection(connection: DavConnection, href: string): Promise<CollectionCapabilities> {
  const response = await connection.request(
    'PROPFIND',
    href,
    { depth: '0', 'content-type': 'application/xml; charset=utf-8' },
    PROBE,
  );
  if (response.status !== 207) throw await unexpectedAnswer('PROPFIND', href, response);
  const [self] = parseMultistatus(await response.text()).responses;
  if (!self) throw new Error(`PROPFIND ${href}: the server described no collection`);
  const types = propChildren(self, 'resourcetype');
  const reports = supportedReports(self);
  return {
    type: types.includes('addressbook') ? 'addressbook' : types.includes('calendar') ? 'calendar' : 'plain',
    // A server may omit supported-report-set (it is a live property it need not list) yet hand out a sync-token
    // (RFC 6578 §4): either one is evidence enough.
    syncCollection: reports.includes('sync-collection') || self.props.has('sync-token'),
  };
}
