/**
 * The time rules of an event, on the values as the client sent them: a timed event has ISO date-times, an all-day
 * event plain dates (RFC 5545 VALUE=DATE), and it never ends before it starts. Pure; errors are keyed by field.
 */
export interface EventTimes {
  startsAt: string;
  endsAt: string;
  allDay: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function checkEventTimes(times: EventTimes): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const field of ['startsAt', 'endsAt'] as const) {
    const value = times[field];
    if (times.allDay && !DATE_ONLY.test(value)) errors[field] = ['An all-day event takes a date (YYYY-MM-DD)'];
    if (!times.allDay && DATE_ONLY.test(value))
      errors[field] = ['A timed event takes an ISO date-time with offset; set allDay for a date'];
    if (!isValidMoment(value)) errors[field] = ['Not a valid date or date-time'];
  }
  if (!errors.startsAt && !errors.endsAt && toInstant(times.endsAt) < toInstant(times.startsAt)) {
    errors.endsAt = ['The event must not end before it starts'];
  }
  return errors;
}

/** A date is stored as midnight UTC, so it reads back as the same date whatever the server's time zone. */
export function toInstant(value: string): Date {
  return new Date(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
}

/** Date() rolls 2025-02-30 over into March: a date is valid only if it reads back unchanged. */
function isValidMoment(value: string): boolean {
  const instant = toInstant(value);
  if (Number.isNaN(instant.getTime())) return false;
  return !DATE_ONLY.test(value) || instant.toISOString().slice(0, 10) === value;
}
