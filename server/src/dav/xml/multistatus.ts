import { PREFIXES, splitClark, dav } from './namespaces';

/**
 * Pure builders for DAV response bodies. Everything a client sent (hrefs, property names, text) is escaped here,
 * so no handler ever concatenates XML.
 */
export interface XmlNode {
  /** Clark name `{ns}local`. */
  name: string;
  attrs?: Record<string, string>;
  children?: XmlNode[];
  text?: string;
}

/** A property value: text, one or more child elements, or empty (`<d:foo/>`). */
export type PropValue = string | XmlNode | XmlNode[] | null;

export function el(name: string, content?: string | XmlNode | XmlNode[], attrs?: Record<string, string>): XmlNode {
  if (content === undefined) return { name, attrs };
  if (typeof content === 'string') return { name, text: content, attrs };
  return { name, children: Array.isArray(content) ? content : [content], attrs };
}

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

function serialize(node: XmlNode, declared: Set<string>): string {
  const { ns, local } = splitClark(node.name);
  let prefix = PREFIXES[ns];
  let decl = '';
  if (prefix === undefined) {
    // A namespace we have no prefix for (a client's dead property): declare it on the element itself.
    prefix = 'x';
    decl = ` xmlns:x="${escapeXml(ns)}"`;
  } else if (!declared.has(ns)) {
    decl = ` xmlns:${prefix}="${escapeXml(ns)}"`;
  }
  const tag = ns === '' ? local : `${prefix}:${local}`;
  if (ns === '') decl = '';
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const inner = (node.children ?? []).map((c) => serialize(c, declared)).join('') + escapeXml(node.text ?? '');
  return inner ? `<${tag}${decl}${attrs}>${inner}</${tag}>` : `<${tag}${decl}${attrs}/>`;
}

/** Serializes a document with all known namespaces declared on the root. */
export function xmlDocument(root: XmlNode): string {
  const declared = new Set(Object.keys(PREFIXES));
  const decls = Object.entries(PREFIXES)
    .map(([ns, prefix]) => ` xmlns:${prefix}="${escapeXml(ns)}"`)
    .join('');
  const body = serialize(root, declared);
  const { ns, local } = splitClark(root.name);
  const openTag = `<${PREFIXES[ns] ?? 'x'}:${local}`;
  return `<?xml version="1.0" encoding="utf-8"?>\n${body.replace(openTag, openTag + decls)}`;
}

export function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Unknown'}`;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  424: 'Failed Dependency',
  507: 'Insufficient Storage',
};

function propValueNodes(name: string, value: PropValue): XmlNode {
  if (value === null) return { name };
  if (typeof value === 'string') return { name, text: value };
  return { name, children: Array.isArray(value) ? value : [value] };
}

/**
 * One `<d:response>` with the found properties in a 200 propstat and the missing ones in a 404 propstat placed
 * after it (RFC 4918 §9.1; some clients read only the first propstat).
 */
export function propstatResponse(
  href: string,
  found: Array<[string, PropValue]>,
  missing: string[] = [],
  other: Array<{ status: number; names: string[] }> = [],
): XmlNode {
  const propstats: XmlNode[] = [];
  if (found.length || (!missing.length && !other.length)) {
    propstats.push(
      propstat(
        found.map(([name, value]) => propValueNodes(name, value)),
        200,
      ),
    );
  }
  for (const group of other)
    propstats.push(
      propstat(
        group.names.map((name) => ({ name })),
        group.status,
      ),
    );
  if (missing.length)
    propstats.push(
      propstat(
        missing.map((name) => ({ name })),
        404,
      ),
    );
  return el(dav('response'), [el(dav('href'), href), ...propstats]);
}

function propstat(props: XmlNode[], status: number): XmlNode {
  return el(dav('propstat'), [el(dav('prop'), props), el(dav('status'), statusLine(status))]);
}

/** A `<d:response>` that carries only a status (sync-collection removals, multiget misses). */
export function statusResponse(href: string, status: number): XmlNode {
  return el(dav('response'), [el(dav('href'), href), el(dav('status'), statusLine(status))]);
}

export function multistatus(responses: XmlNode[], syncToken?: string): string {
  const children = [...responses];
  if (syncToken !== undefined) children.push(el(dav('sync-token'), syncToken));
  return xmlDocument(el(dav('multistatus'), children));
}

/** RFC 4918 §16: an error body naming the failed precondition/postcondition element. */
export function errorDocument(condition: XmlNode, message?: string): string {
  const children = [condition];
  if (message) children.push(el('{http://sabredav.org/ns}message', message));
  return xmlDocument(el(dav('error'), children));
}
