import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { listSearchOf } from './list-search';

/** Typing waits this long before the URL (and so the query) changes. */
const DEBOUNCE_MS = 300;

/**
 * A list's search box kept in the URL (?q=…) beside the list's other filters, so a reload or a shared link shows
 * the same list: the box writes `q` once typing pauses; `setFilters` changes the other filters and keeps `q`.
 * Empty filters are left out of the URL.
 */
export function useSearchInUrl(filters: Record<string, string | undefined>) {
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [search, setSearch] = useState(q);
  // A string, not the object: the effect below must not restart its timer on every render.
  const others = listSearchOf(filters, '');

  useEffect(() => {
    const text = search.trim();
    if (text === q) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(others);
      if (text) next.set('q', text);
      setParams(next);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, q, others, setParams]);

  const setFilters = (next: Record<string, string | undefined>) =>
    setParams(new URLSearchParams(listSearchOf(next, q)));
  return { q, search, setSearch, setFilters };
}
