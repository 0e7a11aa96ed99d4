// Builds the Thunderbird extension into thunderbird-extension/dist/akte-thunderbird.xpi: esbuild bundles one
// script per surface (background, message popup, batch window, options), the manifest comes from
// manifests/thunderbird/, the pane's CSS from core/src/filing-client/render/, icons from addin/assets/.
// `--if-missing` (npm start's prestart) builds only when the .xpi is not there yet, as in a fresh checkout (dist is
// git-ignored); the server offers it at /addin/thunderbird.xpi. `--test-channel URL` (tests only) makes a test
// build: the background then takes commands from URL (src/test-channel/) and the manifest adds `scripting`, to fill
// in the connect page. The product build has neither.
// CommonJS so that tests can require() it and build into a temporary folder.
const fs = require('node:fs');
const path = require('node:path');
const { build } = require('esbuild');
const { zip } = require('./zip');

const root = path.join(__dirname, '..');
const src = path.join(__dirname, 'src');

function filesUnder(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    const name = prefix + entry.name;
    return entry.isDirectory() ? filesUnder(full, `${name}/`) : [{ name, data: fs.readFileSync(full) }];
  });
}

/** Resolves with the .xpi's path. */
async function buildThunderbird({
  outdir = path.join(__dirname, 'dist'),
  testChannel = '',
  minify = !testChannel,
} = {}) {
  const staging = path.join(outdir, testChannel ? 'staging-test' : 'staging');
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  await build({
    entryPoints: {
      background: path.join(src, 'background.ts'),
      'message-display/popup': path.join(src, 'message-display/popup.ts'),
      'batch/batch': path.join(src, 'batch/batch.ts'),
      'options/options': path.join(src, 'options/options.ts'),
    },
    outdir: staging,
    bundle: true,
    format: 'iife',
    // Thunderbird 128 ESR's engine.
    target: 'firefox128',
    minify,
    define: { AKTE_TEST_CHANNEL: JSON.stringify(testChannel) },
    logLevel: 'warning',
  });
  for (const page of ['message-display/popup.html', 'batch/batch.html', 'options/options.html']) {
    fs.cpSync(path.join(src, page), path.join(staging, page));
  }
  fs.cpSync(path.join(root, 'core/src/filing-client/render/pane.css'), path.join(staging, 'pane.css'));
  fs.cpSync(path.join(__dirname, '_locales'), path.join(staging, '_locales'), { recursive: true });
  fs.mkdirSync(path.join(staging, 'assets'));
  for (const size of [16, 32, 64]) {
    fs.cpSync(path.join(root, `addin/assets/icon-${size}.png`), path.join(staging, `assets/icon-${size}.png`));
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifests/thunderbird/manifest.json'), 'utf8'));
  if (testChannel) manifest.permissions = [...manifest.permissions, 'scripting'];
  fs.writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const xpi = path.join(outdir, testChannel ? 'akte-thunderbird-test.xpi' : 'akte-thunderbird.xpi');
  fs.writeFileSync(xpi, zip(filesUnder(staging)));
  return xpi;
}

module.exports = { buildThunderbird };

if (require.main === module) {
  if (process.argv.includes('--if-missing') && fs.existsSync(path.join(__dirname, 'dist', 'akte-thunderbird.xpi'))) {
    process.exit(0);
  }
  const at = process.argv.indexOf('--test-channel');
  buildThunderbird(at > 0 ? { testChannel: process.argv[at + 1] } : {}).then(
    (xpi) => process.stdout.write(`Thunderbird extension built: ${path.relative(process.cwd(), xpi)}\n`),
    (err) => {
      process.stderr.write(`${err.stack ?? err}\n`);
      process.exit(1);
    },
  );
}
