import { CONTACT_ELEMENT_KEYS } from '../../../sync-engine/src/codecs/contact-codec';
import { EVENT_ELEMENT_KEYS } from '../../../sync-engine/src/codecs/event-codec';
import { mergeFields, mergeSets } from '../../../sync-engine/src/engine/merge';
import { defaultMergePolicy, withOverrides } from '../../../sync-engine/src/engine/merge-policy';

const policy = defaultMergePolicy('contact');

describe('mergeSets', () => {
  it('keeps both sides additions and honours both sides removals', () => {
    expect(mergeSets(['a', 'b', 'c'], ['a', 'c', 'x'], ['a', 'b', 'y']).sort()).toEqual(['a', 'x', 'y']);
  });
  it('without a base: the union', () => {
    expect(mergeSets(null, ['a'], ['b', 'a']).sort()).toEqual(['a', 'b']);
  });
});

describe('mergeFields', () => {
  const base = { name: 'Anna', notes: 'n', phones: ['1'], emails: ['e'] };

  it('takes a field changed on one side only, whichever side', () => {
    const result = mergeFields(base, { ...base, phones: ['2'] }, { ...base, emails: ['f'] }, policy);
    expect(result.merged).toEqual({ name: 'Anna', notes: 'n', phones: ['2'], emails: ['f'] });
    expect(result.conflicts).toEqual([]);
    expect(result.crmChanged).toBe(true);
    expect(result.remoteChanged).toBe(true);
  });

  it('the same field changed on both sides: the policy decides and the conflict names both values', () => {
    const result = mergeFields(
      base,
      { ...base, notes: 'crm', name: 'A. CRM' },
      { ...base, notes: 'phone', name: 'A. Phone' },
      policy,
    );
    expect(result.merged).toMatchObject({ notes: 'phone', name: 'A. CRM' });
    expect(result.conflicts).toEqual([
      { field: 'name', base: 'Anna', crm: 'A. CRM', remote: 'A. Phone', winner: 'crm' },
      { field: 'notes', base: 'n', crm: 'crm', remote: 'phone', winner: 'remote' },
    ]);
  });

  it('the same change on both sides is no conflict', () => {
    const result = mergeFields(base, { ...base, notes: 'same' }, { ...base, notes: 'same' }, policy);
    expect(result.conflicts).toEqual([]);
    expect(result.crmChanged || result.remoteChanged).toBe(false);
  });

  it('overrides change the winner', () => {
    const crmWins = withOverrides(policy, { notes: 'crm' });
    expect(mergeFields(base, { ...base, notes: 'crm' }, { ...base, notes: 'phone' }, crmWins).merged.notes).toBe('crm');
  });

  it('without a base (adoption) fills empty fields from the other side and logs real differences', () => {
    const result = mergeFields(
      null,
      { name: 'Anna', notes: null, phones: ['1'] },
      { name: 'Anna B', notes: 'x', phones: ['2'] },
      policy,
    );
    expect(result.merged).toEqual({ name: 'Anna', notes: 'x', phones: ['1', '2'] });
    expect(result.conflicts.map((c) => c.field)).toEqual(['name']);
  });

  it('never looks at timestamps: a newer REV or LAST-MODIFIED is not a field', () => {
    const result = mergeFields(
      base,
      { ...base, notes: 'crm' },
      { ...base, notes: 'phone' },
      withOverrides(policy, { notes: 'crm' }),
    );
    expect(result.merged.notes).toBe('crm');
  });
});

describe('keyed lists', () => {
  const attendee = (email: string, status: string) => JSON.stringify([email, null, status]);
  const keys = EVENT_ELEMENT_KEYS;
  const events = defaultMergePolicy('event');

  it('one attendee answered on one side is one element, not two', () => {
    const base = { attendees: [attendee('anna@x.de', 'needs-action'), attendee('bob@x.de', 'needs-action')] };
    const crm = { attendees: [attendee('anna@x.de', 'needs-action'), attendee('bob@x.de', 'declined')] };
    const remote = { attendees: [attendee('ANNA@x.de', 'accepted'), attendee('bob@x.de', 'needs-action')] };
    const result = mergeFields(base, crm, remote, events, keys);
    expect([...(result.merged.attendees as string[])].sort()).toEqual(
      [attendee('ANNA@x.de', 'accepted'), attendee('bob@x.de', 'declined')].sort(),
    );
    expect(result.conflicts).toEqual([]);
  });

  it('an answer beats "no answer known" even without a base; two answers are a conflict for the policy', () => {
    const crm = { attendees: [attendee('anna@x.de', 'accepted')] };
    const remote = { attendees: [attendee('anna@x.de', 'needs-action')] };
    expect(mergeFields(null, crm, remote, events, keys).merged.attendees).toEqual([attendee('anna@x.de', 'accepted')]);
    const declined = { attendees: [attendee('anna@x.de', 'declined')] };
    const result = mergeFields(null, crm, declined, events, keys);
    expect(result.merged.attendees).toEqual([attendee('anna@x.de', 'declined')]);
    expect(result.conflicts).toMatchObject([{ field: 'attendees[anna@x.de]', winner: 'remote' }]);
  });

  it('one occurrence moved differently on both sides stays one override (RFC 4791 §4.1)', () => {
    const moved = (id: string, start: string) => JSON.stringify({ recurrenceId: id, startsAt: start });
    const base = { overrides: [] as string[] };
    const result = mergeFields(
      base,
      { overrides: [moved('2026-03-09T09:00:00.000Z', '10:00')] },
      { overrides: [moved('2026-03-09T09:00:00.000Z', '11:00'), moved('2026-03-16T09:00:00.000Z', '08:00')] },
      events,
      keys,
    );
    expect(result.merged.overrides).toEqual([
      moved('2026-03-09T09:00:00.000Z', '10:00'),
      moved('2026-03-16T09:00:00.000Z', '08:00'),
    ]);
    expect(result.conflicts.map((c) => c.winner)).toEqual(['crm']);
  });

  it('a removed element wins over an unchanged one; e-mail addresses are keyed case-insensitively', () => {
    const email = (type: string, address: string) => JSON.stringify([type, address]);
    const base = { emails: [email('work', 'a@x.de'), email('home', 'b@x.de')] };
    const crm = { emails: [email('home', 'b@x.de')] };
    const remote = { emails: [email('other', 'A@X.de'), email('home', 'b@x.de')] };
    // CRM removed a@x.de, the remote changed its type: a conflict on that address, the remote (personal data) wins.
    const result = mergeFields(base, crm, remote, policy, CONTACT_ELEMENT_KEYS);
    expect([...(result.merged.emails as string[])].sort()).toEqual(
      [email('home', 'b@x.de'), email('other', 'A@X.de')].sort(),
    );
    expect(result.conflicts).toMatchObject([{ field: 'emails[a@x.de]', crm: null, winner: 'remote' }]);
  });
});
