import { decidePartner } from '../../../server/src/domain/leads/match-partner';
import { hasContactData, planPartners } from '../../../server/src/domain/leads/partner-from-lead';

const unlinked = { leadPartnerId: null, hasContactData: true };

describe('decidePartner', () => {
  it('links the single match of automatic matching', () => {
    expect(decidePartner({ mode: 'auto' }, { ...unlinked, match: { by: 'email', partnerIds: [7] } })).toEqual({
      action: 'link',
      partnerId: 7,
      reason: 'email',
    });
  });
  it('hands several matches back instead of choosing', () => {
    expect(decidePartner({ mode: 'auto' }, { ...unlinked, match: { by: 'phone', partnerIds: [3, 4, 3] } })).toEqual({
      action: 'ambiguous',
      by: 'phone',
      partnerIds: [3, 4],
    });
  });
  it('creates a partner only when nothing matches and there is something to create it from', () => {
    expect(decidePartner({ mode: 'auto' }, { ...unlinked, match: { by: null, partnerIds: [] } })).toEqual({
      action: 'create',
    });
    expect(
      decidePartner(
        { mode: 'auto' },
        { leadPartnerId: null, hasContactData: false, match: { by: null, partnerIds: [] } },
      ),
    ).toEqual({ action: 'none' });
  });
  it('keeps the partner an automatically converted lead already has', () => {
    expect(decidePartner({ mode: 'auto' }, { leadPartnerId: 9, hasContactData: true, match: null })).toEqual({
      action: 'link',
      partnerId: 9,
      reason: 'already_linked',
    });
  });
  it('obeys explicit choices', () => {
    expect(decidePartner({ mode: 'existing', partnerId: 5 }, { ...unlinked, match: null })).toEqual({
      action: 'link',
      partnerId: 5,
      reason: 'chosen',
    });
    expect(decidePartner({ mode: 'none' }, { ...unlinked, match: null })).toEqual({ action: 'none' });
    expect(decidePartner({ mode: 'new' }, { ...unlinked, match: null })).toEqual({ action: 'create' });
    expect(decidePartner({ mode: 'new' }, { leadPartnerId: null, hasContactData: false, match: null }).action).toBe(
      'reject',
    );
  });
});

describe('planPartners', () => {
  const empty = { contactName: null, companyName: null, emailFrom: null, phone: null };

  it('plans a company and its contact person, reachable through the person', () => {
    expect(
      planPartners({ contactName: ' Eva Berg ', companyName: 'Berg GmbH', emailFrom: 'eva@berg.de', phone: '030 123' }),
    ).toEqual({
      company: { name: 'Berg GmbH', isCompany: true, emails: [], phones: [] },
      person: {
        name: 'Eva Berg',
        isCompany: false,
        emails: [{ email: 'eva@berg.de', type: 'work' }],
        phones: [{ number: '030 123', type: 'work' }],
      },
    });
  });
  it('plans a single company or person otherwise', () => {
    expect(planPartners({ ...empty, companyName: 'Solo AG', phone: '+49 1' })).toEqual({
      company: { name: 'Solo AG', isCompany: true, emails: [], phones: [{ number: '+49 1', type: 'work' }] },
      person: null,
    });
    expect(planPartners({ ...empty, emailFrom: 'who@x.org' }).person?.name).toBe('who@x.org');
  });
  it('plans nothing without contact data', () => {
    expect(planPartners({ ...empty, contactName: '  ' })).toEqual({ company: null, person: null });
    expect(hasContactData({ ...empty, contactName: '  ' })).toBe(false);
    expect(hasContactData({ ...empty, phone: '0301' })).toBe(true);
  });
});
