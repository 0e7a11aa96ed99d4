import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { MergeChoice, Partner } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { Dialog } from '../ui/Dialog';
import { ErrorMessage, Loading } from '../ui/states';

/**
 * Merge a duplicate: find it by name, see both side by side, choose which one stays and, field by field, which value
 * it keeps; the other's leads, filed mail, documents, activities, events and contact persons move to it, its
 * emails, phones and tags are added (POST /partners/:kept/merge with `take`).
 */
type Side = 'this' | 'other';
export function MergeDialog({
  partner,
  onClose,
  onDone,
}: {
  partner: Partner;
  onClose(): void;
  onDone(): Promise<void>;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState(partner.name.split(/\s+/)[0] ?? '');
  const [otherId, setOtherId] = useState<number | null>(null);
  const [keep, setKeep] = useState<Side>('this');
  const [values, setValues] = useState<Partial<Record<MergeChoice, Side>>>({});
  const candidates = useQuery({
    queryKey: ['partners', 'merge-candidates', partner.id, q.trim()],
    queryFn: () => api.listPartners({ q: q.trim(), limit: 20 }),
    enabled: q.trim().length >= 2,
  });
  const other = candidates.data?.items.find((candidate) => candidate.id === otherId) ?? null;
  const merge = useMutation({
    mutationFn: () => {
      const [kept, duplicate] = keep === 'this' ? [partner.id, otherId!] : [otherId!, partner.id];
      // A value chosen from the side that goes is taken from the duplicate.
      const take = CHOICES.filter(([field]) => (values[field] ?? 'this') !== keep).map(([field]) => field);
      return api.mergePartners(kept, duplicate, take);
    },
    onSuccess: async (result) => {
      await onDone();
      if (result.partner.id !== partner.id) void navigate(`/partners/${result.partner.id}`);
    },
  });
  // Shown for comparison; the lists are united and the figures added up whichever side stays.
  const facts: Array<[string, (p: Partner) => string]> = [
    [t('partners.email'), (p) => p.emails.map((e) => e.email).join(', ')],
    [t('partners.phone'), (p) => p.phones.map((e) => e.number).join(', ')],
    [t('partners.lastContact'), (p) => p.lastContactAt?.slice(0, 10) ?? '—'],
    [t('partners.contactCount'), (p) => String(p.contactCount)],
  ];
  return (
    <Dialog
      id="merge"
      wide
      title={t('merge.title', { name: partner.name })}
      error={merge.error}
      confirm={t('merge.confirm')}
      confirmDisabled={!otherId || merge.isPending}
      onSubmit={() => {
        if (otherId) merge.mutate();
      }}
      onClose={onClose}
    >
      <label htmlFor="merge-search">{t('merge.search')}</label>
      <input id="merge-search" type="search" value={q} maxLength={200} onChange={(event) => setQ(event.target.value)} />
      {candidates.isFetching ? <Loading /> : null}
      {candidates.isError ? <ErrorMessage error={candidates.error} /> : null}
      <label htmlFor="merge-other">{t('merge.duplicate')}</label>
      <select
        id="merge-other"
        value={otherId ?? ''}
        onChange={(event) => setOtherId(event.target.value ? Number(event.target.value) : null)}
      >
        <option value="">{t('merge.choose')}</option>
        {candidates.data?.items
          .filter((candidate) => candidate.id !== partner.id)
          .map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
              {candidate.emails[0] ? ` <${candidate.emails[0].email}>` : ''}
            </option>
          ))}
      </select>
      {other ? (
        <table className="merge-compare">
          <caption>{t('merge.compare')}</caption>
          <thead>
            <tr>
              <td />
              {(['this', 'other'] as const).map((side) => (
                <th key={side} scope="col">
                  <label>
                    <input
                      type="radio"
                      name="merge-keep"
                      value={side}
                      checked={keep === side}
                      onChange={() => setKeep(side)}
                    />
                    {t('merge.keep', { name: (side === 'this' ? partner : other).name })}
                  </label>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {CHOICES.map(([field, label]) => {
              const show = (p: Partner) => valueText(p, field, t);
              return (
                <tr key={field} data-field={field}>
                  <th scope="row">{t(label)}</th>
                  {(['this', 'other'] as const).map((side) => (
                    <td key={side}>
                      <label className="choice">
                        <input
                          type="radio"
                          name={`merge-value-${field}`}
                          value={side}
                          checked={(values[field] ?? 'this') === side}
                          onChange={() => setValues((current) => ({ ...current, [field]: side }))}
                        />
                        {show(side === 'this' ? partner : other) || '—'}
                      </label>
                    </td>
                  ))}
                </tr>
              );
            })}
            {facts.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value(partner)}</td>
                <td>{value(other)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="hint">{t('merge.explain')}</p>
    </Dialog>
  );
}

/** The fields a person chooses side by side, with their labels. */
const CHOICES: Array<[MergeChoice, string]> = [
  ['name', 'list.name'],
  ['category', 'partners.category'],
  ['website', 'partnerFields.website'],
  ['jobTitle', 'partnerFields.jobTitle'],
  ['sourceCategory', 'partnerFields.sourceCategory'],
  ['sourceDetail', 'partnerFields.sourceDetail'],
  ['metAtEvent', 'partnerFields.metAtEvent'],
  ['contactFrequencyDays', 'partnerFields.contactFrequencyDays'],
];

function valueText(partner: Partner, field: MergeChoice, t: (key: string) => string): string {
  if (field === 'category') return t(`partners.categories.${partner.category}`);
  const value = partner[field as keyof Partner];
  return value === null || value === undefined ? '' : String(value);
}
