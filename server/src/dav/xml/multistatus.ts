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
  /** The element already serialized by this module (escaped, prefixes as on the document root): written as is. */
  markup?: string;
}

/** A property value: text, one or more child elements, or empty (`<d:foo/>`). */
export type PropValue = string | XmlNode | XmlNode[] | null;

export function el(name: string, content?: string | XmlNode | XmlNode[], attrs?: Record<string, string>): XmlNode {
  if (content === undefined) return { name, attrs };
  if (typeof content === 'string') return { name, text: content, attrs };
  return { name, children: Array.isArray(content) ? content : [content], attrs };
}

/**
 * Text content: only `&`, `<` and `>` need escaping there (XML 1.0 §2.4; quotes matter in attribute values only), so
 * ETags (`"…"`) pass unchanged. Most text (hrefs, ETags, card and event bodies without markup characters) needs
 * nothing: three indexOf scans find that out several times faster than a regular expression over a body.
 */
export function escapeText(text: string): string {
  if (text.indexOf('&') === -1 && text.indexOf('<') === -1 && text.indexOf('>') === -1) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values (double-quoted here): the text escapes plus both quotes. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
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
          { tag: `x:${local}`, decl: ` xmlns:x="${escapeAttr(ns)}"` };
  if (tagCache.size < 1000) tagCache.set(name, parts);
  return parts;
}

/** Appends the element to `out` (one array for the whole document: no string per level). */
function write(node: XmlNode, out: string[], rootDecls = ''): void {
  if (node.markup !== undefined) {
    out.push(node.markup);
    return;
  }
  const { tag, decl } = tagOf(node.name);
  out.push('<', tag, decl, rootDecls);
  if (node.attrs) for (const [k, v] of Object.entries(node.attrs)) out.push(' ', k, '="', escapeAttr(v), '"');
  const children = node.children;
  const text = node.text;
  if (!children?.length && !text) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (children) for (const c of children) write(c, out);
  if (text) out.push(escapeText(text));
  out.push('</', tag, '>');
}

const ROOT_DECLS = Object.entries(PREFIXES)
  .map(([ns, prefix]) => ` xmlns:${prefix}="${escapeAttr(ns)}"`)
  .join('');

/**
 * Characters per chunk of a serialized document. A listing or a month of events is hundreds of kilobytes: as one
 * string it lands in V8's large-object space, i.e. the old generation, and a few dozen such answers bring on a full
 * mark-compact of the whole heap (a quarter of a calendar-query's time went to the collector). Chunks well below
 * the ~128 KB large-object limit die young, where collecting them costs next to nothing.
 */
const CHUNK_CHARS = 32_768;

/** The parts joined into chunks of about CHUNK_CHARS (a single bigger part stays one chunk). Pure. */
function chunked(parts: string[]): string[] {
  const chunks: string[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < parts.length; i++) {
    size += parts[i].length;
    if (size < CHUNK_CHARS) continue;
    chunks.push(parts.slice(start, i + 1).join(''));
    start = i + 1;
    size = 0;
  }
  if (start < parts.length) chunks.push(parts.slice(start).join(''));
  return chunks;
}

/** Serializes a document with all known namespaces declared on the root, in chunks (sendXml writes them). */
export function xmlDocumentChunks(root: XmlNode): string[] {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  write(root, out, ROOT_DECLS);
  return chunked(out);
}

export function xmlDocument(root: XmlNode): string {
  return xmlDocumentChunks(root).join('');
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

/** One element as markup valid anywhere in a document of this module (fixed prefixes are declared on the root). */
function fragment(node: XmlNode): string {
  const out: string[] = [];
  write(node, out);
  return out.join('');
}

/** A property element with its value, as `write` would give it: empty text or no children → `<x/>`. */
function propMarkup(name: string, value: PropValue): string {
  const { tag, decl } = tagOf(name);
  if (value === null || value === '') return `<${tag}${decl}/>`;
  if (typeof value === 'string') return `<${tag}${decl}>${escapeText(value)}</${tag}>`;
  const children = Array.isArray(value) ? value : [value];
  if (!children.length) return `<${tag}${decl}/>`;
  let inner = '';
  for (const c of children) inner += fragment(c);
  return `<${tag}${decl}>${inner}</${tag}>`;
}

const [RESPONSE, PROPSTAT, PROP, STATUS] = ['response', 'propstat', 'prop', 'status'].map(
  (local) => tagOf(dav(local)).tag,
);

function propstatMarkup(props: string, status: number): string {
  return `<${PROPSTAT}><${PROP}>${props}</${PROP}><${STATUS}>${statusLine(status)}</${STATUS}></${PROPSTAT}>`;
}

/**
 * One `<d:response>` with the found properties in a 200 propstat and the missing ones in a 404 propstat placed
 * after it (RFC 4918 §9.1; some clients read only the first propstat). Built as markup right away: a listing or an
 * initial sync has one per item, and thousands of small element objects cost more than the strings themselves.
 */
export function propstatResponse(
  href: string,
  found: Array<[string, PropValue]>,
  missing: string[] = [],
  other: Array<{ status: number; names: string[] }> = [],
): XmlNode {
  let markup = `<${RESPONSE}>${propMarkup(dav('href'), href)}`;
  if (found.length || (!missing.length && !other.length)) {
    let props = '';
    for (const [name, value] of found) props += propMarkup(name, value);
    markup += propstatMarkup(props, 200);
  }
  for (const group of other)
    markup += propstatMarkup(group.names.map((n) => propMarkup(n, null)).join(''), group.status);
  if (missing.length) markup += propstatMarkup(missing.map((n) => propMarkup(n, null)).join(''), 404);
  return { name: dav('response'), markup: `${markup}</${RESPONSE}>` };
}

/**
 * The node with its markup made one flat string. Markup is built with `+`, which V8 keeps as a rope of the pieces;
 * joining a rope walks it, and a kept response joined into every listing would be walked on every request (a
 * listing of 2,000 cached responses: 1.3 ms of 1.9). Converting a string to a number flattens it in place
 * (V8's String::Flatten; the trick of pino's flatstr): one copy, once.
 */
export function flattened(node: XmlNode): XmlNode {
  if (node.markup !== undefined) Number(node.markup);
  return node;
}

/** A `<d:response>` that carries only a status (sync-collection removals, multiget misses). */
export function statusResponse(href: string, status: number): XmlNode {
  return {
    name: dav('response'),
    markup: `<${RESPONSE}>${propMarkup(dav('href'), href)}<${STATUS}>${statusLine(status)}</${STATUS}></${RESPONSE}>`,
  };
}

/** A 207 body in chunks (what sendXml sends); `multistatus` joins them for callers that want one string. */
export function multistatusChunks(responses: XmlNode[], syncToken?: string): string[] {
  const children = [...responses];
  if (syncToken !== undefined) children.push(el(dav('sync-token'), syncToken));
  return xmlDocumentChunks(el(dav('multistatus'), children));
}

export function multistatus(responses: XmlNode[], syncToken?: string): string {
  return multistatusChunks(responses, syncToken).join('');
}

/** RFC 4918 §16: an error body naming the failed precondition/postcondition element. */
export function errorDocument(condition: XmlNode, message?: string): string {
  const children = [condition];
  if (message) children.push(el('{http://sabredav.org/ns}message', message));
  return xmlDocument(el(dav('error'), children));
}
