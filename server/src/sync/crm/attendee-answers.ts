import type { EventData } from '@akte/core';

export interface AttendeeAnswer {
  recurrenceId: string;
  status: EventData['attendees'][number]['status'];
}

/**
 * What a user's remote copy of a meeting they attend (but may not edit) asks of the CRM: their own PARTSTAT per
 * instance (master '' and overridden occurrences), where it differs from the CRM's — and nothing else (RFC 6638
 * §3.2.2.1: an attendee changes only its own ATTENDEE property). An instance the CRM does not have, or one that does
 * not list the user, asks nothing: an attendee cannot add occurrences or invite themselves. Addresses compare
 * case-insensitively (RFC 5321 §2.4 leaves the local part to the host, but every calendar treats it so).
 */
export function attendeeAnswers(crm: EventData[], remote: EventData[], email: string): AttendeeAnswer[] {
  const me = email.trim().toLowerCase();
  const mine = (event: EventData) => event.attendees.find((a) => a.email.trim().toLowerCase() === me);
  const crmStatus = new Map(crm.map((e) => [e.recurrenceId, mine(e)?.status]));
  const answers: AttendeeAnswer[] = [];
  for (const event of remote) {
    const current = crmStatus.get(event.recurrenceId);
    const wanted = mine(event)?.status;
    if (current === undefined || wanted === undefined || wanted === current) continue;
    answers.push({ recurrenceId: event.recurrenceId, status: wanted });
  }
  return answers;
}
