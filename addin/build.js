// Bundles the add-in into addin/dist (served by the Akte server under /addin/): one script per page, the HTML,
// CSS and icons copied as they are. Office.js itself is never bundled — Outlook requires the CDN copy.
// CommonJS so that tests can require() it and build into a temporary folder.
const { cpSync, mkdirSync, rmSync } = require('node:fs');
const path = require('node:path');
const { build } = require('esbuild');

const src = path.join(__dirname, 'src');

/**
 * Builds into `outdir` (default addin/dist) and resolves with it. Source maps only on request (`sourcemap: true`, or
 * AKTE_ADDIN_SOURCEMAP=1 for development): dist is served publicly under /addin/, and a map hands anyone the
 * unminified source.
 */
async function buildAddin({
  outdir = path.join(__dirname, 'dist'),
  minify = true,
  sourcemap = process.env.AKTE_ADDIN_SOURCEMAP === '1',
} = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { taskpane: path.join(src, 'taskpane/main.ts'), connected: path.join(src, 'connect/connected.ts') },
    outdir,
    bundle: true,
    format: 'iife',
    // Outlook on Mac and older Windows run the pane in WebKit/Edge webviews: stay at ES2020.
    target: 'es2020',
    minify,
    sourcemap,
    logLevel: 'warning',
  });
  for (const file of ['taskpane/taskpane.html', 'connect/connected.html']) {
    cpSync(path.join(src, file), path.join(outdir, path.basename(file)));
  }
  // The pane's look is shared with the Thunderbird popup (core/src/filing-client/render/).
  cpSync(path.join(__dirname, '../core/src/filing-client/render/pane.css'), path.join(outdir, 'taskpane.css'));
  cpSync(path.join(__dirname, 'assets'), path.join(outdir, 'assets'), { recursive: true });
  return outdir;
}

module.exports = { buildAddin };

if (require.main === module) {
  buildAddin().then(
    (outdir) => process.stdout.write(`add-in built into ${path.relative(process.cwd(), outdir)}\n`),
    (err) => {
      process.stderr.write(`${err.stack ?? err}\n`);
      process.exit(1);
    },
  );
}
