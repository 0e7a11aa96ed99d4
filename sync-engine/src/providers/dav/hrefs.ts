/**
 * Hrefs as the engine keeps them. Servers answer hrefs as absolute paths or full URLs and percent-encode them
 * differently (`@` or not); the engine compares hrefs as strings, so every href the provider hands out or is given
 * passes through one canonical form: a path (or, when the collection was named by a full URL, a URL on the same
 * origin) with each segment decoded and re-encoded the same way (RFC 3986 §6.2.2 normalization).
 */
export function canonicalPath(href: string, base: string): string {
  const path = new URL(href, base).pathname;
  return path
    .split('/')
    .map((segment) => encodeSegment(safeDecode(segment)))
    .join('/');
}

/** The href in the form the collection's href uses (a path, or a full URL), canonical. */
export function hrefLike(collectionHref: string, href: string, base: string): string {
  const path = canonicalPath(href, base);
  if (!/^https?:\/\//i.test(collectionHref)) return path;
  return new URL(path, collectionHref).origin + path;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** encodeURIComponent, but leaving the sub-delimiters and `@` that servers commonly leave unencoded in a segment. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(40|3A|2B|2C|3B|3D|24|26|21|27|28|29|2A)/gi, (m) =>
    decodeURIComponent(m),
  );
}
