import { parseCalendarObject } from '@akte/core';
import { eventCodec } from '../../../../sync-engine/src/codecs/event-codec';
import { taskCodec } from '../../../../sync-engine/src/codecs/task-codec';
import type { RecordKind } from '../../../../sync-engine/src/codecs/fields';
import { runRound } from '../../../../sync-engine/src/engine/runner';
import { createDavProvider, type DavProvider } from '../../../../sync-engine/src/providers/dav';
import { startRadicale, stopRadicale, type RunningRadicale } from '../../../support/radicale';
import { MemoryStorage } from '../../support/memory-storage';
import { LEASE_MS } from '../../support/sync-world';
import { RadicaleClient } from './support/radicale-collections';

/**
 * One Radicale calendar holding VEVENTs and VTODOs (RFC 4791 §5.2.3) synced as two collections of one href — its
 * events and its to-dos, each with its own cursor and links — through the real runner, the in-memory port as the CRM:
 * each kind takes only its own components, a CRM record goes out as its own component, nothing is linked twice,
 * and a deletion on one kind's side leaves the other kind alone.
 */
let radicale: RunningRadicale;
let client: RadicaleClient;
let provider: DavProvider;
beforeAll(async () => {
  radicale = await startRadicale();
  client = new RadicaleClient(radicale);
  provider = createDavProvider({ serverUrl: radicale.baseUrl, username: radicale.user, password: radicale.password });
});
afterAll(async () => {
  await stopRadicale(radicale);
});

const event = eventCodec();
const task = taskCodec();
let clock = Date.UTC(2026, 0, 1);
let ids = 0;

function round(storage: MemoryStorage, collectionId: string) {
  clock += LEASE_MS + 1;
  return runRound(
    { port: storage, provider, owner: 'w', now: () => new Date(clock), newId: () => `id-${++ids}`, leaseMs: LEASE_MS },
    collectionId,
  );
}

const components = (href: string) =>
  client
    .storedItems(href)
    .map(({ body }) => parseCalendarObject(body))
    .map((o) => `${o.kind} ${o.uid}`)
    .sort();

it('syncs a calendar of events and to-dos as two collections: each kind its own, no duplicates', async () => {
  const href = await client.makeCollection('mixed', 'calendar', ['VEVENT', 'VTODO']);
  const meeting = eventFields('Termin');
  await client.put(`${href}rad-event.ics`, event.encode('rad-event', meeting, null));
  await client.put(`${href}rad-task.ics`, task.encode('rad-task', taskFields('Anrufen'), null));
  const storage = new MemoryStorage();
  storage.addCollection({ id: 'events', kind: 'event', remoteHref: href });
  storage.addCollection({ id: 'tasks', kind: 'task', remoteHref: href });
  storage.userCreate('event', { ...meeting, title: 'Aus dem CRM' }, 'crm-event');
  storage.userCreate('task', taskFields('Angebot schreiben'), 'crm-task');

  for (const id of ['events', 'tasks'])
    expect(await round(storage, id)).toMatchObject({
      status: 'ok',
      errors: [],
      crm: { created: 1 },
      remote: { created: 1 },
    });
  const uids = (kind: RecordKind) =>
    storage
      .live(kind)
      .map((r) => r.uid)
      .sort();
  expect(uids('event')).toEqual(['crm-event', 'rad-event']);
  expect(uids('task')).toEqual(['crm-task', 'rad-task']);
  expect(components(href)).toEqual(['VEVENT crm-event', 'VEVENT rad-event', 'VTODO crm-task', 'VTODO rad-task']);
  expect(storage.links.filter((l) => l.collectionId === 'events')).toHaveLength(2);
  expect(storage.links.filter((l) => l.collectionId === 'tasks')).toHaveLength(2);

  // A to-do deleted on the remote goes from the activities only; the events' collection sees nothing to do.
  await client.remove(storage.links.find((l) => l.uid === 'rad-task')!.href);
  expect(await round(storage, 'events')).toMatchObject({ status: 'ok', crm: { deleted: 0, created: 0, updated: 0 } });
  expect(await round(storage, 'tasks')).toMatchObject({ status: 'ok', crm: { deleted: 1 } });
  expect(uids('task')).toEqual(['crm-task']);
  expect(uids('event')).toEqual(['crm-event', 'rad-event']);
  for (const id of ['events', 'tasks'])
    expect(await round(storage, id)).toMatchObject({
      crm: { created: 0, updated: 0, deleted: 0 },
      remote: { created: 0, updated: 0, deleted: 0 },
    });
});

function eventFields(title: string) {
  return event.decode(
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:x',
      'DTSTAMP:20260101T000000Z',
      'DTSTART:20260310T090000Z',
      'DTEND:20260310T100000Z',
      `SUMMARY:${title}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  ).fields;
}

function taskFields(summary: string) {
  return task.decode(
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VTODO',
      'UID:x',
      'DTSTAMP:20260101T000000Z',
      `SUMMARY:${summary}`,
      'DUE;VALUE=DATE:20260320',
      'END:VTODO',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  ).fields;
}
