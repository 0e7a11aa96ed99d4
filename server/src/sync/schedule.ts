/**
 * When a failed collection is tried again: doubling from one minute, at most an hour (a server that is down for
 * maintenance is not hammered, one that had a hiccup is back soon). Pure.
 */
export function retryDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.min(failures - 1, 10));
}
