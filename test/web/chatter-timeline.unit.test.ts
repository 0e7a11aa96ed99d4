import type { FiledMessage, LinkedEvent, RecordDocument, TraceEntry } from '../../core/src/api-client';
import { chatterEntries } from '../../server/web/src/chatter/timeline';

const message = (id: number, date: string) => ({ id, date }) as FiledMessage;
const document = (id: number, createdAt: string) => ({ id, createdAt }) as RecordDocument;
const event = (id: number, startsAt: string) => ({ id, startsAt }) as LinkedEvent;
const trace = (id: number, createdAt: string, action: string) => ({ id, createdAt, action }) as TraceEntry;

describe('chatterEntries', () => {
  it('merges messages, documents and history newest first, dropping the traces of filing and uploads', () => {
    const entries = chatterEntries(
      [message(1, '2026-01-01T10:00:00Z'), message(2, '2026-01-03T10:00:00Z')],
      [document(7, '2026-01-02T10:00:00Z')],
      [
        trace(10, '2026-01-04T10:00:00Z', 'stage'),
        trace(11, '2026-01-03T10:00:01Z', 'file'),
        trace(12, '2026-01-02T10:00:01Z', 'document'),
      ],
    );
    expect(entries.map((entry) => `${entry.kind}:${entry.id}`)).toEqual([
      'trace:10',
      'message:2',
      'document:7',
      'message:1',
    ]);
  });

  it('orders entries at the same instant by kind, then newest id first', () => {
    const at = '2026-01-01T10:00:00.000Z';
    const entries = chatterEntries(
      [message(1, at), message(3, at)],
      [document(2, at)],
      [trace(4, at, 'won')],
      [event(5, at)],
    );
    expect(entries.map((entry) => `${entry.kind}:${entry.id}`)).toEqual([
      'message:3',
      'message:1',
      'document:2',
      'event:5',
      'trace:4',
    ]);
  });

  it('puts a linked appointment at its start: one next week comes first', () => {
    const entries = chatterEntries([message(1, '2026-01-01T10:00:00Z')], [], [], [event(9, '2099-01-01T09:00:00Z')]);
    expect(entries.map((entry) => `${entry.kind}:${entry.id}`)).toEqual(['event:9', 'message:1']);
  });
});
