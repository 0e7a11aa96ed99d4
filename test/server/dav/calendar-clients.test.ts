import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { asDomain } from './dav-client';
import { Calendar, CalendarEvent } from '../../../server/src/domain/calendar/model';
import { createEvent, updateEvent } from '../../../server/src/domain/calendar/events';

/**
 * Two independent CalDAV clients from Debian against a listening Akte: python3-caldav (discovery, MKCALENDAR,
 * save_event, date_search with expansion, sync tokens) and vdirsyncer (two-way sync of a calendar with a folder).
 */
let env: TestEnv;
let server: Server;
let root: string;
let port: number;

function run(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { env: { ...process.env, HOME: root, ...extraEnv }, timeout: 60_000 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${command} ${args.join(' ')} failed: ${stderr}${stdout}`)) : resolve(stdout),
    );
    child.stdin?.end('y\ny\ny\n');
  });
}

beforeAll(async () => {
  env = await createTestEnv();
  server = env.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-caldav-'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const PYTHON = `
import json, sys, datetime, caldav
url, user, password, step = sys.argv[1:5]
client = caldav.DAVClient(url=url, username=user, password=password)
principal = client.principal()
out = {}
if step == 'create':
    out['calendars'] = sorted(c.name for c in principal.calendars())
    cal = principal.make_calendar(name='Python Kalender')
    cal.save_event("""BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\nPRODID:-//py//EN\\r\\nBEGIN:VEVENT\\r\\nUID:py-daily\\r\\nDTSTAMP:20240501T100000Z\\r\\nDTSTART:20240603T080000Z\\r\\nDTEND:20240603T090000Z\\r\\nRRULE:FREQ=DAILY\\r\\nSUMMARY:Täglich\\r\\nX-PY:1\\r\\nEND:VEVENT\\r\\nEND:VCALENDAR\\r\\n""")
    found = cal.date_search(datetime.datetime(2024, 6, 10, tzinfo=datetime.timezone.utc), datetime.datetime(2024, 6, 13, tzinfo=datetime.timezone.utc), expand=True)
    # caldav 0.11 returns one object per item; the expanded instances are its VEVENTs.
    out['instances'] = sorted(str(v.dtstart.value) for e in found for v in e.vobject_instance.vevent_list)
    sync = cal.objects_by_sync_token(load_objects=True)
    out['token'] = sync.sync_token
    out['objects'] = [o.url.path for o in sync]
    out['url'] = str(cal.url)
elif step == 'todos':
    # A phone-style task list: MKCALENDAR with VTODO only, tasks saved and read back, one completed.
    todo_list = principal.make_calendar(name='Python Aufgaben', supported_calendar_component_set=['VTODO'])
    todo_list.save_todo("""BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//py//EN\r\nBEGIN:VTODO\r\nUID:py-todo-1\r\nDTSTAMP:20261101T080000Z\r\nSUMMARY:Angebot schreiben\r\nDUE:20261125T160000Z\r\nEND:VTODO\r\nEND:VCALENDAR\r\n""")
    todo_list.save_todo("""BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//py//EN\r\nBEGIN:VTODO\r\nUID:py-todo-2\r\nDTSTAMP:20261101T080000Z\r\nSUMMARY:Rechnung prüfen\r\nEND:VTODO\r\nEND:VCALENDAR\r\n""")
    out['components'] = todo_list.get_supported_components()
    first = [t for t in todo_list.todos() if t.vobject_instance.vtodo.uid.value == 'py-todo-1'][0]
    first.complete()
    out['open'] = sorted(t.vobject_instance.vtodo.summary.value for t in todo_list.todos())
    out['all'] = sorted(t.vobject_instance.vtodo.summary.value for t in todo_list.todos(include_completed=True))
else:
    cal = caldav.Calendar(client=client, url=step.split('|')[1])
    sync = cal.objects_by_sync_token(sync_token=step.split('|')[2], load_objects=True)
    out['changed'] = [o.vobject_instance.vevent.summary.value for o in sync if o.data]
print(json.dumps(out))
`;

describe('python3-caldav', () => {
  it('discovers, creates a calendar, saves an event, searches with expansion and follows sync tokens', async () => {
    const script = path.join(root, 'client.py');
    fs.writeFileSync(script, PYTHON);
    const { email, token } = env.users.own;
    const url = `http://127.0.0.1:${port}/dav/`;
    const first = JSON.parse(await run('/usr/bin/python3', [script, url, email, token, 'create']));
    expect(first.calendars).toContain('Tasks');
    expect(first.instances).toEqual([
      '2024-06-10 08:00:00+00:00',
      '2024-06-11 08:00:00+00:00',
      '2024-06-12 08:00:00+00:00',
    ]);
    expect(first.objects).toHaveLength(1);
    const calendar = await Calendar.findOne({ where: { name: 'Python Kalender' } });
    const event = await CalendarEvent.findOne({ where: { uid: 'py-daily' } });
    expect(event).toMatchObject({ calendarId: calendar!.id, title: 'Täglich', rrule: 'FREQ=DAILY' });

    await asDomain(env, 'own', (ctx) => updateEvent(ctx, event!.id, { title: 'Täglich (CRM)' }));
    const second = JSON.parse(
      await run('/usr/bin/python3', [script, url, email, token, `sync|${first.url}|${first.token}`]),
    );
    expect(second.changed).toEqual(['Täglich (CRM)']);
  });
});

describe('python3-caldav task list', () => {
  it('creates a VTODO-only calendar, saves tasks, completes one and lists open and all tasks', async () => {
    const script = path.join(root, 'client.py');
    fs.writeFileSync(script, PYTHON);
    const { email, token } = env.users.own;
    const out = JSON.parse(
      await run('/usr/bin/python3', [script, `http://127.0.0.1:${port}/dav/`, email, token, 'todos']),
    );
    expect(out.components).toEqual(['VTODO']);
    expect(out.open).toEqual(['Rechnung prüfen']);
    expect(out.all).toEqual(['Angebot schreiben', 'Rechnung prüfen']);
    const list = await Calendar.findOne({ where: { name: 'Python Aufgaben' } });
    expect(list!.components).toBe('VTODO');
    expect(await CalendarEvent.count({ where: { calendarId: list!.id } })).toBe(0);
  });
});

describe('vdirsyncer calendar pair', () => {
  let local: string;
  let calendarId: number;
  const vdirsyncer = (...args: string[]) =>
    run('vdirsyncer', args, { VDIRSYNCER_CONFIG: path.join(root, 'vdir.conf') });
  const localFiles = () => fs.readdirSync(local).filter((f) => f.endsWith('.ics'));
  const localWith = (uid: string) =>
    localFiles()
      .map((f) => path.join(local, f))
      .find((f) => fs.readFileSync(f, 'utf8').includes(`UID:${uid}`));

  beforeAll(async () => {
    const calendar = await asDomain(env, 'own', async (ctx) => {
      const created = await Calendar.create(
        {
          name: 'Vdir',
          ownerUserId: env.users.own.id,
          teamId: null,
          color: '#00FF00',
          description: null,
          timezone: 'Europe/Berlin',
        },
        { transaction: ctx.tx },
      );
      // vdirsyncer refuses to sync a side that became completely empty: one event stays throughout.
      await createEvent(ctx, {
        calendarId: created.id,
        title: 'Bleibt',
        startsAt: '2024-06-01T08:00:00Z',
        endsAt: '2024-06-01T09:00:00Z',
      });
      await createEvent(ctx, {
        calendarId: created.id,
        uid: 'crm-1',
        title: 'Aus dem CRM',
        startsAt: '2024-06-05T08:00:00Z',
        endsAt: '2024-06-05T09:00:00Z',
        timezone: 'Europe/Berlin',
      });
      return created;
    });
    calendarId = calendar.id;
    local = path.join(root, 'calendars', String(calendarId));
    fs.writeFileSync(
      path.join(root, 'vdir.conf'),
      `[general]
status_path = "${root}/status/"

[pair cal]
a = "cal_local"
b = "cal_remote"
collections = ["${calendarId}"]
conflict_resolution = "b wins"
metadata = ["displayname", "color"]

[storage cal_local]
type = "filesystem"
path = "${root}/calendars/"
fileext = ".ics"

[storage cal_remote]
type = "caldav"
url = "http://127.0.0.1:${port}/"
username = "${env.users.own.email}"
password = "${env.users.own.token}"
`,
    );
  });

  it('fetches CRM events and the calendar metadata', async () => {
    await vdirsyncer('discover');
    await vdirsyncer('sync');
    await vdirsyncer('metasync');
    expect(fs.readFileSync(localWith('crm-1')!, 'utf8')).toContain('SUMMARY:Aus dem CRM');
    expect(fs.readFileSync(path.join(local, 'displayname'), 'utf8')).toBe('Vdir');
  });

  it('uploads a local event, then syncs edits on both sides and a deletion', async () => {
    fs.writeFileSync(
      path.join(local, 'lokal-1.ics'),
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//local//EN',
        'BEGIN:VEVENT',
        'UID:lokal-1',
        'DTSTAMP:20240501T100000Z',
        'DTSTART;VALUE=DATE:20240612',
        'DTEND;VALUE=DATE:20240613',
        'SUMMARY:Messe',
        'X-LOCAL:yes',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    await vdirsyncer('sync');
    const uploaded = await CalendarEvent.findOne({ where: { uid: 'lokal-1' } });
    expect(uploaded).toMatchObject({ calendarId, title: 'Messe', allDay: true });

    fs.writeFileSync(
      localWith('lokal-1')!,
      fs.readFileSync(localWith('lokal-1')!, 'utf8').replace('SUMMARY:Messe', 'SUMMARY:Messe Halle 3'),
    );
    await vdirsyncer('sync');
    expect((await uploaded!.reload()).title).toBe('Messe Halle 3');

    const crm = await CalendarEvent.findOne({ where: { uid: 'crm-1' } });
    await asDomain(env, 'own', (ctx) => updateEvent(ctx, crm!.id, { location: 'Hamburg' }));
    await vdirsyncer('sync');
    expect(fs.readFileSync(localWith('crm-1')!, 'utf8')).toContain('LOCATION:Hamburg');
    expect(fs.readFileSync(localWith('lokal-1')!, 'utf8')).toContain('X-LOCAL:yes');

    fs.rmSync(localWith('lokal-1')!);
    await vdirsyncer('sync');
    expect(await CalendarEvent.count({ where: { uid: 'lokal-1' } })).toBe(0);
  });

  it('resolves a conflict in favour of the server ("b wins")', async () => {
    const crm = await CalendarEvent.findOne({ where: { uid: 'crm-1' } });
    await asDomain(env, 'own', (ctx) => updateEvent(ctx, crm!.id, { title: 'Server gewinnt' }));
    fs.writeFileSync(
      localWith('crm-1')!,
      fs.readFileSync(localWith('crm-1')!, 'utf8').replace('SUMMARY:Aus dem CRM', 'SUMMARY:Lokal'),
    );
    await vdirsyncer('sync');
    expect((await crm!.reload()).title).toBe('Server gewinnt');
    expect(fs.readFileSync(localWith('crm-1')!, 'utf8')).toContain('SUMMARY:Server gewinnt');
  });
});
