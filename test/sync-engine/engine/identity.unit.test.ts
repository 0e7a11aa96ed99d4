import { matchIdentity, type IdentityCandidate } from '../../../sync-engine/src/engine/identity';
import { contact } from '../support/sync-world';

const candidate = (
  crmId: string,
  fields: ReturnType<typeof contact>,
  uid: string | null = null,
  linkedHere = false,
): IdentityCandidate => ({
  crmId,
  uid,
  fields,
  linkedHere,
});

describe('matchIdentity', () => {
  const anna = candidate(
    '1',
    contact({ name: 'Anna Berg', emails: [{ email: 'anna@berg.de', type: 'work' }] }),
    'u-anna',
  );
  const jan1 = candidate('2', contact({ name: 'Jan Twin', phones: [{ number: '030 5550001', type: 'work' }] }));
  const jan2 = candidate('3', contact({ name: 'Jan Twin', phones: [{ number: '030/555 0001', type: 'home' }] }));
  const rolf = candidate('4', contact({ name: 'Rolf Kamp', phones: [{ number: '+49 40 7654321', type: 'work' }] }));
  const all = [anna, jan1, jan2, rolf];

  it('matches by UID first', () => {
    expect(matchIdentity('contact', { uid: 'u-anna', fields: contact({ name: 'x' }) }, all, true)).toEqual({
      kind: 'match',
      crmId: '1',
      by: 'uid',
    });
  });

  it('then by normalized e-mail (case, mailto:)', () => {
    const probe = {
      uid: 'other',
      fields: contact({ name: 'A. Berg', emails: [{ email: 'mailto:ANNA@Berg.DE', type: 'home' }] }),
    };
    expect(matchIdentity('contact', probe, all, true)).toEqual({ kind: 'match', crmId: '1', by: 'email' });
  });

  it('then by normalized phone and name', () => {
    const probe = {
      uid: null,
      fields: contact({ name: 'rolf  KAMP', phones: [{ number: '0049 (0)40 765 43 21', type: 'cell' }] }),
    };
    expect(matchIdentity('contact', probe, all, true)).toEqual({ kind: 'match', crmId: '4', by: 'phone-and-name' });
  });

  it('a phone without the same name is no match', () => {
    const probe = {
      uid: null,
      fields: contact({ name: 'Someone Else', phones: [{ number: '+49 40 7654321', type: 'cell' }] }),
    };
    expect(matchIdentity('contact', probe, all, true)).toEqual({ kind: 'none' });
  });

  it('several candidates are ambiguous (review, never create)', () => {
    const probe = {
      uid: null,
      fields: contact({ name: 'Jan Twin', phones: [{ number: '+49 30 5550001', type: 'cell' }] }),
    };
    expect(matchIdentity('contact', probe, all, true)).toEqual({
      kind: 'ambiguous',
      crmIds: ['2', '3'],
      by: 'phone-and-name',
    });
  });

  it('a candidate already linked to another item here is not adopted twice', () => {
    const linked = { ...anna, linkedHere: true };
    const probe = { uid: null, fields: contact({ name: 'Anna', emails: [{ email: 'anna@berg.de', type: 'work' }] }) };
    expect(matchIdentity('contact', probe, [linked], true)).toEqual({
      kind: 'ambiguous',
      crmIds: ['1'],
      by: 'already-linked',
    });
  });

  it('after the first sync only the UID matches; events match by UID only', () => {
    const probe = { uid: 'x', fields: contact({ name: 'Anna', emails: [{ email: 'anna@berg.de', type: 'work' }] }) };
    expect(matchIdentity('contact', probe, all, false)).toEqual({ kind: 'none' });
    expect(matchIdentity('event', probe, all, true)).toEqual({ kind: 'none' });
  });
});
