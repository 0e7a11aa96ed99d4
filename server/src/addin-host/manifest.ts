import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The Outlook manifests in manifests/outlook/ carry placeholders for the server's public URL; the server fills
 * them in so an administrator downloads a manifest that is ready to deploy (GET /addin/manifest.xml).
 * Pure rendering here; the router reads the templates.
 */
export const MANIFEST_DIR = path.resolve(__dirname, '../../../manifests/outlook');

export interface PublicAddress {
  /** e.g. https://crm.example.com/akte (no trailing slash) */
  url: string;
  /** e.g. https://crm.example.com */
  origin: string;
  /** e.g. crm.example.com */
  host: string;
}

export function publicAddress(publicUrl: string): PublicAddress {
  const url = new URL(publicUrl);
  return { url: publicUrl.replace(/\/+$/, ''), origin: url.origin, host: url.host };
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

function fill(template: string, address: PublicAddress, escape: (s: string) => string): string {
  return template
    .replaceAll('{{AKTE_PUBLIC_URL}}', escape(address.url))
    .replaceAll('{{AKTE_PUBLIC_ORIGIN}}', escape(address.origin))
    .replaceAll('{{AKTE_PUBLIC_HOST}}', escape(address.host));
}

export function renderXmlManifest(template: string, address: PublicAddress): string {
  return fill(template, address, escapeXml);
}

/** JSON string escaping without the quotes (the placeholders sit inside JSON strings). */
export function renderJsonManifest(template: string, address: PublicAddress): string {
  return fill(template, address, (s) => JSON.stringify(s).slice(1, -1));
}

const cache = new Map<string, Promise<string>>();

export function readManifestTemplate(file: 'manifest.xml' | 'manifest.json' | 'de-de.json'): Promise<string> {
  let text = cache.get(file);
  if (!text) {
    text = fs.readFile(path.join(MANIFEST_DIR, file), 'utf8');
    cache.set(file, text);
    text.catch(() => cache.delete(file));
  }
  return text;
}
