import type { Lead } from '../../core/src/api-client';
import { draftOf, patchOf } from '../../server/web/src/opportunity/lead-patch';

const lead = {
  name: 'Server-Umzug',
  contactName: 'Karl',
  companyName: null,
  emailFrom: null,
  phone: null,
  campaign: null,
  medium: null,
  source: 'Messe',
  referredBy: null,
  description: null,
  expectedRevenue: 12000,
  probability: 10,
  expectedClosing: null,
  salespersonId: 3,
} as unknown as Lead;

describe('patchOf', () => {
  it('sends nothing for an unchanged form', () => {
    expect(patchOf(lead, draftOf(lead))).toEqual({});
  });

  it('sends only the edited fields: emptied text as null, numbers parsed, a typed probability as manual', () => {
    const draft = {
      ...draftOf(lead),
      contactName: '  ',
      source: 'Empfehlung ',
      expectedRevenue: '15000',
      probability: '45',
      expectedClosing: '2026-03-01',
      salespersonId: '',
    };
    expect(patchOf(lead, draft)).toEqual({
      contactName: null,
      source: 'Empfehlung',
      expectedRevenue: 15000,
      probability: 45,
      probabilityManual: true,
      expectedClosing: '2026-03-01',
      salespersonId: null,
    });
  });
});
