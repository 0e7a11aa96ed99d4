import type { MailItem } from '../../../core/src/filing-client/host';

/**
 * Which messages belong to a conversation, decided on headers alone (RFC 5322 §3.6.4): a message is in the thread
 * when its Message-ID is one the thread names, or when it names (In-Reply-To/References) a message of the thread.
 * Repeats until nothing joins, so a reply to a reply is found through its parent. Pure.
 */
export function threadMembers(seed: MailItem, candidates: MailItem[]): MailItem[] {
  const ids = new Set([seed.internetMessageId, seed.inReplyTo, ...seed.references].filter((x): x is string => !!x));
  const members = new Map<string, MailItem>();
  if (seed.itemId) members.set(seed.itemId, seed);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of candidates) {
      if (!c.itemId || members.has(c.itemId)) continue;
      const names = [c.inReplyTo, ...c.references].filter((x): x is string => !!x);
      if ((c.internetMessageId && ids.has(c.internetMessageId)) || names.some((id) => ids.has(id))) {
        members.set(c.itemId, c);
        for (const id of [c.internetMessageId, ...names]) if (id) ids.add(id);
        grew = true;
      }
    }
  }
  return [...members.values()].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
}

/** The subject a thread's messages share, without reply and forward prefixes (Re:, AW:, Fwd:, WG:, [list] tags). */
export function threadSubject(subject: string): string {
  let s = subject.trim();
  for (;;) {
    const stripped = s.replace(/^(\[[^\]]*\]\s*|(re|aw|fwd?|wg|sv|antw)(\[\d+\])?\s*:\s*)/i, '');
    if (stripped === s) return s;
    s = stripped.trim();
  }
}
