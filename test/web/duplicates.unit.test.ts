import type { Partner } from '../../core/src/api-client';
import { duplicateLookups, likelyDuplicates } from '../../server/web/src/opportunity/duplicates';

const partner = (id: number) => ({ id, name: `P${id}` }) as Partner;

describe('likelyDuplicates', () => {
  it('lists each partner once under its strongest reason: email, then phone, then name', () => {
    const result = likelyDuplicates({
      email: [partner(2)],
      phone: [partner(3), partner(2)],
      name: [partner(4), partner(3)],
    });
    expect(result.map((d) => `${d.partner.id}:${d.reason}`)).toEqual(['2:email', '3:phone', '4:name']);
  });

  it('looks up only the contact data a lead has', () => {
    expect(duplicateLookups({ emailFrom: ' a@b.de ', phone: null, contactName: null, companyName: 'X' })).toEqual({
      email: 'a@b.de',
      phone: null,
      name: null,
    });
    expect(duplicateLookups({ emailFrom: '', phone: '0711 1', contactName: 'Karl', companyName: 'Y' })).toEqual({
      email: null,
      phone: '0711 1',
      name: 'Karl',
    });
  });
});
