import { checkDeletions, confirmationAfter, confirmedFor, deletionLimit } from '../../../sync-engine/src/engine/guards';

describe('guards', () => {
  it('the limit is max(20, 10 % of the links)', () => {
    expect(deletionLimit(0)).toBe(20);
    expect(deletionLimit(199)).toBe(20);
    expect(deletionLimit(1000)).toBe(100);
  });

  it('lets deletions up to the limit through and stops one more', () => {
    expect(checkDeletions({ side: 'remote', linkCount: 1000, deletions: 100 })).toEqual({ ok: true });
    const verdict = checkDeletions({ side: 'remote', linkCount: 1000, deletions: 101 });
    expect(verdict).toEqual({
      ok: false,
      reason: '101 deletions from the remote collection exceed the limit of 100 (max(20, 10 % of 1000 links))',
    });
    expect(checkDeletions({ side: 'crm', linkCount: 50, deletions: 21 }).ok).toBe(false);
  });

  it('stops when a side turns up empty, however few links there are', () => {
    const verdict = checkDeletions({ side: 'remote', linkCount: 3, deletions: 3, sideEmpty: true });
    expect(verdict).toEqual({
      ok: false,
      reason: 'the remote collection turned up empty: all 3 synced records would be deleted',
    });
  });

  it('a person can confirm a number of deletions; one more trips again', () => {
    expect(checkDeletions({ side: 'remote', linkCount: 100, deletions: 90, confirmed: 90 })).toEqual({ ok: true });
    expect(checkDeletions({ side: 'remote', linkCount: 5, deletions: 5, sideEmpty: true, confirmed: 5 }).ok).toBe(true);
    expect(checkDeletions({ side: 'remote', linkCount: 100, deletions: 91, confirmed: 90 }).ok).toBe(false);
  });

  it('no deletions: nothing to check', () => {
    expect(checkDeletions({ side: 'remote', linkCount: 3, deletions: 0, sideEmpty: true })).toEqual({ ok: true });
  });
});

describe('confirmedFor', () => {
  it('a confirmation counts on the side it names, and on both when it names none', () => {
    expect(confirmedFor({ confirmedDeletions: 25, confirmedSide: 'remote' }, 'remote')).toBe(25);
    expect(confirmedFor({ confirmedDeletions: 25, confirmedSide: 'remote' }, 'crm')).toBe(0);
    expect(confirmedFor({ confirmedDeletions: 25, confirmedSide: null }, 'crm')).toBe(25);
    expect(confirmedFor({ confirmedDeletions: 25 }, 'remote')).toBe(25);
  });
});

describe('confirmationAfter: a confirmation never lets through more than was confirmed', () => {
  const state = { confirmedDeletions: 25, confirmedSide: 'crm' as const };
  it('is spent by a round that ends ok or trips again', () => {
    for (const status of ['ok', 'guard-tripped'])
      expect(confirmationAfter(state, { status, deleted: { remote: 0, crm: 0 } })).toEqual({
        confirmedDeletions: 0,
        confirmedSide: null,
      });
  });
  it("a failed round leaves what its deletions on the confirmed side's mirror did not use", () => {
    const failed = (remote: number, crm: number) => ({ status: 'failed', deleted: { remote, crm } });
    // A CRM-side confirmation lets remote deletions through; the CRM's own deletions are not its.
    expect(confirmationAfter(state, failed(10, 7))).toEqual({ confirmedDeletions: 15, confirmedSide: 'crm' });
    expect(confirmationAfter({ ...state, confirmedSide: 'remote' }, failed(10, 7))).toEqual({
      confirmedDeletions: 18,
      confirmedSide: 'remote',
    });
    expect(confirmationAfter({ confirmedDeletions: 25 }, failed(10, 7))).toEqual({
      confirmedDeletions: 8,
      confirmedSide: null,
    });
    expect(confirmationAfter(state, failed(25, 0))).toEqual({ confirmedDeletions: 0, confirmedSide: null });
    expect(confirmationAfter(state, { status: 'failed' })).toEqual({ confirmedDeletions: 25, confirmedSide: 'crm' });
  });
});
