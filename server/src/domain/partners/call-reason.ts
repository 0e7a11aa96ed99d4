/**
 * Whether a partner should be called today, and why. Pure: the query only narrows the candidates, this decides.
 * A callback someone promised beats a routine "haven't spoken in a while", and the longer overdue comes first.
 */
export type CallReason =
  | { kind: 'callback_overdue'; callbackAt: Date }
  | { kind: 'callback_today'; callbackAt: Date }
  | { kind: 'never_contacted'; frequencyDays: number }
  | { kind: 'contact_due'; frequencyDays: number; lastContactAt: Date; daysSince: number };

export interface CallFacts {
  callbackAt: Date | null;
  contactFrequencyDays: number | null;
  lastContactAt: Date | null;
}

const DAY = 24 * 60 * 60 * 1000;

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
  if (!frequency) return null;
  if (!facts.lastContactAt) return { kind: 'never_contacted', frequencyDays: frequency };
  const last = new Date(facts.lastContactAt);
  const daysSince = Math.floor((now.getTime() - last.getTime()) / DAY);
  return daysSince >= frequency
    ? { kind: 'contact_due', frequencyDays: frequency, lastContactAt: last, daysSince }
    : null;
}

const rank: Record<CallReason['kind'], number> = {
  callback_overdue: 0,
  callback_today: 1,
  contact_due: 2,
  never_contacted: 3,
};

/** Most urgent first: callbacks by time, then the contacts most overdue relative to their rhythm. */
export function compareCallReasons(a: CallReason, b: CallReason): number {
  if (rank[a.kind] !== rank[b.kind]) return rank[a.kind] - rank[b.kind];
  if ('callbackAt' in a && 'callbackAt' in b) return a.callbackAt.getTime() - b.callbackAt.getTime();
  if (a.kind === 'contact_due' && b.kind === 'contact_due') {
    return b.daysSince / b.frequencyDays - a.daysSince / a.frequencyDays;
  }
  return 0;
}
