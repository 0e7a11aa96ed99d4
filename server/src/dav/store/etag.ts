import { createHash } from 'node:crypto';

/** A strong, quoted ETag (RFC 7232 §2.3) derived from the exact bytes stored. */
export function bodyHash(body: string): string {
  return `"${createHash('sha256').update(body).digest('hex').slice(0, 40)}"`;
}
