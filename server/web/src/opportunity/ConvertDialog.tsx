import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConvertPartnerChoice, Lead } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { Dialog } from '../ui/Dialog';
import { ErrorMessage, Loading } from '../ui/states';
import { duplicateLookups, likelyDuplicates } from './duplicates';

/**
 * "Convert to opportunity": the partners that likely are this lead's (same email, phone or name) to choose from,
 * or a new partner made from the lead's contact data, or none. A modal <dialog>: the focus stays inside, Escape
 * cancels.
 */
export function ConvertDialog({ lead, onClose, onDone }: { lead: Lead; onClose(): void; onDone(): Promise<void> }) {
  const { t } = useTranslation();
  const lookups = duplicateLookups(lead);
  const candidates = useQuery({
    queryKey: ['partners', 'duplicates-of-lead', lead.id],
    queryFn: async () => {
      const none = { items: [] };
      const [email, phone, name] = await Promise.all([
        lookups.email ? api.listPartners({ email: lookups.email, limit: 10 }) : none,
        lookups.phone ? api.listPartners({ phone: lookups.phone, limit: 10 }) : none,
        lookups.name ? api.listPartners({ q: lookups.name, limit: 10 }) : none,
      ]);
      return likelyDuplicates({ email: email.items, phone: phone.items, name: name.items });
    },
  });
  const [choice, setChoice] = useState<string>(lead.partnerId ? 'keep' : '');

  useEffect(() => {
    if (choice || !candidates.isSuccess) return;
    setChoice(candidates.data.length ? `partner-${candidates.data[0].partner.id}` : 'new');
  }, [choice, candidates.isSuccess, candidates.data]);

  const convert = useMutation({
    mutationFn: () => api.convertLead(lead.id, choiceOf(choice)),
    onSuccess: onDone,
  });
  const option = (value: string, label: string, hint?: string) => (
    <label key={value} className="choice">
      <input
        type="radio"
        name="convert-partner"
        value={value}
        checked={choice === value}
        onChange={() => setChoice(value)}
      />
      {label}
      {hint ? <span className="hint"> — {hint}</span> : null}
    </label>
  );

  return (
    <Dialog
      id="convert"
      title={t('convert.title', { name: lead.name })}
      error={convert.error}
      confirm={t('convert.confirm')}
      confirmDisabled={!choice || convert.isPending}
      onSubmit={() => convert.mutate()}
      onClose={onClose}
    >
      <fieldset>
        <legend>{t('convert.partner')}</legend>
        {lead.partnerId ? option('keep', t('convert.keep')) : null}
        {candidates.isPending ? <Loading /> : null}
        {candidates.isError ? <ErrorMessage error={candidates.error} /> : null}
        {candidates.isSuccess && candidates.data.length > 0 ? (
          <p className="hint">{t('convert.duplicatesFound', { count: candidates.data.length })}</p>
        ) : null}
        {candidates.data?.map(({ partner, reason }) =>
          option(
            `partner-${partner.id}`,
            t('convert.existing', { name: partner.name }),
            t(`convert.reasons.${reason}`),
          ),
        )}
        {option('new', t('convert.new'))}
        {option('none', t('convert.none'))}
      </fieldset>
    </Dialog>
  );
}

function choiceOf(value: string): ConvertPartnerChoice {
  if (value.startsWith('partner-')) return { mode: 'existing', partnerId: Number(value.slice('partner-'.length)) };
  if (value === 'new') return { mode: 'new' };
  // "keep" the linked partner: the server keeps it when nothing is matched.
  return value === 'keep' ? { mode: 'auto' } : { mode: 'none' };
}
