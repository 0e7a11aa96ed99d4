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

const XML_SPECIAL = /[&<>"']/;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  // Most text (hrefs, ETags, card and event bodies without markup characters) needs nothing: skip the replace.
  if (!XML_SPECIAL.test(text)) return text;
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);
}

interface TagParts {
  tag: string;
  /** A namespace declaration the element needs itself (a namespace without a fixed prefix). */
  decl: string;
}

/** Tag and declaration per Clark name (documents declare every fixed prefix on the root); bounded: names may come from clients. */
const tagCache = new Map<string, TagParts>();

function tagOf(name: string): TagParts {
  const cached = tagCache.get(name);
  if (cached) return cached;
  const { ns, local } = splitClark(name);
  const prefix = PREFIXES[ns];
  const parts: TagParts =
    ns === ''
      ? { tag: local, decl: '' }
      : prefix !== undefined
        ? { tag: `${prefix}:${local}`, decl: '' }
        : // A namespace we have no prefix for (a client's dead property): declare it on the element itself.
          { tag: `x:${local}`, decl: ` xmlns:x="${escapeXml(ns)}"` };
  if (tagCache.size < 1000) tagCache.set(name, parts);
  return parts;
}

/** Appends the element to `out` (one array for the whole document: no string per level). */
function write(node: XmlNode, out: string[], rootDecls = ''): void {
  const { tag, decl } = tagOf(node.name);
  out.push('<', tag, decl, rootDecls);
  if (node.attrs) for (const [k, v] of Object.entries(node.attrs)) out.push(' ', k, '="', escapeXml(v), '"');
  const children = node.children;
  const text = node.text;
  if (!children?.length && !text) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (children) for (const c of children) write(c, out);
  if (text) out.push(escapeXml(text));
  out.push('</', tag, '>');
}

const ROOT_DECLS = Object.entries(PREFIXES)
  .map(([ns, prefix]) => ` xmlns:${prefix}="${escapeXml(ns)}"`)
  .join('');

/** Serializes a document with all known namespaces declared on the root. */
export function xmlDocument(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  write(root, out, ROOT_DECLS);
  return out.join('');
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
