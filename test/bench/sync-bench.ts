import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/logger';
import { bootstrap, closeDatabase } from '../../server/src/bootstrap';
import { inUnitOfWork } from '../../server/src/db/unit-of-work';
import { insertUser } from '../../server/src/domain/users/service';
import { actorForUser } from '../../server/src/domain/users/actors';
import { Partner } from '../../server/src/domain/partners/model';
import { updatePartner } from '../../server/src/domain/partners/service';
import { CalendarEvent } from '../../server/src/domain/calendar/model';
import { updateEvent } from '../../server/src/domain/calendar/events';
import { serverKeyOf } from '../../server/src/secrets/server-key';
import { chooseCollections, connectAccount } from '../../server/src/sync/accounts';
import { createSyncRunner, runCollection } from '../../server/src/sync/run-collection';
import { SyncAccount } from '../../server/src/sync/model';
import { registerProvider } from '../../server/src/sync/providers';
import { createDavProvider } from '../../sync-engine/src/providers/dav';
import { startRadicale, stopRadicale } from '../support/radicale';
import { RadicaleClient } from '../sync-engine/providers/dav/support/radicale-collections';
import { card } from '../server/sync/support/memory-accounts';
import { startCountingProxy } from './sync/counting-proxy';
import { vdirsyncerPeer } from './sync/vdirsyncer-peer';
import { phaseClock, type PhaseSplit } from './sync/phase-clock';
import { countStatements } from '../support/statement-count';

/**
 * `npm run bench:sync` (issue #11, Performance): Radicale holds N contacts and N events (10 % weekly series); Akte
 * (an empty CRM on a temp SQLite database, or DATABASE_URL) syncs both collections two-way through the real DAV
 * provider: the initial sync (a cold process), rounds with no change (the first after the initial one, then warm),
 * and a round with 10 changes on each side. Then Debian's vdirsyncer syncs the same collections to a filesystem
 * storage, as the peer. Every request to Radicale passes a counting proxy, for both. Printed per phase: items/s,
 * requests, and CPU per item — for Akte the whole process's (engine, CRM domain, SQLite: everything but Radicale),
 * for vdirsyncer its process's.
 *   AKTE_BENCH_N   contacts and events each (default 2000)
 */
const N = Number(process.env.AKTE_BENCH_N ?? 2000);
const log = (line: string) => process.stdout.write(`${line}\n`);
const pad = (s: string | number, n: number) => String(s).padStart(n);

function event(i: number): string {
  const day = new Date(Date.UTC(2026, 0, 1) + (i % 365) * 86_400_000 + (i % 9) * 3_600_000);
  const stamp = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//akte bench//EN',
    'BEGIN:VEVENT',
    `UID:bench-ev-${i}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${stamp(day)}`,
    `DTEND:${stamp(new Date(day.getTime() + 3_600_000))}`,
    `SUMMARY:Bench meeting ${i}`,
    `LOCATION:Room ${i % 17}`,
    ...(i % 10 === 0 ? ['RRULE:FREQ=WEEKLY;COUNT=10'] : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

interface Row {
  phase: string;
  items: number;
  ms: number;
  requests: number;
  cpuMs: number;
  /** The largest heap seen during the phase (sampled every 50 ms; garbage included). */
  peakMb?: number;
}

/** Heap in use after a full collection when the bench runs with --expose-gc (npm run bench:sync does): what is
 * retained, not garbage not yet collected — the figure that shows whether memory stays flat in N. */
function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1e6);
}

function print(who: string, row: Row): void {
  const perSecond = row.ms > 0 ? Math.round((row.items / row.ms) * 1000) : 0;
  const cpu = row.items ? (row.cpuMs / row.items).toFixed(3) : '-';
  log(
    `${who.padEnd(11)} ${row.phase.padEnd(28)} ${pad(row.items, 6)} items ${pad(row.ms.toFixed(0), 7)} ms ` +
      `${pad(perSecond, 6)} items/s ${pad(row.requests, 6)} requests  CPU ${cpu} ms/item  heap ${heapMb()} MB${row.peakMb ? ` (peak ${row.peakMb})` : ''}`,
  );
}

async function main(): Promise<void> {
  const radicale = await startRadicale();
  const proxy = await startCountingProxy(radicale.baseUrl);
  const client = new RadicaleClient(radicale);
  await client.request('PROPFIND', `/${radicale.user}/`, { depth: '0' });
  const book = await client.makeCollection('bench-contacts', 'addressbook');
  const calendar = await client.makeCollection('bench-calendar', 'calendar', ['VEVENT']);
  // Seeded as Radicale's own files (its storage layout: one file per item, named as the href): 2 × N PUTs would
  // time Radicale, not the sync.
  for (let i = 0; i < N; i++) {
    fs.writeFileSync(
      path.join(client.folderOf(book), `c${i}.vcf`),
      card(`bench-c-${i}`, {
        name: `Bench Person ${i}`,
        emails: [{ email: `person${i}@bench.test`, type: 'work' }],
        phones: [{ number: `+49 30 ${1_000_000 + i}`, type: 'work' }],
        company: null,
      }),
    );
    fs.writeFileSync(path.join(client.folderOf(calendar), `e${i}.ics`), event(i));
  }

  // Radicale fills its item cache and sync history when an item is PUT; files written behind its back are parsed
  // (vobject) and recorded by the first request that reads them — ~40 s for 2 × 2,000 items on a loaded machine,
  // which whoever syncs first (Akte) would pay and the peer after it (vdirsyncer) not. So one untimed
  // sync-collection per collection first: both clients then meet the Radicale a real account has.
  const warming = performance.now();
  for (const href of [book, calendar]) {
    const answer = await client.request(
      'REPORT',
      href,
      { depth: '0', 'content-type': 'application/xml; charset=utf-8' },
      '<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>',
    );
    if (answer.status !== 207) throw new Error(`warming ${href}: ${answer.status}`);
  }
  log(
    `Radicale's first read of the seeded files (its cache, as a PUT fills it; untimed): ${(performance.now() - warming).toFixed(0)} ms`,
  );

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-sync-bench-'));
  const config = loadConfig({
    AKTE_DATA_DIR: dataDir,
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    AKTE_LOG_LEVEL: 'silent',
    AKTE_ADMIN_EMAIL: 'admin@bench.test',
    AKTE_ADMIN_PASSWORD: 'bench-admin-password',
  });
  const { services } = await bootstrap(config, createLogger('silent'));
  const { sequelize } = services;
  const user = await inUnitOfWork(sequelize, (tx) =>
    insertUser(tx, { email: 'bench@bench.test', name: 'Bench', role: 'own', password: 'bench-password-1' }),
  );
  const actor = await actorForUser(user);
  const account = await connectAccount(serverKeyOf(config), actor, {
    provider: 'dav',
    serverUrl: proxy.url,
    username: radicale.user,
    password: radicale.password,
  });
  const collections = await chooseCollections(actor, account, [
    { href: book, kind: 'contacts', direction: 'two-way' },
    { href: calendar, kind: 'events', direction: 'two-way' },
  ]);
  const runner = createSyncRunner(services);
  const clock = phaseClock();
  // Only the contract's methods: the port's private helpers run inside them and would be counted twice.
  clock.time(runner.storage as unknown as Record<string, unknown>, 'port', [
    'scoped',
    'refused',
    'oneLink',
    'linksWhereIn',
  ]);
  registerProvider('dav-timed', async (credentials) => {
    const provider = createDavProvider(credentials);
    clock.time(provider as unknown as Record<string, unknown>, 'remote');
    return provider;
  });
  // Every SQL statement of the process, per round: statements per created item do not depend on the machine's load.
  const statements = countStatements(sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mariadb');
  await SyncAccount.update({ provider: 'dav-timed' }, { where: { id: account.id } });

  const breakdown: Array<{ phase: string; wall: number; split: PhaseSplit; statements: number; created: number }> = [];
  const round = async (phase: string, items: number): Promise<Row> => {
    proxy.requests = 0;
    clock.clear();
    statements.reset();
    let created = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
    for (const collection of collections) {
      const report = await runCollection(runner, collection.id);
      if (!report || report.status !== 'ok' || report.errors.length)
        throw new Error(`${phase}: ${JSON.stringify(report)}`);
      created += report.crm.created;
    }
    clearInterval(sampler);
    const used = process.cpuUsage(cpu);
    const row = {
      peakMb: Math.round(peak / 1e6),
      phase,
      items,
      ms: performance.now() - started,
      requests: proxy.requests,
      cpuMs: (used.user + used.system) / 1000,
    };
    breakdown.push({ phase, wall: row.ms, split: clock.split(row.ms), statements: statements.shapes.length, created });
    clock.clear();
    return row;
  };

  log(
    `bench:sync — ${N} contacts + ${N} events (${N / 10} weekly series) in Radicale, Akte on ${sequelize.getDialect()}`,
  );
  print('Akte', await round('initial sync (cold process)', 2 * N));
  const [partners, series] = [await Partner.count(), await CalendarEvent.count({ where: { recurrenceId: '' } })];
  if (partners !== N || series !== N)
    throw new Error(`initial sync: ${partners} partners, ${series} series in the CRM`);
  print('Akte', await round('no change, first', 2 * N));
  const warm: Row[] = [];
  for (let i = 0; i < 3; i++) warm.push(await round('no change, warm', 2 * N));
  print('Akte', warm.sort((a, b) => a.ms - b.ms)[1]);

  // 10 changes on each side: 5 contacts and 5 events edited on the remote, the same in the CRM.
  for (let i = 0; i < 5; i++) {
    const cardHref = `${book}c${i * 7}.vcf`;
    await client.put(cardHref, (await client.get(cardHref))!.body.replace(/^FN:.*$/m, `FN:Remote Edit ${i}`));
    const eventHref = `${calendar}e${i * 7 + 1}.ics`;
    await client.put(
      eventHref,
      (await client.get(eventHref))!.body.replace(/^SUMMARY:.*$/m, `SUMMARY:Remote edit ${i}`),
    );
  }
  await inUnitOfWork(sequelize, async (tx) => {
    const ctx = { actor, sequelize, tx, blobs: services.blobs };
    for (const partner of await Partner.findAll({ order: [['id', 'DESC']], limit: 5, transaction: tx }))
      await updatePartner(ctx, partner.id, { jobTitle: 'Changed in the CRM' });
    const events = await CalendarEvent.findAll({
      where: { rrule: null },
      order: [['id', 'DESC']],
      limit: 5,
      transaction: tx,
    });
    for (const e of events) await updateEvent(ctx, e.id, { title: `${e.title} (CRM)` });
  });
  print('Akte', await round('10 changes on each side', 20));
  print('Akte', await round('no change after it', 2 * N));
  await closeDatabase(sequelize);
  statements.restore();
  // Where a round's wall time went: busy waiting for the remote (the DAV provider's calls, Radicale's time
  // included), busy in the storage port (CRM reads and writes through the domain, SQLite) — the two overlap where
  // the engine fetches ahead (fetch-ahead.ts) — and the engine's own rest; SQL statements per created record.
  for (const b of breakdown) {
    const { split } = b;
    const ms = (n: number) => pad(n.toFixed(0), 6);
    const method = (name: string) => split.methods.get(name) ?? 0;
    log(
      `  ${b.phase.padEnd(28)} wall ${ms(b.wall)} ms: remote ${ms(split.remote)} (listing ${ms(method('remote.listChanges'))}, ` +
        `multiget ${ms(method('remote.fetch'))}) | port ${ms(split.port)} (creates ${ms(method('port.createCrmMany'))}, ` +
        `matching ${ms(method('port.identityCandidates'))}) | both at once ${ms(split.overlap)} | engine ${ms(split.engine)} ms` +
        ` | ${b.statements} statements${b.created ? ` = ${(b.statements / b.created).toFixed(2)} per created record` : ''}`,
    );
  }

  const peer = await vdirsyncerPeer(path.join(dataDir, 'vdirsyncer'), proxy.url, radicale.user, radicale.password);
  for (const phase of ['initial sync', 'no change'] as const) {
    proxy.requests = 0;
    const { ms, cpuMs } = await peer.sync();
    print('vdirsyncer', { phase, items: 2 * N, ms, requests: proxy.requests, cpuMs });
  }

  await proxy.close();
  await stopRadicale(radicale);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
