import { traceWording } from '../../server/web/src/chatter/trace-wording';

describe('traceWording', () => {
  it('reads a stage move from its [old, new] change', () => {
    expect(traceWording({ action: 'stage', changes: { stageId: [1, 2], probability: [10, 30] } })).toEqual({
      key: 'stage',
      from: 1,
      to: 2,
    });
  });

  it('names the changed fields of an update and the channel of a contact', () => {
    expect(traceWording({ action: 'update', changes: { name: ['a', 'b'], phone: [null, '1'] } })).toEqual({
      key: 'update',
      fields: ['name', 'phone'],
    });
    expect(traceWording({ action: 'contact', changes: { channel: 'visit' } })).toEqual({
      key: 'contact',
      channel: 'visit',
    });
    expect(traceWording({ action: 'contact', changes: { channel: 'pigeon' } })).toEqual({
      key: 'contact',
      channel: 'other',
    });
  });

  it('keeps the known simple actions and calls any other one "other" (never a missing text)', () => {
    expect(traceWording({ action: 'won', changes: {} })).toEqual({ key: 'won' });
    expect(traceWording({ action: 'teleported', changes: {} })).toEqual({ key: 'other' });
    expect(traceWording({ action: 'stage', changes: {} })).toEqual({ key: 'other' });
  });
});
