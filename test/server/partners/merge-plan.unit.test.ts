import {
  chosenFields,
  MergeableFields,
  mergedFields,
  newAddresses,
  newEmails,
  newPhones,
} from '../../../server/src/domain/partners/merge-plan';

const blank: MergeableFields = {
  jobTitle: null,
  website: null,
  salespersonId: null,
  sourceCategory: null,
  sourceDetail: null,
  referredById: null,
  metAtEvent: null,
  callbackAt: null,
  contactFrequencyDays: null,
  lastContactAt: null,
  contactCount: 0,
  notes: null,
  birthday: null,
  companyId: null,
};
const ids = { keepId: 1, duplicateId: 2 };

describe('mergedFields', () => {
  it('keeps the kept values and fills only its gaps', () => {
    const keep = { ...blank, jobTitle: 'CEO', website: null };
    const dup = { ...blank, jobTitle: 'CTO', website: 'https://x.test', birthday: '1980-01-01' };
    expect(mergedFields(keep, dup, ids)).toEqual({ website: 'https://x.test', birthday: '1980-01-01' });
  });

  it('adds contact counts, keeps the latest contact and the earliest callback, and joins notes', () => {
    const keep = {
      ...blank,
      contactCount: 2,
      lastContactAt: new Date('2024-01-01'),
      callbackAt: new Date('2030-01-05'),
      notes: 'A',
    };
    const dup = {
      ...blank,
      contactCount: 3,
      lastContactAt: new Date('2024-06-01'),
      callbackAt: new Date('2030-01-02'),
      notes: 'B',
    };
    expect(mergedFields(keep, dup, ids)).toEqual({
      contactCount: 5,
      lastContactAt: new Date('2024-06-01'),
      callbackAt: new Date('2030-01-02'),
      notes: 'A\n\nB',
    });
    expect(
      mergedFields({ ...keep, lastContactAt: new Date('2025-01-01') }, { ...dup, notes: 'A' }, ids),
    ).not.toHaveProperty('lastContactAt');
  });

  it('never leaves a link to the kept or the disappearing partner', () => {
    expect(mergedFields({ ...blank, companyId: 2 }, { ...blank, companyId: 7 }, ids)).toEqual({ companyId: 7 });
    expect(mergedFields({ ...blank, companyId: 2 }, { ...blank, companyId: 1 }, ids)).toEqual({ companyId: null });
    expect(mergedFields({ ...blank }, { ...blank, companyId: 1, referredById: 1 }, ids)).toEqual({});
    expect(mergedFields({ ...blank, referredById: 2 }, { ...blank, referredById: 9 }, ids)).toEqual({
      referredById: 9,
    });
  });
});

describe('new contact data', () => {
  it('moves only addresses and numbers the kept partner lacks, compared by their match keys', () => {
    expect(
      newEmails([{ email: 'a@x.test' }], [{ email: ' A@X.test ' }, { email: 'b@x.test' }, { email: 'B@x.test' }]),
    ).toEqual([{ email: 'b@x.test' }]);
    expect(
      newPhones([{ number: '030 1234 5678' }], [{ number: '+49 30 12345678' }, { number: '0171 5550000' }]),
    ).toEqual([{ number: '0171 5550000' }]);
    const street = { street: 'Hauptstr. 1', street2: null, zip: '10115', city: 'Berlin', region: null, country: 'DE' };
    expect(
      newAddresses(
        [street],
        [
          { ...street, city: ' berlin ' },
          { ...street, zip: '10117' },
        ],
      ),
    ).toEqual([{ ...street, zip: '10117' }]);
  });
});

describe('chosenFields', () => {
  it('takes exactly the chosen fields from the duplicate, an empty one too', () => {
    const duplicate = { name: 'Müller GmbH', website: null, category: 'customer', jobTitle: 'CEO' } as never;
    expect(chosenFields(duplicate, ['name', 'website'])).toEqual({ name: 'Müller GmbH', website: null });
    expect(chosenFields(duplicate, [])).toEqual({});
  });
});
