import type { Partner } from '../../core/src/api-client';
import { partnerDraftOf, partnerPatchOf } from '../../server/web/src/partners/partner-patch';

const partner = {
  name: 'Müller GmbH',
  jobTitle: null,
  website: null,
  sourceCategory: 'Messe',
  sourceDetail: null,
  metAtEvent: null,
  notes: null,
  category: 'prospect',
  emails: [
    { email: 'info@mueller.example', type: 'work' },
    { email: 'chef@mueller.example', type: 'other' },
  ],
  phones: [],
  callbackAt: null,
  contactFrequencyDays: 30,
  salespersonId: 2,
} as unknown as Partner;

describe('partnerPatchOf', () => {
  it('sends nothing for an unchanged form', () => {
    expect(partnerPatchOf(partner, partnerDraftOf(partner))).toEqual({});
  });

  it('edits the first email in place and keeps the others; empties become null', () => {
    const draft = {
      ...partnerDraftOf(partner),
      email: 'einkauf@mueller.example',
      phone: '0711 1234',
      sourceCategory: '',
      category: 'customer',
      contactFrequencyDays: '',
      metAtEvent: 'Hannover Messe',
    };
    expect(partnerPatchOf(partner, draft)).toEqual({
      emails: [
        { email: 'einkauf@mueller.example', type: 'work' },
        { email: 'chef@mueller.example', type: 'other' },
      ],
      phones: [{ number: '0711 1234', type: 'work' }],
      sourceCategory: null,
      metAtEvent: 'Hannover Messe',
      category: 'customer',
      contactFrequencyDays: null,
    });
  });

  it('removes the first email when its field is emptied', () => {
    const patch = partnerPatchOf(partner, { ...partnerDraftOf(partner), email: '' });
    expect(patch).toEqual({ emails: [{ email: 'chef@mueller.example', type: 'other' }] });
  });
});
