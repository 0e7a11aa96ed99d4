// Builds the back office into server/web/dist with Vite (`npm run build:web`). `--if-missing` (npm start's
// prestart) builds only when dist has no index.html, as a fresh checkout has none: dist is git-ignored.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const index = path.join(root, 'dist', 'index.html');

if (process.argv.includes('--if-missing') && existsSync(index)) process.exit(0);
// Always the production build of React: an inherited NODE_ENV (jest sets "test") would otherwise make Vite bundle
// React's development build, twice the size and slower.
process.env.NODE_ENV = 'production';
await build({ root, mode: 'production', configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' });
process.stdout.write(`back office built into ${path.relative(process.cwd(), path.dirname(index))}\n`);
