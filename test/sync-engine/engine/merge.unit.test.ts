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
