import { SyncWorld, contact } from '../support/sync-world';
import { weeklyEvent as vevent, weeklyWithMovedOccurrence } from '../support/weekly-series';

describe('runner: recurring events (issue #11 item 12, engine level)', () => {
  it('a single event made recurring, then an occurrence moved, then the series shifted: one record throughout', async () => {
    const world = new SyncWorld({ kind: 'event' });
    const href = `${world.href}weekly.ics`;
    world.remote.put(href, vevent());
    world.storage.userCreate('event', world.codec.decode(vevent()).fields, 'other-event');
    await world.round();
    world.remote.put(href, vevent('RRULE:FREQ=WEEKLY;COUNT=10'));
    await world.round();
    expect(world.crmByUid('weekly')!.fields.rrule).toBe('FREQ=WEEKLY;COUNT=10');
    const moved = weeklyWithMovedOccurrence();
    world.remote.put(href, moved);
    await world.round();
    expect(world.crmByUid('weekly')!.fields.overrides).toHaveLength(1);
    world.remote.put(
      href,
      moved
        .replace('DTSTART:20260302T090000Z', 'DTSTART:20260302T100000Z')
        .replace('DTEND:20260302T093000Z', 'DTEND:20260302T103000Z'),
    );
    const report = await world.round();
    expect(report).toMatchObject({ crm: { created: 0, updated: 1 }, remote: { created: 0 } });
    expect(world.crmRecords()).toHaveLength(2);
    expect(world.remote.items.size).toBe(2);
    expect(world.divergence()).toEqual([]);
  });
});

describe('runner: bodies it cannot read', () => {
  it('a broken remote body is reported and skipped; the round and the other records go on', async () => {
    const world = new SyncWorld();
    world.remoteCreate('good', contact({ name: 'Good' }));
    world.remote.put(`${world.href}broken.vcf`, 'BEGIN:VCARD\r\nVERSION:9.9\r\nFN:Broken\r\nEND:VCARD\r\n');
    const report = await world.round();
    expect(report?.status).toBe('ok');
    expect(report?.crm.created).toBe(1);
    expect(report?.errors).toEqual([
      expect.stringMatching(/^\/dav\/alice\/book\/broken\.vcf: VERSION must be 3\.0 or 4\.0/),
    ]);
    expect(world.storage.collection('book').lastError).toMatch(/broken\.vcf/);
  });
});

describe('runner: a calendar that also holds other components', () => {
  it("syncs its events and passes over its to-dos and journal entries without an error (they are another kind's)", async () => {
    const world = new SyncWorld({ kind: 'event' });
    world.remote.put(`${world.href}weekly.ics`, vevent());
    const other = (component: 'VTODO' | 'VJOURNAL', uid: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Nextcloud//EN',
        `BEGIN:${component}`,
        `UID:${uid}`,
        'DTSTAMP:20260101T000000Z',
        'SUMMARY:Angebot schreiben',
        `END:${component}`,
        'END:VCALENDAR',
        '',
      ].join('\r\n');
    world.remote.put(`${world.href}todo.ics`, other('VTODO', 'todo-1'));
    world.remote.put(`${world.href}journal.ics`, other('VJOURNAL', 'journal-1'));
    const report = await world.round();
    expect(report).toMatchObject({ status: 'ok', errors: [], crm: { created: 1 } });
    expect(world.crmRecords().map((r) => r.uid)).toEqual(['weekly']);
    expect(await world.round()).toMatchObject({
      status: 'ok',
      errors: [],
      crm: { created: 0 },
      remote: { deleted: 0 },
    });
    expect(world.remote.items.size).toBe(3);
  });
});
