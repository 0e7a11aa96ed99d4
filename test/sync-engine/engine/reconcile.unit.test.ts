import { defaultMergePolicy } from '../../../sync-engine/src/engine/merge-policy';
import { planReconcile } from '../../../sync-engine/src/engine/reconcile';

const policy = defaultMergePolicy('contact');
const base = { name: 'Anna', notes: null };
const present = (fields: Record<string, string | null>) => ({ kind: 'present' as const, fields });
const deleted = { kind: 'deleted' as const };

describe('planReconcile', () => {
  it('deleted on both sides: forget the link', () => {
    expect(planReconcile(base, deleted, deleted, policy)).toEqual({ kind: 'forget' });
  });

  it('a deletion wins over an unchanged record', () => {
    expect(planReconcile(base, deleted, present(base), policy)).toEqual({ kind: 'delete-remote' });
    expect(planReconcile(base, present(base), deleted, policy)).toEqual({ kind: 'delete-crm' });
  });

  it('modify beats delete, both ways round', () => {
    expect(planReconcile(base, deleted, present({ ...base, notes: 'x' }), policy)).toMatchObject({
      kind: 'write',
      recreate: 'crm',
      merged: { notes: 'x' },
    });
    expect(planReconcile(base, present({ ...base, notes: 'y' }), deleted, policy)).toMatchObject({
      kind: 'write',
      recreate: 'remote',
      merged: { notes: 'y' },
    });
  });

  it('both present: a merge that writes only the side that lacks the result', () => {
    expect(planReconcile(base, present(base), present({ ...base, notes: 'x' }), policy)).toMatchObject({
      kind: 'write',
      writeCrm: true,
      writeRemote: false,
      recreate: null,
    });
    expect(planReconcile(base, present(base), present(base), policy)).toMatchObject({
      writeCrm: false,
      writeRemote: false,
    });
  });
});
