/**
 * A list page's URL query: its non-empty filters in their order, then the search (`q`) when there is one. Pure;
 * `search-in-url.ts` is the hook that writes it (apart from it, so a unit test loads no React types).
 */
export function listSearchOf(filters: Record<string, string | undefined>, q: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  if (q) params.set('q', q);
  return params.toString();
}
