import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { buildThunderbird } from '../../thunderbird-extension/build';

/**
 * The product .xpi: a ZIP Thunderbird can read, with the MV3 manifest for 128+ and minimal permissions — and none of
 * the test build's additions (the command channel, `scripting`).
 */
function unzip(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let at = 0; archive.readUInt32LE(at) === 0x04034b50;) {
    const packed = archive.readUInt32LE(at + 18);
    const nameLength = archive.readUInt16LE(at + 26);
    const extra = archive.readUInt16LE(at + 28);
    const name = archive.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    files.set(name, inflateRawSync(archive.subarray(start, start + packed)));
    at = start + packed;
  }
  return files;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-xpi-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('builds an MV3 .xpi for Thunderbird 128+ with minimal permissions and without the test channel', async () => {
  const files = unzip(fs.readFileSync(await buildThunderbird({ outdir: dir })));
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
  expect(manifest).toMatchObject({
    manifest_version: 3,
    browser_specific_settings: { gecko: { id: 'thunderbird@akte.app', strict_min_version: '128.0' } },
    default_locale: 'en',
    permissions: ['messagesRead', 'accountsRead', 'storage', 'menus'],
    optional_permissions: ['compose'],
    message_display_action: { default_popup: 'message-display/popup.html' },
  });
  expect(manifest.host_permissions).toBeUndefined();
  for (const page of ['background.js', 'message-display/popup.js', 'batch/batch.js', 'options/options.js']) {
    expect(files.has(page)).toBe(true);
  }
  for (const locale of ['de', 'en']) {
    expect(Object.keys(JSON.parse(files.get(`_locales/${locale}/messages.json`)!.toString()))).toEqual([
      'extensionName',
      'extensionDescription',
      'fileInAkte',
    ]);
  }
  expect(files.get('background.js')!.toString()).not.toMatch(/\/next|helper|startTestChannel/);

  const test = unzip(fs.readFileSync(await buildThunderbird({ outdir: dir, testChannel: 'http://127.0.0.1:1' })));
  expect(JSON.parse(test.get('manifest.json')!.toString()).permissions).toContain('scripting');
  expect(test.get('background.js')!.toString()).toContain('/next');
});
