/**
 * The CalDAV preconditions (RFC 4791 §5.3.2.1, §9.6.5, §7.8) an iCalendar object or request can violate. The DAV
 * layer answers them as `<C:error><C:name/></C:error>` bodies; everyone else can treat them as error codes.
 */
export type CalendarPrecondition =
  /** Not parseable as iCalendar (RFC 5545 syntax). */
  | 'valid-calendar-data'
  /** Parseable, but breaks a calendar object resource rule (RFC 4791 §4.1): several UIDs, no UID, no component. */
  | 'valid-calendar-object-resource'
  /** A component type the target collection does not take (VTODO into a calendar). */
  | 'supported-calendar-component'
  /** Expanding the recurrence set would take more instances or iterations than allowed. */
  | 'max-instances';

export class ICalendarError extends Error {
  constructor(
    readonly precondition: CalendarPrecondition,
    message: string,
  ) {
    super(message);
    this.name = 'ICalendarError';
  }
}

/** Thrown by the recurrence expansion when a cap is hit; a subclass so callers can tell it from bad data. */
export class RecurrenceLimitError extends ICalendarError {
  constructor(
    readonly limit: 'instances' | 'iterations',
    readonly max: number,
  ) {
    super('max-instances', `recurrence expansion stopped: more than ${max} ${limit}`);
    this.name = 'RecurrenceLimitError';
  }
}
