import { DOMParser, Element as DomElement, Node as DomNode } from '@xmldom/xmldom';
import { clark } from './namespaces';

/**
 * A namespace-aware, DOM-free view of a request body: what the DAV methods read. Elements carry their Clark name,
 * so `{DAV:}prop` matches whatever prefix the client chose (RFC 4918 §17: prefixes are meaningless).
 */
export interface XmlElement {
  name: string;
  ns: string;
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content of this element's direct text nodes. */
  text: string;
}

export class XmlParseError extends Error {}

/**
 * DTDs are rejected before the parser sees the body: a DAV body never needs one, and refusing them up front rules out
 * XXE and entity-expansion ("billion laughs") attacks whatever the parser does with them (RFC 4918 §20.6).
 */
const FORBIDDEN = /<!(DOCTYPE|ENTITY)/i;

export function parseXml(body: string): XmlElement {
  if (FORBIDDEN.test(body)) throw new XmlParseError('DOCTYPE and ENTITY declarations are not allowed');
  if (!body.trim()) throw new XmlParseError('empty XML body');
  let failure: string | null = null;
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') failure ??= String(message);
    },
  });
  let doc;
  try {
    doc = parser.parseFromString(body, 'application/xml');
  } catch (err) {
    throw new XmlParseError(`malformed XML: ${(err as Error).message}`);
  }
  if (failure) throw new XmlParseError(`malformed XML: ${failure}`);
  const root = doc.documentElement;
  if (!root) throw new XmlParseError('XML body has no root element');
  return toElement(root);
}

function toElement(node: DomElement): XmlElement {
  const ns = node.namespaceURI ?? '';
  const local = node.localName ?? node.nodeName;
  const attrs: Record<string, string> = {};
  for (let i = 0; i < node.attributes.length; i++) {
    const attr = node.attributes.item(i);
    if (attr && !attr.name.startsWith('xmlns')) attrs[attr.localName ?? attr.name] = attr.value;
  }
  const children: XmlElement[] = [];
  let text = '';
  for (let child: DomNode | null = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE) children.push(toElement(child as DomElement));
    else if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE)
      text += child.nodeValue ?? '';
  }
  return { name: clark(ns, local), ns, local, attrs, children, text };
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}
