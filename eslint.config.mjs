// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Dependencies point one way (README, "Architecture"): core ← sync-engine ← server, core ← the mail clients; inside
 * server the protocols (api, dav, filing, web, gateway, sync) → http (request plumbing) → domain and access → db
 * (and workers/ beside it: leases and the loop of background work).
 * Each entry forbids a layer to import the layers above it; `npm run lint` (and so CI) fails on a wrong import.
 */
function importDirection() {
  const forbid = (files, layers, why) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: layers.flatMap((l) => [`**/${l}`, `**/${l}/**`]), message: why }] },
      ],
    },
  });
  const protocols = ['api', 'dav', 'filing', 'web', 'gateway', 'sync', 'addin-host'];
  return [
    forbid(
      ['core/src/**'],
      ['server', 'sync-engine', 'addin', 'thunderbird-extension', '@akte/server'],
      'core depends on nothing of the project',
    ),
    forbid(
      ['sync-engine/src/**'],
      ['server', '@akte/server'],
      'the sync engine runs on its storage port, never on server code',
    ),
    forbid(
      ['addin/src/**', 'thunderbird-extension/src/**'],
      ['server', 'sync-engine'],
      "the mail clients talk to the server through core's API client",
    ),
    forbid(
      ['server/web/src/**'],
      ['server/src', 'sync-engine', '@akte/server'],
      "the back office is a client of the REST API: it talks to the server through core's API client",
    ),
    forbid(
      ['server/src/db/**'],
      ['domain', 'access', 'http', 'demo', ...protocols],
      'db is the bottom layer: it knows no domain or protocol',
    ),
    forbid(
      ['server/src/workers/**'],
      ['domain', 'access', 'http', 'demo', ...protocols],
      'workers/ (leases, the worker loop) sits on db: the sync and the gateway use it, it knows neither',
    ),
    forbid(
      ['server/src/throttle/**'],
      ['domain', 'access', 'http', 'demo', ...protocols],
      'throttle/ (the shared attempt counts) sits on db: logins, DAV and the lead form use it, it knows none of them',
    ),
    forbid(
      ['server/src/domain/**', 'server/src/access/**'],
      ['http', 'demo', ...protocols],
      'the domain serves every protocol and imports none (errors: domain/errors.ts; unit of work: db/unit-of-work.ts)',
    ),
    forbid(['server/src/http/**'], protocols, 'request plumbing is shared by the protocols and imports none of them'),
  ];
}

/**
 * Recommended rules only, without type information: type-aware linting would re-run the compiler for every file,
 * and `npm run typecheck` already does that once. Formatting is Prettier's job (`prettier --check` in `npm run lint`).
 */
export default defineConfig(
  globalIgnores(['**/node_modules/', '**/dist/', 'data/', '**/coverage/', '**/.tmp/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names are deliberately unused (Express error handlers need all four parameters).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      // Server code logs through pino (structured, redacted); console output is for the CLI, startup banner and tests.
      'no-console': 'error',
      // Protocol code matches control characters on purpose (RFC 5545 content lines, header-safe file names).
      'no-control-regex': 'off',
    },
  },
  {
    // Command-line programs: their console output is the product (CLI, startup banner, build scripts, tests).
    files: ['server/src/main.ts', 'server/src/cli.ts', 'test/**', '*/build.{js,mjs}', '*/make-*.mjs'],
    rules: { 'no-console': 'off' },
  },
  ...importDirection(),
  {
    // The Outlook add-in, the Thunderbird extension and the back office run in the browser, not in Node.
    files: ['addin/src/**', 'thunderbird-extension/src/**', 'server/web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/**'],
    languageOptions: { globals: { ...globals.jest } },
  },
  {
    // CommonJS configuration files (jest.config.js).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
