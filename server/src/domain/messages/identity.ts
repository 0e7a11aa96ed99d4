/** A message already stored under the incoming Message-ID, with its content hash. */
export interface StoredCandidate {
  id: number;
  contentHash: string;
}

export type IdentityDecision =
  /** The caller holds this very message: add links to the stored one. */
  | { action: 'merge'; id: number }
  /**
   * Store the incoming message as a message of its own. `conflict`: its Message-ID is already taken by a different
   * content, so one of them is not what it claims to be (a forged copy, or a client that reuses ids).
   */
  | { action: 'store'; conflict: boolean };

/**
 * Which stored message, if any, an incoming e-mail is. A Message-ID is no secret — every reply carries its
 * predecessors' ids in References (RFC 5322 §3.6.4) — so an id alone proves nothing: merging on it would link a
 * colleague's stored message (subject, body, addresses) to the caller's record and show it to them. Only a stored
 * message with the same id *and* the same content (content-hash.ts) is the same message; the caller then holds
 * everything the stored row reveals. Anything else is stored on its own, and never linked to the others.
 *
 * `stored` are the messages under the incoming Message-ID; the caller has already filled in the hash of rows stored
 * before content hashes existed.
 */
export function decideMessageIdentity(contentHash: string, stored: readonly StoredCandidate[]): IdentityDecision {
  const same = stored.filter((m) => m.contentHash === contentHash).sort((a, b) => a.id - b.id)[0];
  if (same) return { action: 'merge', id: same.id };
  return { action: 'store', conflict: stored.length > 0 };
}
