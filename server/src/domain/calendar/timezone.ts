/** True for a time zone name the runtime's IANA database knows (e.g. "Europe/Berlin", "UTC"). */
export function isKnownTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
