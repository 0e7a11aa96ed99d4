import { runRound } from '../../../sync-engine/src/engine/runner';
import { LeaseLostError } from '../../../sync-engine/src/engine/storage-port';
import { MemoryRemote } from '../support/memory-remote';
import { MemoryStorage } from '../support/memory-storage';

const meeting = (attendeeStatus: string) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Client//EN',
    'BEGIN:VEVENT',
    'UID:quarterly-review@customer.example',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260310T090000Z',
    'DTEND:20260310T100000Z',
    'SUMMARY:Quarterly review',
    'ORGANIZER;CN=Kunde:mailto:boss@customer.example',
    `ATTENDEE;PARTSTAT=${attendeeStatus}:mailto:anna@akte.example`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

describe('runner: records shared by several collections', () => {
  // Issue #11 item 14.
  it('two users sync the same meeting (same UID) from their own calendars: one CRM event', async () => {
    const storage = new MemoryStorage();
    const anna = new MemoryRemote();
    const bert = new MemoryRemote();
    storage.addCollection({ id: 'anna-cal', kind: 'event', remoteHref: '/anna/cal/' });
    storage.addCollection({ id: 'bert-cal', kind: 'event', remoteHref: '/bert/cal/' });
    anna.put('/anna/cal/q.ics', meeting('ACCEPTED'));
    bert.put('/bert/cal/8f2a.ics', meeting('NEEDS-ACTION'));
    let ids = 0;
    const options = (provider: MemoryRemote) => ({
      port: storage,
      provider,
      owner: 'w',
      newId: () => `id-${++ids}`,
    });
    expect(await runRound(options(anna), 'anna-cal')).toMatchObject({ status: 'ok', crm: { created: 1 } });
    expect(await runRound(options(bert), 'bert-cal')).toMatchObject({ status: 'ok', crm: { created: 0 } });
    expect(storage.live('event')).toHaveLength(1);
    const [event] = storage.live('event');
    expect(
      storage.links
        .filter((l) => l.crmId === event.id)
        .map((l) => l.collectionId)
        .sort(),
    ).toEqual(['anna-cal', 'bert-cal']);
    // Each remote keeps its one copy; nothing was created on either.
    expect(anna.items.size).toBe(1);
    expect(bert.items.size).toBe(1);
    await runRound(options(anna), 'anna-cal');
    await runRound(options(bert), 'bert-cal');
    expect(storage.live('event')).toHaveLength(1);
    expect(anna.items.size + bert.items.size).toBe(2);
    // Anna's answer is not overwritten by a calendar that has not seen it, and nobody gets a second ATTENDEE.
    for (const body of [anna.items.get('/anna/cal/q.ics')!.body, bert.items.get('/bert/cal/8f2a.ics')!.body]) {
      expect(body.match(/^ATTENDEE/gm)).toHaveLength(1);
      expect(body).toContain('ATTENDEE;PARTSTAT=ACCEPTED:mailto:anna@akte.example');
    }
  });
});

describe('runner: leases and fencing', () => {
  it('a worker whose lease was taken over cannot write: its writes are rejected by the fencing token', async () => {
    const storage = new MemoryStorage();
    const remote = new MemoryRemote();
    storage.addCollection({ id: 'book', kind: 'contact', remoteHref: '/book/' });
    remote.put('/book/a.vcf', 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Anna\r\nN:;Anna;;;\r\nEND:VCARD\r\n');
    let clock = 0;
    // Worker A is "paused" inside its first remote call until B has taken over the expired lease.
    let resume: () => void = () => {};
    const paused = new Promise<void>((r) => (resume = r));
    const slowRemote = Object.create(remote) as MemoryRemote;
    slowRemote.listChanges = async (...args) => {
      await paused;
      return remote.listChanges(...args);
    };
    const a = runRound({ port: storage, provider: slowRemote, owner: 'A', now: () => new Date(clock), leaseMs: 1000 });
    await new Promise((r) => setImmediate(r));
    expect(storage.collection('book').lease.owner).toBe('A');
    clock = 5000;
    expect(await runRound({ port: storage, provider: remote, owner: 'B', now: () => new Date(clock) })).toMatchObject({
      status: 'ok',
      crm: { created: 1 },
    });
    resume();
    await expect(a).rejects.toBeInstanceOf(LeaseLostError);
    expect(storage.live('contact')).toHaveLength(1);
  });

  it('a long round renews its lease after every page, so no other worker takes the collection meanwhile', async () => {
    const storage = new MemoryStorage();
    const remote = new MemoryRemote({ pageSize: 2 });
    storage.addCollection({ id: 'book', kind: 'contact', remoteHref: '/book/' });
    for (let i = 0; i < 20; i++)
      remote.put(`/book/${i}.vcf`, `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${i}\r\nFN:P ${i}\r\nN:;P;;;\r\nEND:VCARD\r\n`);
    let clock = 0;
    const stolen: boolean[] = [];
    const slowRemote = Object.create(remote) as MemoryRemote;
    // Each page takes 400 ms of a 1,000 ms lease; B tries to claim on every page.
    slowRemote.listChanges = async (...args) => {
      clock += 400;
      stolen.push((await storage.claimCollection('B', new Date(clock), 1000)) !== null);
      return remote.listChanges(...args);
    };
    const report = await runRound({
      port: storage,
      provider: slowRemote,
      owner: 'A',
      now: () => new Date(clock),
      leaseMs: 1000,
    });
    expect(report).toMatchObject({ status: 'ok', crm: { created: 20 } });
    expect(stolen).toHaveLength(10);
    expect(stolen.every((s) => !s)).toBe(true);
  });

  it('a collection leased to a live worker is not claimed by another', async () => {
    const storage = new MemoryStorage();
    storage.addCollection({ id: 'book', kind: 'contact', remoteHref: '/book/' });
    expect(await storage.claimCollection('A', new Date(0), 1000)).not.toBeNull();
    expect(await storage.claimCollection('B', new Date(500), 1000)).toBeNull();
    expect(await storage.claimCollection('B', new Date(1000), 1000)).not.toBeNull();
  });
});
