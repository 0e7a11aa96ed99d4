/**
 * Thread headers from the raw header block (item.getAllInternetHeadersAsync). RFC 5322 §3.6.4: In-Reply-To and
 * References hold msg-ids (`<id@host>`), possibly folded over several lines (§2.2.3).
 */
export interface ThreadHeaders {
  inReplyTo: string | null;
  references: string[];
}

function headerValue(block: string, name: string): string | null {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : null;
}

const msgIds = (value: string | null): string[] => (value ? (value.match(/<[^<>\s]+>/g) ?? []) : []);

export function threadHeadersOf(block: string): ThreadHeaders {
  return {
    inReplyTo: msgIds(headerValue(block, 'In-Reply-To'))[0] ?? null,
    references: msgIds(headerValue(block, 'References')),
  };
}
