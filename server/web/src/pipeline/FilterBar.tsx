import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { usersQuery } from '../api/reference-data';
import { SearchBox } from '../ui/SearchBox';
import type { PipelineFilters, Scope, Show } from './filters';

/**
 * Mine / all; the running pipeline, lost or archived; a search over name, contact, company and email (sent 300 ms
 * after the last key press); one salesperson, team or tag; the expected closing between two days.
 */
export function FilterBar({ filters, onChange }: { filters: PipelineFilters; onChange(next: PipelineFilters): void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState(filters.q);

  useEffect(() => setQ(filters.q), [filters.q]);
  useEffect(() => {
    if (q.trim() === filters.q) return;
    const timer = setTimeout(() => onChange({ ...filters, q: q.trim() }), 300);
    return () => clearTimeout(timer);
  }, [q, filters, onChange]);

  return (
    <div className="filter-bar" role="search">
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('pipeline.scope')}</legend>
        {(['all', 'mine'] as Scope[]).map((scope) => (
          <label key={scope} className={filters.scope === scope ? 'selected' : undefined}>
            <input
              type="radio"
              name="scope"
              value={scope}
              checked={filters.scope === scope}
              onChange={() => onChange({ ...filters, scope })}
            />
            {t(`pipeline.scopes.${scope}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor="pipeline-show" className="visually-hidden">
        {t('pipeline.show')}
      </label>
      <select
        id="pipeline-show"
        value={filters.show}
        onChange={(event) => onChange({ ...filters, show: event.target.value as Show })}
      >
        {(['pipeline', 'lost', 'archived'] as Show[]).map((show) => (
          <option key={show} value={show}>
            {t(`pipeline.shows.${show}`)}
          </option>
        ))}
      </select>
      <SearchBox
        id="pipeline-search"
        label={t('pipeline.search')}
        placeholder={t('pipeline.searchPlaceholder')}
        value={q}
        onChange={setQ}
      />
      <MoreFilters filters={filters} onChange={onChange} />
    </div>
  );
}

function MoreFilters({ filters, onChange }: { filters: PipelineFilters; onChange(next: PipelineFilters): void }) {
  const { t } = useTranslation();
  const users = useQuery(usersQuery);
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => api.listTeams() });
  const tags = useQuery({ queryKey: ['tags'], queryFn: () => api.listTags() });
  const choice = (field: 'salesperson' | 'team' | 'tag', options: Array<{ id: number; name: string }>) => (
    <>
      <label htmlFor={`pipeline-${field}`} className="visually-hidden">
        {t(`pipeline.filters.${field}`)}
      </label>
      <select
        id={`pipeline-${field}`}
        value={filters[field] ?? ''}
        disabled={field === 'salesperson' && filters.scope === 'mine'}
        onChange={(event) =>
          onChange({ ...filters, [field]: event.target.value ? Number(event.target.value) : undefined })
        }
      >
        <option value="">{t(`pipeline.filters.any.${field}`)}</option>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
          </option>
        ))}
      </select>
    </>
  );
  const day = (field: 'closingFrom' | 'closingTo') => (
    <label className="inline-label">
      {t(`pipeline.filters.${field}`)}
      <input
        id={`pipeline-${field}`}
        type="date"
        value={filters[field] ?? ''}
        onChange={(event) => onChange({ ...filters, [field]: event.target.value || undefined })}
      />
    </label>
  );
  return (
    <>
      {choice('salesperson', users.data ?? [])}
      {choice('team', teams.data ?? [])}
      {choice('tag', tags.data ?? [])}
      {day('closingFrom')}
      {day('closingTo')}
    </>
  );
}
