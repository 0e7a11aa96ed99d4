import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/logger';
import { bootstrap, closeDatabase } from '../../server/src/bootstrap';
import { inUnitOfWork } from '../../server/src/db/unit-of-work';
import { actorForUser } from '../../server/src/domain/users/actors';
import { User } from '../../server/src/domain/users/model';
import { Partner, PartnerEmail } from '../../server/src/domain/partners/model';
import { partnerEmailKeys } from '../../server/src/domain/partners/contact-data';
import { checkMailbox } from '../../server/src/gateway/check-mailbox';
import { startIdleWatch } from '../../server/src/gateway/idle-watch';
import { createMailbox } from '../../server/src/gateway/mailboxes';
import { serverKeyOf } from '../../server/src/secrets/server-key';
import { appendMessages, imapAs, startDovecot, stopDovecot } from '../support/dovecot';
import { countStatements } from '../support/statement-count';

/**
 * `npm run bench:gateway` (issue #14, Performance): AKTE_BENCH_MESSAGES (10,000) messages of mixed sizes (2 KB–2 MB,
 * 20 % with an attachment) in a real Dovecot's INBOX; mbsync (Debian's isync) fetches them to a Maildir as the raw
 * IMAP reference, then Akte's gateway checks the same mailbox — parsing, routing (80 % from known partners, 20 % from
 * strangers, skipped) and storing on SQLite — and prints messages/s, MB/s, peak RSS, RSS over the run, and the time
 * of an incremental check with 10 new messages. Targets: ≥ 200 messages/s, ≥ ⅓ of mbsync's MB/s, memory flat,
 * incremental check < 100 ms.
 */
const N = Number(process.env.AKTE_BENCH_MESSAGES ?? 10_000);
const PARTNERS = 2_000;
const ME = 'admin@akte.example';

/** Deterministic pseudo-random numbers (mulberry32), so two runs build the same mailbox. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sizes skewed as in a real mailbox: most mails a few KB, some large ones, the largest 2 MB. */
function messageSize(r: () => number): number {
  const p = r();
  if (p < 0.7) return 2_048 + Math.floor(r() * 18_000);
  if (p < 0.92) return 20_000 + Math.floor(r() * 180_000);
  if (p < 0.99) return 200_000 + Math.floor(r() * 800_000);
  return 1_000_000 + Math.floor(r() * 1_097_152);
}

const WORDS = 'Angebot Termin Lieferung Rechnung Projekt Wärmepumpe Dach Montage Frage bitte danke morgen heute'.split(
  ' ',
);

function buildMessage(i: number, r: () => number): string {
  const size = messageSize(r);
  const known = r() < 0.8;
  const from = known ? `p${i % PARTNERS}@firma${i % 500}.example` : `fremd${i}@irgendwo${i % 97}.example`;
  const withAttachment = r() < 0.2;
  const head = [
    `From: Kontakt ${i} <${from}>`,
    `To: ${ME}`,
    `Subject: ${WORDS[i % WORDS.length]} ${i}`,
    `Message-ID: <bench-${i}-${randomUUID()}@bench.example>`,
    `Date: ${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString()}`,
    'MIME-Version: 1.0',
  ];
  const textSize = withAttachment ? Math.min(size, 4_000) : size;
  const lines: string[] = [];
  let length = 0;
  while (length < textSize) {
    const line = Array.from({ length: 10 }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
    lines.push(line);
    length += line.length + 2;
  }
  if (!withAttachment)
    return [
      ...head,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      ...lines,
      '',
    ].join('\r\n');
  const attachment = randomBytes(Math.max(1_000, Math.floor(((size - textSize) * 3) / 4)))
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="bench"',
    '',
    '--bench',
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...lines,
    '--bench',
    `Content-Type: application/pdf; name="anlage-${i}.pdf"`,
    `Content-Disposition: attachment; filename="anlage-${i}.pdf"`,
    'Content-Transfer-Encoding: base64',
    '',
    attachment,
    '--bench--',
    '',
  ].join('\r\n');
}

/** Writes the messages straight into the user's Maildir (Dovecot picks them up on the next SELECT). */
function fillMaildir(maildir: string): { bytes: number } {
  for (const dir of ['new', 'cur', 'tmp']) fs.mkdirSync(path.join(maildir, dir), { recursive: true });
  const r = random(42);
  const names = random(4711);
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const raw = buildMessage(i, r);
    bytes += Buffer.byteLength(raw);
    // Named as a delivery agent names a file (time.M<microseconds>P<pid>.host, cr.yp.to/proto/maildir.html): the
    // former `<time+i>.M<i>P1.bench` collided in Dovecot's file-name hash (maildir_filename_base_hash), and every
    // sync of the folder — EXAMINE, or NOOP after new mail — cost its imap process 0.8 s of CPU for 10,000 files
    // (perf: 79 % in maildir_filename_base_cmp); with delivery names 10–30 ms.
    // Straight into cur/ (with an empty info part, Maildir++ `:2,`), where mail is once a client has seen it.
    const usec = Math.floor(names() * 1_000_000);
    const pid = 1_000 + Math.floor(names() * 60_000);
    fs.writeFileSync(path.join(maildir, 'cur', `${1_700_000_000 + i}.M${usec}P${pid}.bench:2,`), raw);
  }
  return { bytes };
}

/** What the gateway's check asks Dovecot for 10 new messages, without Akte: its time is the server's (and imapflow's). */
async function bareImapCheck(port: number): Promise<number> {
  const start = performance.now();
  const client = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: 'bench', pass: 'benchpw' },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  await client.status('INBOX', { uidNext: true, uidValidity: true, messages: true, highestModseq: true });
  const box = await client.mailboxOpen('INBOX', { readOnly: true });
  for await (const message of client.fetch(`${box.uidNext - 10}:*`, { uid: true, source: true }, { uid: true }))
    void message.source;
  await client.logout();
  return performance.now() - start;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

async function main(): Promise<void> {
  const dovecot = await startDovecot({ users: ['bench'] });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-gateway-bench-'));
  try {
    console.log(`Building ${N} messages in Dovecot's Maildir…`);
    const maildir = path.join(dovecot.root, 'mail', 'bench');
    const { bytes } = fillMaildir(maildir);
    execFileSync('chown', ['-R', 'nobody:nogroup', maildir]);
    console.log(`  ${N} messages, ${mb(bytes)} MB`);

    // mbsync: the raw IMAP fetch reference (also makes Dovecot index the Maildir before either side measures).
    const mbsyncDir = path.join(root, 'mbsync');
    fs.mkdirSync(path.join(mbsyncDir, 'maildir'), { recursive: true });
    const mbsyncConfig = path.join(mbsyncDir, 'mbsyncrc');
    fs.writeFileSync(
      mbsyncConfig,
      [
        'IMAPAccount bench',
        'Host 127.0.0.1',
        `Port ${dovecot.port}`,
        'User bench',
        'Pass benchpw',
        'SSLType None',
        'AuthMechs LOGIN PLAIN',
        '',
        'IMAPStore remote',
        'Account bench',
        '',
        'MaildirStore local',
        `Path ${mbsyncDir}/maildir/`,
        `Inbox ${mbsyncDir}/maildir/INBOX`,
        '',
        'Channel bench',
        'Far :remote:',
        'Near :local:',
        'Patterns INBOX',
        'Create Near',
        'Sync Pull',
        `SyncState ${mbsyncDir}/state/`,
        '',
      ].join('\n'),
    );
    fs.mkdirSync(path.join(mbsyncDir, 'state'));
    // Dovecot indexes the Maildir on the first SELECT: done once before timing either client (mbsync -l only LISTs).
    const warm = spawnSync('mbsync', ['-c', mbsyncConfig, '-l', 'bench'], { encoding: 'utf8' });
    if (warm.status !== 0) throw new Error(`mbsync -l failed: ${warm.stderr}`);
    await imapAs(dovecot, 'bench', (client) => client.mailboxOpen('INBOX'));
    const m0 = performance.now();
    const run = spawnSync('mbsync', ['-c', mbsyncConfig, '-a', '-q'], { encoding: 'utf8' });
    const mbsyncSeconds = (performance.now() - m0) / 1000;
    if (run.status !== 0) throw new Error(`mbsync failed: ${run.stderr}`);
    const fetched =
      fs.readdirSync(path.join(mbsyncDir, 'maildir', 'INBOX', 'new')).length +
      fs.readdirSync(path.join(mbsyncDir, 'maildir', 'INBOX', 'cur')).length;
    const mbsyncRate = bytes / 1024 / 1024 / mbsyncSeconds;

    // Akte on a fresh SQLite database, one user with PARTNERS known partners and a personal mailbox (full content).
    const config = loadConfig({
      AKTE_DATA_DIR: path.join(root, 'akte'),
      AKTE_ADMIN_EMAIL: ME,
      AKTE_ADMIN_PASSWORD: 'bench-password',
      AKTE_LOG_LEVEL: 'silent',
      AKTE_MAIL_GATEWAY: 'off',
    });
    const { services } = await bootstrap(config, createLogger('silent'));
    const admin = (await User.findOne({ where: { email: ME } }))!;
    for (let start = 0; start < PARTNERS; start += 500) {
      const partners = await Partner.bulkCreate(
        Array.from({ length: Math.min(500, PARTNERS - start) }, (_, k) => ({
          uid: randomUUID(),
          name: `Partner ${start + k}`,
          isCompany: false,
          salespersonId: admin.id,
          createdById: admin.id,
        })) as never[],
      );
      await PartnerEmail.bulkCreate(
        partners.map((p, k) => {
          const email = `p${start + k}@firma${(start + k) % 500}.example`;
          return { partnerId: p.id, email, ...partnerEmailKeys(email) };
        }) as never[],
      );
    }
    const actor = await actorForUser(admin);
    const mailbox = await inUnitOfWork(services.sequelize, (tx) =>
      createMailbox({ actor, sequelize: services.sequelize, tx, blobs: services.blobs }, serverKeyOf(config), {
        kind: 'personal',
        host: '127.0.0.1',
        port: dovecot.port,
        tls: false,
        username: 'bench',
        password: 'benchpw',
        privacy: 'full',
        folders: ['INBOX'],
      }),
    );

    const samples: Array<{ t: number; rss: number }> = [];
    const load0 = os.loadavg()[0];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const sampler = setInterval(() => samples.push({ t: performance.now() - t0, rss: process.memoryUsage().rss }), 250);
    // As in the server process: the IDLE listener's connection (its INBOX selected once, timed here) is the one
    // every check runs on (idle-watch.ts).
    const watch = startIdleWatch(services, () => undefined);
    await watch.refresh();
    if (!(await watch.listening(mailbox.id))) throw new Error('the IDLE listener did not start');
    const check = () => checkMailbox(services, mailbox.id, { connections: watch });
    // Every statement the process sends, through Sequelize or db/sql.ts (BEGIN and COMMIT included).
    const counter = countStatements('sqlite');
    const report = await check();
    const statements = counter.shapes.length;
    counter.restore();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const load1 = os.loadavg()[0];
    clearInterval(sampler);
    const rate = bytes / 1024 / 1024 / seconds;
    const peak = process.resourceUsage().maxRSS * 1024;
    const quarter = (q: number) => {
      const part = samples.filter((s) => s.t >= (q * seconds * 1000) / 4 && s.t < ((q + 1) * seconds * 1000) / 4);
      return part.length ? Math.max(...part.map((s) => s.rss)) : 0;
    };

    // Five rounds each (the median is printed): a check with nothing new, and one with 10 new messages.
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const idleRuns: number[] = [];
    const incrementalRuns: number[] = [];
    const bareRuns: number[] = [];
    const incrementalCpu: number[] = [];
    let incrementalTaken = 0;
    const r = random(7);
    let next = N;
    const appendTen = () =>
      appendMessages(
        dovecot,
        'bench',
        'INBOX',
        Array.from({ length: 10 }, () => buildMessage(next++, r)),
      );
    for (let round = 0; round < 5; round++) {
      const idleStart = performance.now();
      await check();
      idleRuns.push(performance.now() - idleStart);
      // For comparison, what a check on a connection of its own would cost Dovecot: a bare imapflow client sends
      // login, STATUS, EXAMINE and UID FETCH of 10 new messages' sources on the same state; the check then takes
      // those 10 untimed.
      await appendTen();
      bareRuns.push(await bareImapCheck(dovecot.port));
      await check();
      await appendTen();
      const incStart = performance.now();
      const incCpu = process.cpuUsage();
      incrementalTaken += (await check()).taken;
      incrementalRuns.push(performance.now() - incStart);
      const used = process.cpuUsage(incCpu);
      incrementalCpu.push((used.user + used.system) / 1000);
    }
    await watch.stop();
    const idleMs = median(idleRuns);
    const incrementalMs = median(incrementalRuns);
    const bareMs = median(bareRuns);

    console.log('');
    console.log(
      `mbsync (raw IMAP fetch to Maildir): ${fetched} messages in ${mbsyncSeconds.toFixed(1)} s = ${mbsyncRate.toFixed(1)} MB/s`,
    );
    console.log(
      `Akte gateway (fetch, parse, route, store): taken ${report.taken}, skipped ${JSON.stringify(report.skippedBy)}, errors ${report.errors.length}`,
    );
    console.log(`  ${(N / seconds).toFixed(0)} messages/s, ${rate.toFixed(1)} MB/s in ${seconds.toFixed(1)} s`);
    console.log(
      `  CPU (this process, all threads) ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms per message; load average ${load0.toFixed(1)} → ${load1.toFixed(1)} on ${os.cpus().length} cores`,
    );
    console.log(
      `  statements ${(statements / N).toFixed(2)} per message, ${(statements / Math.max(report.taken, 1)).toFixed(2)} per taken message`,
    );
    console.log(
      `  peak RSS ${mb(peak)} MB; RSS max per quarter of the run: ${[0, 1, 2, 3].map((q) => mb(quarter(q))).join(' / ')} MB`,
    );
    console.log(
      `  check with nothing new: ${idleMs.toFixed(0)} ms; incremental check with 10 new: ${incrementalMs.toFixed(0)} ms, CPU ${median(incrementalCpu).toFixed(0)} ms (medians of 5, on the IDLE connection; taken ${incrementalTaken} of 50)`,
    );
    console.log(
      `  for comparison, a new connection per check: a bare imapflow login + STATUS + EXAMINE + UID FETCH of 10 new takes ${bareMs.toFixed(0)} ms (median of 5)`,
    );
    const targets: Array<[string, boolean]> = [
      ['≥ 200 messages/s', N / seconds >= 200],
      ['≥ ⅓ of mbsync MB/s', rate >= mbsyncRate / 3],
      ['memory flat (last quarter ≤ 1.5 × first)', quarter(3) <= 1.5 * Math.max(quarter(0), 1)],
      ['incremental check < 100 ms', incrementalMs < 100],
      ['nothing lost', report.taken + report.skipped === N && report.errors.length === 0],
    ];
    for (const [name, ok] of targets) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}`);
    await closeDatabase(services.sequelize);
  } finally {
    await stopDovecot(dovecot);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
