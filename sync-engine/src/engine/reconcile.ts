import type { ElementKeys } from '../codecs/codec';
import { sameFields, type Fields } from '../codecs/fields';
import { mergeFields, type FieldConflict } from './merge';
import type { MergePolicy } from './merge-policy';

/** One side of a linked record as the runner found it. */
export type SideState = { kind: 'present'; fields: Fields } | { kind: 'deleted' };

export type ReconcilePlan =
  /** Both sides deleted it: forget the link. */
  | { kind: 'forget' }
  | { kind: 'delete-remote' }
  | { kind: 'delete-crm' }
  /**
   * Bring both sides to `merged`. `recreate` names a side that deleted the record while the other modified it:
   * modify beats delete, so that side gets it back (a new CRM record, or a new remote resource).
   */
  | {
      kind: 'write';
      merged: Fields;
      writeCrm: boolean;
      writeRemote: boolean;
      recreate: 'crm' | 'remote' | null;
      conflicts: FieldConflict[];
    };

const changedSince = (base: Fields | null, fields: Fields): boolean => base === null || !sameFields(base, fields);

/**
 * The decision for one linked record, from the base snapshot and both sides' current state. A deletion wins only
 * over an unchanged record; a record deleted on one side and modified on the other comes back with the
 * modification (the issue's rule; the opposite loses work that cannot be recovered, this loses only a delete).
 */
export function planReconcile(
  base: Fields | null,
  crm: SideState,
  remote: SideState,
  policy: MergePolicy,
  elementKeys: ElementKeys = {},
): ReconcilePlan {
  if (crm.kind === 'deleted' && remote.kind === 'deleted') return { kind: 'forget' };
  if (crm.kind === 'deleted') {
    const fields = (remote as { fields: Fields }).fields;
    if (!changedSince(base, fields)) return { kind: 'delete-remote' };
    return { kind: 'write', merged: fields, writeCrm: true, writeRemote: false, recreate: 'crm', conflicts: [] };
  }
  if (remote.kind === 'deleted') {
    if (!changedSince(base, crm.fields)) return { kind: 'delete-crm' };
    return { kind: 'write', merged: crm.fields, writeCrm: false, writeRemote: true, recreate: 'remote', conflicts: [] };
  }
  const result = mergeFields(base, crm.fields, remote.fields, policy, elementKeys);
  return {
    kind: 'write',
    merged: result.merged,
    writeCrm: result.crmChanged,
    writeRemote: result.remoteChanged,
    recreate: null,
    conflicts: result.conflicts,
  };
}
