import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildThunderbird } from '../../thunderbird-extension/build';

/**
 * `web-ext lint` (Mozilla's addons-linter) on the product build, as a syntax check: it knows Firefox only, so the
 * Thunderbird permissions and APIs (messagesRead, accountsRead, compose, message_display_action) come out as
 * warnings, which are expected (../shared/RECIPES.md). What fails the test is an error: a script that does not
 * parse, a manifest that is not valid JSON or misses a required key, a file the manifest names but the .xpi lacks.
 */
const WEB_EXT = path.join(__dirname, '../../node_modules/.bin/web-ext');

interface LintReport {
  summary: { errors: number; warnings: number };
  metadata: { id: string; manifestVersion: number; totalScannedFileSize: number };
  errors: Array<{ code: string; message: string; file?: string }>;
}

function lint(sourceDir: string): Promise<LintReport> {
  return new Promise((resolve, reject) => {
    execFile(
      WEB_EXT,
      ['lint', '--source-dir', sourceDir, '--output', 'json', '--no-input', '--no-config-discovery'],
      // No update check over the network (update-notifier).
      { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } },
      // web-ext exits with 1 when it found errors; the report is on stdout either way.
      (err, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout) as LintReport);
        } catch {
          reject(err ?? new Error(`web-ext lint printed no report: ${stderr}`));
        }
      },
    );
  });
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-web-ext-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('web-ext lint finds no errors in the built extension (Thunderbird-only warnings are expected)', async () => {
  await buildThunderbird({ outdir: dir });
  const report = await lint(path.join(dir, 'staging'));
  // It read our extension and its bundles (not an empty folder).
  expect(report.metadata).toMatchObject({ id: 'thunderbird@akte.app', manifestVersion: 3 });
  expect(report.metadata.totalScannedFileSize).toBeGreaterThan(10_000);
  expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
  expect(report.summary.errors).toBe(0);
}, 60_000);
