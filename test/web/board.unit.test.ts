import type { Activity, Lead } from '../../core/src/api-client';
import { groupActivities } from '../../server/web/src/dashboard/activity-groups';
import { cardsOfColumn, columnId, stageOfColumn } from '../../server/web/src/pipeline/board-moves';

const lead = (id: number, stageId: number) => ({ id, name: `L${id}`, stageId }) as Lead;
const activity = (id: number, state: Activity['state']) => ({ id, state }) as Activity;

describe('the kanban board while a move is pending', () => {
  const loadedNew = [lead(1, 10), lead(2, 10)];
  const loadedWon = [lead(3, 20)];

  it('shows the moving card in its target column only', () => {
    const moves = new Map([[1, { lead: lead(1, 10), stageId: 20 }]]);
    expect(cardsOfColumn(10, loadedNew, moves).map((l) => l.id)).toEqual([2]);
    expect(cardsOfColumn(20, loadedWon, moves).map((l) => [l.id, l.stageId])).toEqual([
      [1, 20],
      [3, 20],
    ]);
  });

  it('shows it back in its own column once the move is forgotten (refused)', () => {
    expect(cardsOfColumn(10, loadedNew, new Map()).map((l) => l.id)).toEqual([1, 2]);
    expect(cardsOfColumn(20, loadedWon, new Map()).map((l) => l.id)).toEqual([3]);
  });

  it('does not show a card twice when the target column has reloaded with it', () => {
    const moves = new Map([[1, { lead: lead(1, 10), stageId: 20 }]]);
    expect(cardsOfColumn(20, [lead(1, 20), ...loadedWon], moves).map((l) => l.id)).toEqual([1, 3]);
  });

  it('names columns by stage id and reads them back', () => {
    expect(stageOfColumn(columnId(42))).toBe(42);
    expect(stageOfColumn('lead-42')).toBeNull();
    expect(stageOfColumn(undefined)).toBeNull();
  });
});

describe('the dashboard activity groups', () => {
  it('groups open activities by the state the server gave, in the server order, and drops closed ones', () => {
    const groups = groupActivities([
      activity(1, 'today'),
      activity(2, 'overdue'),
      activity(3, 'planned'),
      activity(4, 'done'),
      activity(5, 'overdue'),
      activity(6, 'cancelled'),
    ]);
    expect({
      overdue: groups.overdue.map((a) => a.id),
      today: groups.today.map((a) => a.id),
      upcoming: groups.upcoming.map((a) => a.id),
    }).toEqual({ overdue: [2, 5], today: [1], upcoming: [3] });
  });
});
