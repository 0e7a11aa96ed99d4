import { ValidationError } from '../errors';
import { checkEventTimes } from './event-times';
import { calendarComponents, type Calendar } from './model';

/**
 * The checks an event write makes before it writes (events.ts for one event, create-events.ts for a batch), each
 * answering a ValidationError keyed by field. Pure.
 */
export function invalid(field: string, message: string): ValidationError {
  return new ValidationError(`Invalid request body: ${field}: ${message}`, { [field]: [message] });
}

/** A task list a phone created (calendars.components) holds its VTODOs as sent: CRM events have no place there. */
export function assertHoldsEvents(calendar: Calendar): void {
  if (!calendarComponents(calendar).includes('VEVENT'))
    throw invalid('calendarId', `Calendar ${calendar.id} is a task list: events cannot be added to it`);
}

export function assertTimes(times: { startsAt: string; endsAt: string; allDay: boolean }): void {
  const errors = checkEventTimes(times);
  if (Object.keys(errors).length)
    throw new ValidationError(`Invalid request body: ${Object.values(errors).flat().join('; ')}`, errors);
}
