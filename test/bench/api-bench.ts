import { startBenchAkte } from './bench-akte';
import type { AddressInfo } from 'node:net';
import { currentRevision } from '../../server/src/domain/changes/service';
import { User } from '../../server/src/domain/users/model';
import { issueApiToken } from '../../server/src/domain/users/tokens';
import { seedBenchData } from './seed-data';
import { seededRandom } from './seed-rows';
import { BenchCase, failureOf, formatTable, MEASURED, timeCase, Timing, WARMUP } from './http-timing';

/**
 * `npm run bench:api`: the REST API's latency on a realistically large MariaDB database (100k partners, 100k
 * opportunities, 250k messages, 1M message links at AKTE_BENCH_SCALE=1), over real HTTP on loopback with a bearer
 * token, for an 'all' user and — where the access policy adds a subquery — an 'own' user. Target: p95 < 20 ms.
 */
const TARGET_MS = 20;
const EDITS = 100;
const SALESPEOPLE = 20;

async function main(): Promise<void> {
  const akte = await startBenchAkte('bench:api');
  const { dbName, sequelize } = akte;

  const salespeople = await User.bulkCreate(
    Array.from({ length: SALESPEOPLE }, (_, i) => ({
      email: `verkauf${i + 1}@bench.example`,
      name: `Verkauf ${i + 1}`,
      role: 'own' as const,
      passwordHash: null,
    })),
  );
  const allUser = await User.create({
    email: 'alle@bench.example',
    name: 'Alle Sehen',
    role: 'all',
    passwordHash: null,
  });
  const ownUser = salespeople[0];
  const userIds = salespeople.map((u) => u.id);

  const scale = Number(process.env.AKTE_BENCH_SCALE ?? '1');
  if (!(scale > 0)) throw new Error('AKTE_BENCH_SCALE must be a positive number (1 = full size, 0.01 = quick run)');
  console.log(`[bench] seeding database ${dbName} at scale ${scale}`);
  const t0 = performance.now();
  const seeded = await seedBenchData(sequelize, userIds, scale, (line) => console.log(line));
  console.log(`[bench] seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const server = akte.listen();
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const allToken = (await issueApiToken(allUser.id, 'bench all')).secret;
  const ownToken = (await issueApiToken(ownUser.id, 'bench own')).secret;

  const random = seededRandom(7);
  const randomEmail = (ofPartnerId: (n: number) => number) =>
    encodeURIComponent(seeded.emailOf(ofPartnerId(Math.floor(random() * seeded.size.partners))));
  // The 'own' user looks up its own partners (ids 20, 40, …: see seed-plan.ts), so both users get one hit.
  const anyPartner = (n: number) => n + 1;
  const ownPartner = (n: number) => Math.max(1, Math.floor(n / SALESPEOPLE)) * SALESPEOPLE;
  const heavy = seeded.heavyPartnerIds;
  const timings: Timing[] = [];
  // Node's fetch keeps the connection alive, so the numbers are server time plus one loopback round trip.
  const run = async (c: BenchCase) => {
    const timing = await timeCase(baseUrl, c);
    timings.push(timing);
    console.log(`[bench] ${c.name} as ${c.user}: ${timing.outcome}`);
  };
  const lookup = (user: string, token: string, partnerOf: (n: number) => number): BenchCase => ({
    name: '(a) partner by email',
    user,
    token,
    path: () => `/partners?email=${randomEmail(partnerOf)}`,
  });

  // Baseline: token authentication and actor resolution alone, which every other case includes.
  await run({ name: '(0) baseline /auth/me', user: 'all', token: allToken, path: () => '/auth/me' });
  await run(lookup('all', allToken, anyPartner));
  await run(lookup('own', ownToken, ownPartner));
  await run({
    name: '(b) pipeline by stage',
    user: 'all',
    token: allToken,
    path: () => '/leads/grouped?by=stage&type=opportunity',
  });
  await run({
    name: '(c) partner history',
    user: 'all',
    token: allToken,
    path: (i) => `/partners/${heavy[i % heavy.length]}/history?limit=50`,
  });

  const since = await currentRevision(sequelize);
  const edited = await editPartners(baseUrl, allToken, seeded.size.partners);
  console.log(`[bench] ${edited.count} partner edits through PATCH /partners/:id: ${edited.outcome}`);
  for (const [user, token] of [
    ['all', allToken],
    ['own', ownToken],
  ] as const) {
    const name = `(d) ${edited.count || EDITS} changes since R`;
    if (edited.outcome !== 'ok') {
      timings.push({ name, user, outcome: `skipped: PATCH ${edited.outcome}`, samples: [] });
      continue;
    }
    await run({ name, user, token, path: () => `/changes?collection=partners&since=${since}` });
  }

  console.log(
    `\nAkte API benchmark — ${seeded.size.partners} partners, ${seeded.size.opportunities} opportunities, ` +
      `${seeded.size.messages} messages, ${seeded.size.links} message links; ` +
      `N=${MEASURED} sequential requests per case after ${WARMUP} warm-up, loopback HTTP\n`,
  );
  console.log(formatTable(timings, TARGET_MS));

  await akte.dispose();
}

/**
 * The 100 edits that case (d) then reads back, made through the API so they take the real change-tracking path.
 * Partners 20, 40, 60… belong to the 'own' user (salesperson = userIds[id % 20]), so both users can see them.
 */
async function editPartners(
  baseUrl: string,
  token: string,
  partners: number,
): Promise<{ outcome: string; count: number }> {
  const ids = new Set<number>();
  for (let k = 1; ids.size < Math.min(EDITS, partners) && k <= EDITS * 20; k++)
    ids.add(((k * SALESPEOPLE - 1) % partners) + 1);
  for (const id of ids) {
    const res = await fetch(`${baseUrl}/partners/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ jobTitle: `Bench edit ${id}` }),
    });
    const body = await res.text();
    if (res.status !== 200) return { outcome: failureOf(res.status, body), count: 0 };
  }
  return { outcome: 'ok', count: ids.size };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
