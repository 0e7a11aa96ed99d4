import { formatDateTime, formatDay, formatMoney } from '../../server/web/src/ui/format';

// The formatters are kept per language and currency: switching either must never reuse another's formatter.
describe('formats in the user language', () => {
  it('keeps German and English apart, in any order', () => {
    expect(formatMoney(25000, 'EUR', 'de')).toBe('25.000\u00a0€');
    expect(formatMoney(25000, 'EUR', 'en')).toBe('€25,000');
    expect(formatMoney(25000, 'USD', 'en')).toBe('$25,000');
    expect(formatMoney(25000, 'EUR', 'de')).toBe('25.000\u00a0€');
    expect(formatDay('2026-03-01', 'en')).toBe('Mar 1, 2026');
    expect(formatDay('2026-03-01', 'de')).toBe('01.03.2026');
    expect(formatDay('2026-12-31', 'en')).toBe('Dec 31, 2026');
  });

  it('writes an instant with date and time', () => {
    const instant = '2026-03-01T12:00:00Z';
    const de = formatDateTime(instant, 'de');
    expect(de).toMatch(/^0[12]\.03\.2026, \d\d:\d\d$/);
    expect(formatDateTime(instant, 'en')).not.toBe(de);
  });
});
