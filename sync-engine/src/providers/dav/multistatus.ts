import { xml2js, type ElementCompact } from 'xml-js';

/**
 * Pure reading of WebDAV answers (RFC 4918 §13 multistatus, §16 error bodies). Element names are compared by local
 * name: servers pick their own prefixes (`d:`, `D:`, `ns0:`), and the few names read here are unambiguous across
 * the DAV, CalDAV and CardDAV namespaces.
 */
export interface DavResponse {
  href: string;
  /** The response's own status (404: removed, RFC 6578 §3.5.2; 507: truncated, §3.6), else its 2xx propstat's. */
  status: number | null;
  /** The properties a 2xx propstat carried, as elements (read them with the helpers below). */
  props: Map<string, ElementCompact>;
}

export interface Multistatus {
  responses: DavResponse[];
  /** RFC 6578 §6.4: the token at multistatus level of a sync-collection answer. */
  syncToken: string | null;
}

type Node = ElementCompact;

function parse(xml: string): Node {
  return xml2js(xml, {
    compact: true,
    alwaysArray: true,
    ignoreDeclaration: true,
    ignoreComment: true,
    ignoreInstruction: true,
    elementNameFn: (name: string) => name.replace(/^[^:]+:/, ''),
  }) as Node;
}

function children(node: Node | undefined, name: string): Node[] {
  const value = node?.[name] as unknown;
  return Array.isArray(value) ? (value as Node[]) : [];
}

/** The text of an element (CDATA included), untrimmed: calendar data keeps its line ends. */
export function textOf(node: Node | undefined): string {
  if (!node) return '';
  const parts = [node._text, node._cdata].flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
  return parts.map(String).join('');
}

/** `HTTP/1.1 404 Not Found` → 404. */
export function statusCode(line: string): number | null {
  const match = /^\s*HTTP\/\d(?:\.\d)?\s+(\d{3})/i.exec(line);
  return match ? Number(match[1]) : null;
}

export function parseMultistatus(xml: string): Multistatus {
  const root = children(parse(xml), 'multistatus')[0];
  if (!root) throw new Error('the server answered without a DAV multistatus');
  const responses = children(root, 'response').flatMap((response): DavResponse[] => {
    const href = textOf(children(response, 'href')[0]).trim();
    if (!href) return [];
    const own = children(response, 'status')[0];
    const props = new Map<string, Node>();
    let propStatus: number | null = null;
    for (const propstat of children(response, 'propstat')) {
      const code = statusCode(textOf(children(propstat, 'status')[0]));
      if (code === null || code < 200 || code >= 300) continue;
      propStatus = code;
      for (const prop of children(propstat, 'prop'))
        for (const [name, value] of Object.entries(prop))
          if (!name.startsWith('_') && Array.isArray(value)) props.set(name, (value as Node[])[0]);
    }
    return [{ href, status: own ? statusCode(textOf(own)) : propStatus, props }];
  });
  const token = children(root, 'sync-token')[0];
  return { responses, syncToken: token ? textOf(token).trim() || null : null };
}

/** The preconditions named in an RFC 4918 §16 error body (`valid-sync-token`, `supported-report`…). */
export function errorConditions(xml: string): string[] {
  try {
    const error = children(parse(xml), 'error')[0];
    return error ? Object.keys(error).filter((name) => !name.startsWith('_')) : [];
  } catch {
    return [];
  }
}

export function propText(response: DavResponse, name: string): string | null {
  const node = response.props.get(name);
  return node ? textOf(node) : null;
}

/** The child element names of a property: resourcetype → ['collection', 'addressbook']. */
export function propChildren(response: DavResponse, name: string): string[] {
  const node = response.props.get(name);
  return node ? Object.keys(node).filter((key) => !key.startsWith('_')) : [];
}

/** supported-report-set (RFC 3253 §3.1.5): the report names, e.g. 'sync-collection', 'addressbook-multiget'. */
export function supportedReports(response: DavResponse): string[] {
  const set = response.props.get('supported-report-set');
  return children(set, 'supported-report').flatMap((supported) =>
    children(supported, 'report').flatMap((report) => Object.keys(report).filter((key) => !key.startsWith('_'))),
  );
}

export function etagOf(response: DavResponse): string | null {
  const etag = propText(response, 'getetag')?.trim();
  return etag ? etag : null;
}
