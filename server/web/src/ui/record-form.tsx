import { useMutation, useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usersQuery } from '../api/reference-data';
import { FieldRow } from './FieldRow';
import { ErrorNotice } from './states';

/**
 * A record's edit form: the fields as strings (what inputs hold) and the PATCH of only what the person changed, so
 * a save never overwrites a colleague's change to another field. `draftOf` and `patchOf` are the record's pure
 * functions (opportunity/lead-patch.ts, partners/partner-patch.ts); nothing is sent while nothing changed.
 */
export function useRecordDraft<Draft extends Record<string, string>, Patch extends object>({
  draftOf,
  patchOf,
  save,
  onSaved,
}: {
  draftOf(): Draft;
  patchOf(draft: Draft): Patch;
  save(patch: Patch): Promise<unknown>;
  onSaved(): Promise<void>;
}) {
  const [draft, setDraft] = useState<Draft>(draftOf);
  const patch = patchOf(draft);
  const changed = Object.keys(patch).length > 0;
  const saving = useMutation({ mutationFn: () => save(patch), onSuccess: onSaved });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (changed) saving.mutate();
  };
  const set = (field: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));
  return { draft, set, changed, saving, submit, discard: () => setDraft(draftOf()) };
}

/** The salesperson of a record: one of the users, or nobody. */
export function SalespersonField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange(event: { target: { value: string } }): void;
}) {
  const { t } = useTranslation();
  const users = useQuery(usersQuery);
  return (
    <FieldRow id={id} label={t('leadFields.salespersonId')}>
      <select id={id} value={value} onChange={onChange}>
        <option value="">{t('leadFields.nobody')}</option>
        {(users.data ?? []).map((user) => (
          <option key={user.id} value={user.id}>
            {user.name}
          </option>
        ))}
      </select>
    </FieldRow>
  );
}

/** Under a record's edit form: the save's failure or "saved", then Save and Discard (both only when changed). */
export function RecordFormActions({
  form,
}: {
  form: { changed: boolean; discard(): void; saving: { error: unknown; isSuccess: boolean; isPending: boolean } };
}) {
  const { t } = useTranslation();
  const { changed, saving } = form;
  return (
    <>
      <ErrorNotice error={saving.error} />
      {saving.isSuccess && !changed ? (
        <p className="notice" role="status">
          {t('leadFields.saved')}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" disabled={!changed || saving.isPending}>
          {t('leadFields.save')}
        </button>
        <button type="button" disabled={!changed} onClick={form.discard}>
          {t('leadFields.discard')}
        </button>
      </div>
    </>
  );
}
