import { useMutation } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Stage } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { useUser } from '../session/session';
import { ErrorNotice } from '../ui/states';

/**
 * Quick create in a column (Odoo's "+" in the kanban header): a name and an expected revenue make an opportunity in
 * this stage, assigned to me. Everything else is filled in on the opportunity's form.
 */
export function QuickCreate({ stage, onCreated }: { stage: Stage; onCreated(): void }) {
  const { t } = useTranslation();
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [revenue, setRevenue] = useState('');
  const nameRef = useRef<HTMLInputElement>(null);
  const create = useMutation({
    mutationFn: () =>
      api.createLeadRecord({
        type: 'opportunity',
        name: name.trim(),
        stageId: stage.id,
        salespersonId: user.id,
        ...(revenue ? { expectedRevenue: Number(revenue) } : {}),
      }),
    onSuccess: () => {
      setName('');
      setRevenue('');
      setOpen(false);
      onCreated();
    },
  });

  useEffect(() => {
    if (open) nameRef.current?.focus();
  }, [open]);

  if (!open) {
    return (
      <button
        type="button"
        className="quick-create-open"
        onClick={() => setOpen(true)}
        aria-label={t('pipeline.quickCreateIn', { stage: stage.name })}
      >
        +
      </button>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const prefix = `quick-${stage.id}`;
  return (
    <form className="quick-create" onSubmit={submit} aria-label={t('pipeline.quickCreateIn', { stage: stage.name })}>
      <label htmlFor={`${prefix}-name`}>{t('pipeline.quickName')}</label>
      <input
        id={`${prefix}-name`}
        ref={nameRef}
        required
        maxLength={255}
        value={name}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setOpen(false);
        }}
      />
      <label htmlFor={`${prefix}-revenue`}>{t('pipeline.quickRevenue')}</label>
      <input
        id={`${prefix}-revenue`}
        type="number"
        min={0}
        step="any"
        inputMode="decimal"
        value={revenue}
        onChange={(event) => setRevenue(event.target.value)}
      />
      <ErrorNotice error={create.error} />
      <div className="dialog-actions">
        <button type="button" onClick={() => setOpen(false)}>
          {t('lost.cancel')}
        </button>
        <button type="submit" disabled={create.isPending || !name.trim()}>
          {t('pipeline.quickAdd')}
        </button>
      </div>
    </form>
  );
}
