/**
 * Money and dates in the user's language (Intl), e.g. 25.000 € in German and €25,000 in English.
 *
 * Formatters are made once per language (and currency), not per call: constructing an Intl formatter resolves the
 * locale's data and costs far more than formatting with it, and a dashboard formats a few hundred dates and sums.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatMoney(amount: number, currency: string, language: string): string {
  return cached(
    `money:${language}:${currency}`,
    () => new Intl.NumberFormat(language, { style: 'currency', currency, maximumFractionDigits: 0 }),
  ).format(amount);
}

/** A calendar date (YYYY-MM-DD) as the language writes it, without shifting it through a time zone. */
export function formatDay(day: string, language: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return cached(
    `day:${language}`,
    () => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }),
  ).format(new Date(Date.UTC(year, month - 1, date)));
}

/**
 * Totals across records (GET /leads/grouped) carry no currency: the server sums the amounts as they are. Until the
 * company currency is a setting, the back office shows such sums in euros, as the demo and the seed systems do.
 */
export const TOTALS_CURRENCY = 'EUR';

/** An instant (ISO 8601) as a date and time in the user's language and the browser's time zone. */
export function formatDateTime(instant: string, language: string): string {
  return cached(
    `datetime:${language}`,
    () => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(new Date(instant));
}
