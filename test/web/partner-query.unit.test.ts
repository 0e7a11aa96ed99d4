import { callbackDay, callbackInstant, partnerSearchOf } from '../../server/web/src/partners/partner-query';

describe('the partner search box', () => {
  it('searches a phone number in any format as a phone, anything else as name and email', () => {
    expect(partnerSearchOf(' +49 (711) 123-45 ')).toEqual({ phone: '+49 (711) 123-45' });
    expect(partnerSearchOf('0711/1234')).toEqual({ phone: '0711/1234' });
    expect(partnerSearchOf('123')).toEqual({ q: '123' });
    expect(partnerSearchOf('Müller 2')).toEqual({ q: 'Müller 2' });
    expect(partnerSearchOf('info@mueller.example')).toEqual({ q: 'info@mueller.example' });
    expect(partnerSearchOf('   ')).toEqual({});
  });

  it('keeps a callback on the chosen local day', () => {
    expect(callbackDay(callbackInstant('2026-12-24'))).toBe('2026-12-24');
    expect(callbackInstant('')).toBeNull();
    expect(callbackDay(null)).toBe('');
  });
});
