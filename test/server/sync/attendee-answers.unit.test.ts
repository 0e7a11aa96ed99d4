import type { EventData } from '@akte/core';
import { attendeeAnswers } from '../../../server/src/sync/crm/attendee-answers';

const event = (
  recurrenceId: string,
  attendees: Array<[string, EventData['attendees'][number]['status']]>,
): EventData => ({
  uid: 'm',
  recurrenceId,
  title: 'Planung',
  startsAt: new Date('2026-03-10T09:00:00Z'),
  endsAt: new Date('2026-03-10T10:00:00Z'),
  allDay: false,
  timezone: null,
  rrule: null,
  rdates: [],
  exdates: [],
  location: null,
  description: null,
  organizer: null,
  attendees: attendees.map(([email, status]) => ({ email, name: null, status })),
  privacy: 'public',
});

describe('attendeeAnswers', () => {
  it('takes the user’s own changed status per instance, by address in any case', () => {
    const crm = [
      event('', [
        ['otto@x.test', 'needs-action'],
        ['anna@x.test', 'accepted'],
      ]),
      event('2026-03-17', [['otto@x.test', 'accepted']]),
    ];
    const remote = [
      event('', [
        ['OTTO@x.test', 'declined'],
        ['anna@x.test', 'declined'],
      ]),
      event('2026-03-17', [['otto@x.test', 'accepted']]),
    ];
    expect(attendeeAnswers(crm, remote, 'Otto@X.test')).toEqual([{ recurrenceId: '', status: 'declined' }]);
  });

  it('asks nothing for an instance the CRM lacks or a user it does not list', () => {
    const crm = [event('', [['anna@x.test', 'accepted']])];
    const remote = [event('', [['otto@x.test', 'accepted']]), event('2026-03-17', [['otto@x.test', 'declined']])];
    expect(attendeeAnswers(crm, remote, 'otto@x.test')).toEqual([]);
  });
});
