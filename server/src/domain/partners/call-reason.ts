/**
 * Whether a partner should be called today, and why. Pure: the query only narrows the candidates, this decides.
 * A callback someone promised beats a routine "haven't spoken in a while", and the longer overdue comes first.
 */
export type CallReason =
  | { kind: 'callback_overdue'; callbackAt: Date }
  | { kind: 'callback_today'; callbackAt: Date }
  | { kind: 'never_contacted'; frequencyDays: number; dueAt: Date }
  | { kind: 'contact_due'; frequencyDays: number; lastContactAt: Date; daysSince: number; dueAt: Date };

export interface RhythmFacts {
  contactFrequencyDays: number | null;
  lastContactAt: Date | null;
}

export interface CallFacts extends RhythmFacts {
  callbackAt: Date | null;
  /** The partner's maintained "next call due" (callDueAt below; column partners.call_due_at). */
  callDueAt: Date | null;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * When the contact rhythm asks for the next call: the last contact plus the rhythm's days; a partner never
 * contacted is due from the moment the rhythm was set (`rhythmSince`); no rhythm, never. Stored as
 * partners.call_due_at on every write that changes the rhythm or the last contact (model.ts), so that the call
 * suggestions read the due partners through an index in this order instead of every partner with a rhythm.
 */
export function callDueAt(facts: RhythmFacts, rhythmSince: Date): Date | null {
  if (!facts.contactFrequencyDays) return null;
  if (!facts.lastContactAt) return rhythmSince;
  return new Date(new Date(facts.lastContactAt).getTime() + facts.contactFrequencyDays * DAY);
}
/** The start and end of `now`'s day in the server's time zone. */
export function dayBounds(now: Date): { start: Date; end: Date } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { start, end };
}

export function callReason(facts: CallFacts, now: Date): CallReason | null {
  const { start, end } = dayBounds(now);
  if (facts.callbackAt) {
    const at = new Date(facts.callbackAt);
    if (at < start) return { kind: 'callback_overdue', callbackAt: at };
    if (at < end) return { kind: 'callback_today', callbackAt: at };
  }
  const frequency = facts.contactFrequencyDays;
  if (!frequency || !facts.callDueAt) return null;
  const dueAt = new Date(facts.callDueAt);
  if (dueAt > now) return null;
  if (!facts.lastContactAt) return { kind: 'never_contacted', frequencyDays: frequency, dueAt };
  const last = new Date(facts.lastContactAt);
  const daysSince = Math.floor((now.getTime() - last.getTime()) / DAY);
  return { kind: 'contact_due', frequencyDays: frequency, lastContactAt: last, daysSince, dueAt };
}

const rank: Record<CallReason['kind'], number> = {
  callback_overdue: 0,
  callback_today: 1,
  contact_due: 2,
  never_contacted: 2,
};

/**
 * Most urgent first: callbacks by time, then the lapsed rhythms by how long they have been due (the order of the
 * call_due_at index, so the database can stop after the first rows).
 */
export function compareCallReasons(a: CallReason, b: CallReason): number {
  if (rank[a.kind] !== rank[b.kind]) return rank[a.kind] - rank[b.kind];
  if ('callbackAt' in a && 'callbackAt' in b) return a.callbackAt.getTime() - b.callbackAt.getTime();
  if ('dueAt' in a && 'dueAt' in b) return a.dueAt.getTime() - b.dueAt.getTime();
  return 0;
}
