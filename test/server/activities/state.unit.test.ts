import { activityState, localDay } from '../../../server/src/domain/activities/state';

describe('activityState', () => {
  const today = '2025-03-15';
  it.each([
    ['open', '2025-03-14', 'overdue'],
    ['open', '2024-12-31', 'overdue'],
    ['open', '2025-03-15', 'today'],
    ['open', '2025-03-16', 'planned'],
    ['open', null, 'planned'],
    ['done', '2025-03-14', 'done'],
    ['cancelled', '2025-03-14', 'cancelled'],
    ['done', null, 'done'],
  ] as const)('%s due %s on %s is %s', (status, due, expected) => {
    expect(activityState(status, due, today)).toBe(expected);
  });

  it('formats the local day with zero padding', () => {
    expect(localDay(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
  });
});
