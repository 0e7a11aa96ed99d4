import { startBenchAkte } from './bench-akte';
import type { AddressInfo } from 'node:net';
import { Sequelize } from 'sequelize';
import { fillEmailDomains } from '../../server/src/db/migrations/0005-email-domain';
import { User } from '../../server/src/domain/users/model';
import { issueApiToken } from '../../server/src/domain/users/tokens';
import { SeedPlan, SeedSize, seedSize } from './seed-plan';
import { seedPartners, seedPipeline } from './seed-partners';
import { seedHistory } from './seed-history';
import { BenchEmail, buildBenchEmail, TEAM_ADDRESS } from './filing-mime';
import { formatTable, percentile, Timing } from './http-timing';

/**
 * `npm run bench:filing`: the filing API on MariaDB over real HTTP (loopback, bearer token).
 * 1. Seeds a database the size issue #4 names — 1M messages with their addresses and links, 100k partners and
 *    100k opportunities at AKTE_BENCH_SCALE=1 (0.01 for a quick run) — with bulk INSERTs.
 * 2. Files AKTE_BENCH_MESSAGES (1,000) raw MIME messages of ~200 KB with 2 attachments each through
 *    POST /filing/messages (AKTE_BENCH_CONCURRENCY clients at once, default 4) and reports messages/s.
 * 3. Looks each of them up as the add-in does (POST /filing/lookup with participants and Message-ID), as an 'all'
 *    and an 'own' user, plus replies whose thread is in the seeded history. Target: lookup p95 < 30 ms.
 */
const TARGET_MS = 30;
const SALESPEOPLE = 20;
const WARMUP = 20;

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
}

function filingSeedSize(scale: number): SeedSize {
  const n = (full: number) => Math.max(1, Math.round(full * scale));
  // Two links per message (sender and company), so message_links holds 2M rows beside the 1M messages.
  return { ...seedSize(scale), messages: n(1_000_000), links: n(2_000_000) };
}

async function seed(sequelize: Sequelize, plan: SeedPlan): Promise<void> {
  const timed = async (what: string, work: () => Promise<number | void>) => {
    const t0 = performance.now();
    const rows = await work();
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`  ${what.padEnd(18)} ${String(rows ?? '').padStart(9)} rows  ${seconds.padStart(6)} s`);
  };
  await seedPartners(sequelize, plan, timed);
  await seedPipeline(sequelize, plan, timed);
  await seedHistory(sequelize, plan, timed);
  // The bulk seed writes partner_emails without the domain, like a database from before migration 0005: the
  // migration's backfill fills it.
  await timed('email domains', () => fillEmailDomains(sequelize.getQueryInterface()));
  // Fresh statistics, as a database that grew over time has them (the bulk load outran InnoDB's auto-recalc).
  await timed('analyze', async () => {
    await sequelize.query(
      'ANALYZE TABLE partners, partner_emails, leads, activities, messages, message_addresses, message_links, documents',
    );
  });
}

async function fileAll(
  url: string,
  token: string,
  emails: BenchEmail[],
  opportunities: number,
  concurrency: number,
): Promise<{ seconds: number; latencies: number[]; documents: number }> {
  const latencies: number[] = [];
  let documents = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < emails.length; i = next++) {
      const email = emails[i];
      const targets = `partner:${email.senderId},lead:${1 + (i % opportunities)}`;
      const t0 = performance.now();
      const res = await fetch(`${url}/filing/messages?targets=${targets}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'message/rfc822' },
        body: email.raw,
      });
      const body = (await res.json()) as { documents?: unknown[] };
      latencies.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`filing ${email.messageId}: HTTP ${res.status} ${JSON.stringify(body)}`);
      documents += body.documents?.length ?? 0;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - t0) / 1000, latencies, documents };
}

interface LookupCase {
  name: string;
  user: string;
  token: string;
  count: number;
  body: (i: number) => Record<string, unknown>;
}

async function timeLookups(url: string, c: LookupCase): Promise<Timing> {
  const timing: Timing = { name: c.name, user: c.user, outcome: 'ok', samples: [] };
  for (let i = 0; i < WARMUP + c.count; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/filing/lookup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(c.body(i)),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) return { ...timing, outcome: `HTTP ${res.status}: ${text.slice(0, 160)}` };
    if (i === WARMUP) {
      const json = JSON.parse(text) as Record<string, unknown[]>;
      timing.answer = ['partners', 'leads', 'activities', 'filed', 'suggested']
        .map((key) => `${json[key].length} ${key}`)
        .join(', ');
    }
    if (i >= WARMUP) timing.samples.push(ms);
  }
  return timing;
}

async function main(): Promise<void> {
  const scale = envNumber('AKTE_BENCH_SCALE', 1);
  const fileCount = Math.round(envNumber('AKTE_BENCH_MESSAGES', 1000));
  const concurrency = Math.round(envNumber('AKTE_BENCH_CONCURRENCY', 4));
  const akte = await startBenchAkte('bench:filing');
  const { dbName, sequelize } = akte;

  const salespeople = await User.bulkCreate(
    Array.from({ length: SALESPEOPLE }, (_, i) => ({
      email: `verkauf${i + 1}@akte.example`,
      name: `Verkauf ${i + 1}`,
      role: 'own' as const,
      passwordHash: null,
    })),
  );
  const allUser = await User.create({ email: 'alle@akte.example', name: 'Alle', role: 'all', passwordHash: null });
  const plan = new SeedPlan(
    filingSeedSize(scale),
    salespeople.map((u) => u.id),
  );
  console.log(`[bench] seeding ${dbName} at scale ${scale}`);
  const t0 = performance.now();
  await seed(sequelize, plan);
  console.log(`[bench] seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const server = akte.listen();
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const allToken = (await issueApiToken(allUser.id, 'bench all')).secret;
  // The 'own' user of partner 20, 40, …: the access policy adds its subqueries to every lookup query.
  const ownToken = (await issueApiToken(plan.salespersonOf(SALESPEOPLE), 'bench own')).secret;

  const emails: BenchEmail[] = [];
  for (let n = 0; n < fileCount; n++) emails.push(await buildBenchEmail(plan, n));
  const megabytes = emails.reduce((sum, e) => sum + e.raw.length, 0) / 1e6;
  console.log(`[bench] built ${fileCount} messages, ${((megabytes * 1000) / fileCount).toFixed(0)} KB each on average`);

  const filed = await fileAll(url, allToken, emails, plan.size.opportunities, concurrency);
  const sortedFiling = [...filed.latencies].sort((a, b) => a - b);

  const lookupOf = (e: BenchEmail) => ({ participants: e.participants, messageId: e.messageId });
  const seededMessage = (i: number) => `<bench.${1 + ((i * 7919) % plan.size.messages)}@mail.example>`;
  const timings: Timing[] = [];
  for (const c of [
    {
      name: 'filed message',
      user: 'all',
      token: allToken,
      count: fileCount,
      body: (i: number) => lookupOf(emails[i % fileCount]),
    },
    {
      name: 'filed message',
      user: 'own',
      token: ownToken,
      count: fileCount,
      body: (i: number) => lookupOf(emails[i % fileCount]),
    },
    {
      name: 'reply in seeded thread',
      user: 'all',
      token: allToken,
      count: 500,
      body: (i: number) => {
        const partner = plan.partnerAt(i * 104_729);
        return {
          participants: [
            { email: plan.emailOf(partner), role: 'from' },
            { email: TEAM_ADDRESS, role: 'to' },
          ],
          messageId: `<reply.${i}@mail.example>`,
          inReplyTo: seededMessage(i),
          references: [seededMessage(i + 1), seededMessage(i + 2), seededMessage(i)],
        };
      },
    },
  ] satisfies LookupCase[]) {
    const timing = await timeLookups(url, c);
    timings.push(timing);
    console.log(`[bench] lookup ${c.name} as ${c.user}: ${timing.outcome}`);
  }

  const [counts] = await sequelize.query(
    `SELECT (SELECT COUNT(*) FROM messages) AS messages, (SELECT COUNT(*) FROM message_addresses) AS addresses,
            (SELECT COUNT(*) FROM message_links) AS links, (SELECT COUNT(*) FROM partners) AS partners,
            (SELECT COUNT(*) FROM documents) AS documents`,
  );
  const size = (counts as Array<Record<string, number | string>>)[0];
  console.log(
    `\nAkte filing benchmark — database: ${size.messages} messages, ${size.addresses} message addresses, ` +
      `${size.links} message links, ${size.partners} partners, ${size.documents} documents\n`,
  );
  console.log(
    `Filing: ${fileCount} raw MIME messages (${megabytes.toFixed(0)} MB, 2 attachments each) on 2 records each, ` +
      `${concurrency} clients: ${(fileCount / filed.seconds).toFixed(1)} messages/s ` +
      `(${(megabytes / filed.seconds).toFixed(1)} MB/s), request p50 ${percentile(sortedFiling, 50).toFixed(0)} ms, ` +
      `p95 ${percentile(sortedFiling, 95).toFixed(0)} ms; ${filed.documents} documents created ` +
      '(the terms attachment is stored once per record)\n',
  );
  console.log(`Lookup: POST /filing/lookup, sequential requests after ${WARMUP} warm-up, loopback HTTP\n`);
  console.log(formatTable(timings, TARGET_MS));

  await akte.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
