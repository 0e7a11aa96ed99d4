import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { ErrorNotice } from './states';

/**
 * "New …" above a list: a folded panel whose form creates the record, refreshes the list's queries and opens the
 * new record in its form. `create` sends what the form holds; `pathOf` is the new record's page.
 */
export function NewRecordForm<Created>({
  summary,
  submitLabel,
  canSubmit,
  create,
  listKey,
  pathOf,
  onCreated,
  children,
}: {
  summary: string;
  submitLabel: string;
  canSubmit: boolean;
  create(): Promise<Created>;
  /** The query key of the lists the new record appears in. */
  listKey: string;
  pathOf(created: Created): string;
  onCreated?(): void;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const creating = useMutation({
    mutationFn: create,
    onSuccess: async (created) => {
      onCreated?.();
      await queryClient.invalidateQueries({ queryKey: [listKey] });
      void navigate(pathOf(created));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    creating.mutate();
  };
  return (
    <details className="panel new-record">
      <summary>{summary}</summary>
      <form onSubmit={submit}>
        <div className="field-grid">{children}</div>
        <ErrorNotice error={creating.error} />
        <button type="submit" disabled={!canSubmit || creating.isPending}>
          {submitLabel}
        </button>
      </form>
    </details>
  );
}
