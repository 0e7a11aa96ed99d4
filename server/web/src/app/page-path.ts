/** The pages whose data is known from their address alone (no user, no stage list needed to ask for it). Pure. */
export type PageData = { page: 'dashboard' } | { page: 'lead'; id: number } | { page: 'partner'; id: number };

export function pageDataOf(pathname: string): PageData | null {
  if (pathname === '/') return { page: 'dashboard' };
  const record = /^\/(opportunities|leads|partners)\/([1-9]\d{0,15})\/?$/.exec(pathname);
  if (!record || !Number.isSafeInteger(Number(record[2]))) return null;
  return { page: record[1] === 'partners' ? 'partner' : 'lead', id: Number(record[2]) };
}
