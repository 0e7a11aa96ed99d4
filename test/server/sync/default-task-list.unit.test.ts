import type { RemoteCollectionInfo } from '../../../server/src/sync/providers';
import { taskListBeside } from '../../../server/src/sync/default-task-list';

const events = (href: string, isDefault = false): RemoteCollectionInfo => ({
  href,
  kind: 'events',
  displayName: href,
  isDefault,
});
const tasks = (href: string, isDefault = false): RemoteCollectionInfo => ({
  href,
  kind: 'tasks',
  displayName: href,
  isDefault,
});

describe('taskListBeside', () => {
  it('takes the chosen calendar itself when it also holds to-dos and there is no list of tasks only', () => {
    const offered = [events('/cal/', true), tasks('/cal/', true), events('/b/'), tasks('/b/')];
    expect(taskListBeside(offered, offered[0])).toBe(offered[1]);
  });

  it('takes a list of tasks only over a mixed calendar the server names default', () => {
    const offered = [events('/cal/', true), tasks('/cal/', true), events('/work/'), tasks('/work/'), tasks('/todo/')];
    expect(taskListBeside(offered, offered[0])?.href).toBe('/todo/');
  });

  it('else the default, else the first calendar that holds tasks', () => {
    const calendar = events('/cal/', true);
    expect(
      taskListBeside([calendar, events('/a/'), tasks('/a/'), events('/b/'), tasks('/b/', true)], calendar)?.href,
    ).toBe('/b/');
    expect(taskListBeside([calendar, events('/a/'), tasks('/a/')], calendar)?.href).toBe('/a/');
  });

  it('takes the default task list when no calendar was chosen', () => {
    expect(taskListBeside([tasks('/todo/', true)], undefined)?.href).toBe('/todo/');
  });
});
