import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import {
  publicAddress,
  readManifestTemplate,
  renderJsonManifest,
  renderXmlManifest,
} from '../../server/src/addin-host/manifest';
import { fixturePath } from '../support/fixtures';

// @microsoft/app-manifest requires strip-bom (for reading files, unused here), which is ESM-only: jest cannot
// require it on Node 20. Its whole behaviour, for this test (resolved from app-manifest: npm may hoist it or not):
jest.mock(require.resolve('strip-bom', { paths: [require.resolve('@microsoft/app-manifest')] }), () => ({
  __esModule: true,
  default: (text: string) => text.replace(/^\uFEFF/, ''),
}));

/**
 * The Outlook manifests, rendered for a public URL as GET /addin/manifest.xml serves them, validated OFFLINE:
 * the XML against Microsoft's XSDs with xmllint (--nonet), the unified JSON against the schema bundled in
 * @microsoft/app-manifest (never fetched).
 */
const XSD = fixturePath('schemas', 'office-addin-manifest', 'OfficeAppManifestV1_1.xsd');
const SCHEMAS =
  path.dirname(require.resolve('@microsoft/app-manifest/package.json')) + '/build/json-schemas/teams/v1.24';
const address = publicAddress('https://crm.example.com/akte/');

function xmllint(xml: string): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-manifest-'));
  const file = path.join(dir, 'manifest.xml');
  fs.writeFileSync(file, xml);
  try {
    // xmllint reports "<file> validates" or the errors on stderr, and exits non-zero when invalid.
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Loads a bundled schema. Two of its regular expressions are not valid in JavaScript's unicode mode (a `\a`, and
 * a lone `]`); they are escaped the way @microsoft/app-manifest's own schema loader does for `\a`.
 */
type BundledSchema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];

function bundledSchema(file: string): BundledSchema {
  const text = fs
    .readFileSync(path.join(SCHEMAS, file), 'utf8')
    .replace(/\\a/g, '\\x07')
    .replace(/\\\\b\]/g, '\\\\b\\\\]');
  return JSON.parse(text) as BundledSchema;
}

describe('the XML manifest (add-in only)', () => {
  let xml: string;
  beforeAll(async () => {
    xml = renderXmlManifest(await readManifestTemplate('manifest.xml'), address);
  });

  it('is filled in for the public URL, with no placeholder left', () => {
    expect(xml).not.toMatch(/\{\{/);
    expect(xml).toContain('<SourceLocation DefaultValue="https://crm.example.com/akte/addin/taskpane.html"/>');
    expect(xml).toContain('<AppDomain>https://crm.example.com</AppDomain>');
  });

  it('validates against the Office add-in XSDs', () => {
    const result = xmllint(xml);
    expect(result.output).toContain('validates');
    expect(result.ok).toBe(true);
  });

  it('is a MailApp with at most ReadWriteItem, a read-mode button, a pinnable pane and German strings', () => {
    expect(xml).toMatch(/xsi:type="MailApp"/);
    expect(xml).toMatch(/<Permissions>(ReadItem|ReadWriteItem)<\/Permissions>/);
    expect(xml).toMatch(/<ExtensionPoint xsi:type="MessageReadCommandSurface">/);
    expect(xml).toMatch(/<SupportsPinning>true<\/SupportsPinning>/);
    expect(xml).toMatch(/Locale="de-DE" Value="In Akte ablegen"/);
    expect(xml).toMatch(/<bt:Image size="80" resid="akte.icon80"\/>/);
  });

  it('is checked for real: the validator rejects SupportsPinning in the v1.0 block, as Outlook does', () => {
    const firstAction = xml.indexOf('<SourceLocation resid="akte.taskpaneUrl"/>');
    const broken = `${xml.slice(0, firstAction)}<SupportsPinning>true</SupportsPinning>${xml.slice(firstAction)}`;
    const result = xmllint(broken);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/SupportsPinning/);
  });

  it('escapes a public URL for XML', () => {
    const odd = renderXmlManifest('<a href="{{AKTE_PUBLIC_URL}}"/>', publicAddress('https://crm.example.com/?a=1&b=2'));
    expect(odd).toBe('<a href="https://crm.example.com/?a=1&amp;b=2"/>');
  });

  it('ships its icons (16, 32, 80 px PNGs) under addin/assets', () => {
    for (const size of [16, 32, 64, 80, 128]) {
      const png = fs.readFileSync(path.resolve(__dirname, `../../addin/assets/icon-${size}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(size);
    }
  });
});

describe('the unified JSON manifest (Microsoft 365)', () => {
  it('validates against the bundled v1.24 schema', async () => {
    const manifest = JSON.parse(renderJsonManifest(await readManifestTemplate('manifest.json'), address));
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{/);
    expect(manifest.validDomains).toEqual(['crm.example.com']);
    expect(await AppManifestUtils.validateAgainstSchema(manifest, bundledSchema('MicrosoftTeams.schema.json'))).toEqual(
      [],
    );
    expect(manifest.extensions[0].runtimes[0].actions[0]).toMatchObject({ pinnable: true, multiselect: true });
  });

  it('has a German localization file that validates too', async () => {
    const de = JSON.parse(renderJsonManifest(await readManifestTemplate('de-de.json'), address));
    expect(
      await AppManifestUtils.validateAgainstSchema(de, bundledSchema('MicrosoftTeams.Localization.schema.json')),
    ).toEqual([]);
  });

  it('is checked for real: an unknown action property is reported', async () => {
    const manifest = JSON.parse(renderJsonManifest(await readManifestTemplate('manifest.json'), address));
    manifest.extensions[0].runtimes[0].actions[0].autoPin = true;
    const errors = await AppManifestUtils.validateAgainstSchema(manifest, bundledSchema('MicrosoftTeams.schema.json'));
    expect(errors.join('\n')).toMatch(/additional properties/i);
  });
});
