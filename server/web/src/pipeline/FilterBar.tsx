import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PipelineFilters, Scope, Show } from './filters';

/** Mine / all; the running pipeline, lost or archived; and a search over name, contact, company and email (sent 300 ms after the last key press). */
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
      <label htmlFor="pipeline-search" className="visually-hidden">
        {t('pipeline.search')}
      </label>
      <input
        id="pipeline-search"
        type="search"
        placeholder={t('pipeline.searchPlaceholder')}
        value={q}
        maxLength={200}
        onChange={(event) => setQ(event.target.value)}
      />
    </div>
  );
}
