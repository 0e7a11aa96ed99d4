import { generateMail } from '../thunderbird-extension/support/mail-fixtures';
import { startHarness } from '../thunderbird-extension/support/harness';

/**
 * `npm run bench:thunderbird`: 200 messages of ~200 KB (text and a PDF-sized attachment) filed from the real
 * Thunderbird (headless, IMAP account on a local Dovecot, bodies kept offline as Thunderbird does by default)
 * through the extension's batch — the message list's "File in Akte…" — onto one opportunity of an in-process Akte
 * server on SQLite. Prints messages/s end to end (the product's concurrency) and the extension's own overhead per
 * message: from taking a message up to its upload starting (messages.getRaw), measured once under that load and
 * once more on 50 further messages filed one at a time (the cost itself, without the other upload competing for
 * Thunderbird's main thread). Targets: ≥ 20 messages/s, overhead < 20 ms. AKTE_BENCH_MESSAGES changes the count.
 * The test build's command channel drives the runs, as in the end-to-end test.
 */
const COUNT = Number(process.env.AKTE_BENCH_MESSAGES ?? 200);
const TARGET_RATE = 20;
const TARGET_OVERHEAD_MS = 20;

function stats(values: number[]): { avg: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    avg: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))],
  };
}

async function main(): Promise<void> {
  const attachment = Buffer.alloc(80 * 1024, 'PDF-bytes ');
  const messages = Array.from({ length: COUNT }, (_, i) =>
    generateMail({
      id: `bench-${i}`,
      subject: `Bench ${String(i).padStart(3, '0')}`,
      date: new Date(Date.UTC(2025, 0, 1, 0, i)),
      size: 110 * 1024,
      attachments: [{ name: `anhang-${i}.pdf`, mediaType: 'application/pdf', content: attachment }],
    }),
  );
  const probes = Array.from({ length: 50 }, (_, i) =>
    generateMail({
      id: `probe-${i}`,
      subject: `Probe ${String(i).padStart(2, '0')}`,
      size: 110 * 1024,
      attachments: [{ name: `probe-${i}.pdf`, mediaType: 'application/pdf', content: attachment }],
    }),
  );
  const avgKb = messages.reduce((n, m) => n + m.raw.length, 0) / messages.length / 1024;
  let leadId = 0;
  const t0 = performance.now();
  const h = await startHarness({
    messages: [...messages, ...probes].map((m) => m.raw),
    offline: process.env.AKTE_BENCH_ONLINE !== '1',
    seed: async (env) => {
      const lead = await env.as('all').post('/api/v1/leads').send({ type: 'opportunity', name: 'Benchmark' });
      leadId = lead.body.id;
    },
  });
  try {
    const paired = await h.pair();
    if (!paired.connected) throw new Error('Pairing failed');
    process.stdout.write(
      `setup (Akte, Dovecot, Thunderbird, IMAP sync, pairing): ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    const job = await h.channel.send<{ items: unknown[] }>('menuFileSelected', { subject: 'Bench' });
    if (job.items.length !== COUNT) throw new Error(`selected ${job.items.length} of ${COUNT}`);
    const started = performance.now();
    const run = await h.channel.send<{
      outcome: { filed: unknown[]; failed: unknown[] };
      elapsedMs: number;
      overheadMs: number[];
    }>('runBatch', { targets: [{ recordType: 'lead', recordId: leadId }] }, 600_000);
    const wall = performance.now() - started;
    if (run.outcome.filed.length !== COUNT) throw new Error(`filed ${run.outcome.filed.length} of ${COUNT}`);
    const rate = COUNT / (wall / 1000);
    await h.channel.send('menuFileSelected', { subject: 'Probe' });
    const alone = await h.channel.send<{ overheadMs: number[] }>(
      'runBatch',
      { targets: [{ recordType: 'lead', recordId: leadId }], concurrency: 1 },
      600_000,
    );
    const loaded = stats(run.overheadMs);
    const single = stats(alone.overheadMs);
    const lines = [
      `messages: ${COUNT} × ${avgKb.toFixed(0)} KB (IMAP → Thunderbird → extension → Akte on SQLite)`,
      `end to end: ${(wall / 1000).toFixed(2)} s, ${rate.toFixed(1)} messages/s (target ≥ ${TARGET_RATE}) ${rate >= TARGET_RATE ? 'OK' : 'MISSED'}`,
      `extension overhead per message (action → upload start), one at a time: avg ${single.avg.toFixed(1)} ms, p95 ${single.p95.toFixed(1)} ms (target < ${TARGET_OVERHEAD_MS}) ${single.avg < TARGET_OVERHEAD_MS ? 'OK' : 'MISSED'}`,
      `  … during the run above (2 in flight, sharing Thunderbird's main thread): avg ${loaded.avg.toFixed(1)} ms, p95 ${loaded.p95.toFixed(1)} ms`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await h.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  },
);
