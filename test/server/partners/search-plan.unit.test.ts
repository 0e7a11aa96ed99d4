import { planSearch } from '../../../server/src/domain/partners/search-plan';

describe('planSearch', () => {
  it('reads a complete address as an exact e-mail lookup', () => {
    expect(planSearch(' mailto:Eva@Example.COM ')).toMatchObject({
      emailExact: 'eva@example.com',
      name: '',
      phoneKey: '',
    });
  });

  it('reads part of an address as an address fragment', () => {
    expect(planSearch('eva@')).toMatchObject({ emailExact: '', emailPart: 'eva@', name: '' });
  });

  it('reads digits and phone punctuation as a number in any format', () => {
    expect(planSearch('+49 (0)30 / 1234-5678')).toMatchObject({ phoneKey: '12345678', phoneExact: true, name: '' });
    expect(planSearch('555 12')).toMatchObject({ phoneKey: '55512', phoneExact: false });
  });

  it('reads anything else as a name or address fragment', () => {
    expect(planSearch('Müller')).toEqual({
      name: 'müller',
      emailExact: '',
      emailPart: 'müller',
      phoneKey: '',
      phoneExact: false,
    });
    expect(planSearch('12')).toMatchObject({ name: '12', phoneKey: '' });
    expect(planSearch('   ')).toEqual({ name: '', emailExact: '', emailPart: '', phoneKey: '', phoneExact: false });
  });
});
