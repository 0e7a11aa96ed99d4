import type { TraceEntry } from '../../../../core/src/api-client';

/**
 * Which sentence a history entry gets, and its values. The server records an action and its changes (field →
 * [old, new] for updates and stage moves); an action the app does not know yet reads "changed", not a missing text.
 * Pure.
 */
export type TraceWording =
  | { key: 'stage'; from: unknown; to: unknown }
  | { key: 'update'; fields: string[] }
  | { key: 'contact'; channel: string }
  | { key: 'create' | 'won' | 'lost' | 'restore' | 'convert' | 'done' | 'merge' | 'other' };

const SIMPLE = ['create', 'won', 'lost', 'restore', 'convert', 'done', 'merge'] as const;
const CHANNELS = ['call', 'visit', 'letter', 'email', 'meeting', 'message', 'other'];

export function traceWording(trace: Pick<TraceEntry, 'action' | 'changes'>): TraceWording {
  const changes = trace.changes ?? {};
  if (trace.action === 'stage' && Array.isArray(changes.stageId)) {
    return { key: 'stage', from: changes.stageId[0], to: changes.stageId[1] };
  }
  if (trace.action === 'update') return { key: 'update', fields: Object.keys(changes) };
  if (trace.action === 'contact') {
    const channel = String(changes.channel);
    return { key: 'contact', channel: CHANNELS.includes(channel) ? channel : 'other' };
  }
  const simple = SIMPLE.find((action) => action === trace.action);
  return { key: simple ?? 'other' };
}
