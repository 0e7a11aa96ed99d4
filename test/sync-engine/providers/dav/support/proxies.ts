import type { FetchLike } from '../../../../../sync-engine/src/providers/dav';

/**
 * Proxies in front of the real Radicale (test code), handed to the provider as its fetch: each makes Radicale behave
 * like a server the issue names — one that truncates sync answers, keeps no sync-tokens, rewrites what it stores or
 * answers a PUT without an ETag. Everything else passes through untouched.
 */
const methodOf = (init?: RequestInit) => (init?.method ?? 'GET').toUpperCase();
const bodyOf = (init?: RequestInit) => (typeof init?.body === 'string' ? init.body : '');

/**
 * RFC 6578 §3.6: the first `times` delta answers are cut to their first `keep` responses and end with a 507 on the
 * collection; the token handed back is the one asked with, so continuing from it brings the rest (and repeats what
 * was listed: the engine must apply those once). Counts the truncations it made.
 */
export function truncatingFetch(keep: number, times = 1): FetchLike & { truncated: number } {
  const proxy = (async (input, init) => {
    const response = await fetch(input, init);
    const body = bodyOf(init);
    const asked = /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(body)?.[1];
    if (methodOf(init) !== 'REPORT' || !asked || proxy.truncated >= times || response.status !== 207) return response;
    const xml = await response.text();
    const responses = xml.match(/<(\w+:)?response>[\s\S]*?<\/(\w+:)?response>/g) ?? [];
    if (responses.length <= keep) return new Response(xml, response);
    proxy.truncated++;
    const collection = new URL(String(input)).pathname;
    const cut = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<multistatus xmlns="DAV:">',
      ...responses.slice(0, keep),
      `<response><href>${collection}</href><status>HTTP/1.1 507 Insufficient Storage</status></response>`,
      `<sync-token>${asked}</sync-token>`,
      '</multistatus>',
    ].join('\n');
    return new Response(cut, { status: 207, headers: { 'content-type': 'application/xml; charset=utf-8' } });
  }) as FetchLike & { truncated: number };
  proxy.truncated = 0;
  return proxy;
}

/** A server without sync-tokens (RFC 6578 unsupported): the probe sees neither the report nor a DAV:sync-token. */
export const withoutSyncTokens: FetchLike = (input, init) => hideSyncTokens(fetch)(input, init);

export const hideSyncTokens =
  (inner: FetchLike): FetchLike =>
  async (input, init) => {
    if (methodOf(init) === 'REPORT' && bodyOf(init).includes('sync-collection'))
      return new Response('', { status: 501, statusText: 'Not Implemented' });
    const response = await inner(input, init);
    if (methodOf(init) !== 'PROPFIND' || response.status !== 207) return response;
    const xml = (await response.text())
      .replace(/<(\w+:)?sync-token>[^<]*<\/(\w+:)?sync-token>/g, '')
      .replace(
        /<(\w+:)?supported-report>\s*<(\w+:)?report>\s*<(\w+:)?sync-collection\s*\/>[\s\S]*?<\/(\w+:)?supported-report>/g,
        '',
      );
    return new Response(xml, response);
  };

/**
 * A server that rewrites what it stores (a new DTSTAMP, its own PRODID, a REV — issue item 10) and, optionally,
 * answers a PUT without an ETag. Counts the PUTs that went through it.
 */
export function rewritingFetch(omitEtag: boolean, inner: FetchLike = fetch): FetchLike & { puts: number } {
  let version = 0;
  const rewrite = (body: string) => {
    const second = String(++version % 60).padStart(2, '0');
    if (body.includes('BEGIN:VCARD'))
      return body
        .replace(/\r\nREV:[^\r\n]*/g, '')
        .replace(/\r?\nEND:VCARD/, `\r\nREV:2026-02-01T00:00:${second}Z\r\nEND:VCARD`);
    return body
      .replace(/DTSTAMP:[^\r\n]+/g, `DTSTAMP:20260201T0000${second}Z`)
      .replace(/PRODID:[^\r\n]+/, `PRODID:-//Rewriting Server ${version}//EN`);
  };
  const proxy = (async (input, init) => {
    if (methodOf(init) !== 'PUT') return inner(input, init);
    proxy.puts++;
    const response = await inner(input, { ...init, body: rewrite(bodyOf(init)) });
    if (!omitEtag) return response;
    const headers = new Headers(response.headers);
    headers.delete('etag');
    return new Response(await response.text(), { status: response.status, statusText: response.statusText, headers });
  }) as FetchLike & { puts: number };
  proxy.puts = 0;
  return proxy;
}
