/**
 * Four projects:
 * - unit:    pure functions (`*.unit.test.ts`), no database;
 * - sqlite:  domain and API tests (`test/server/**\/*.test.ts`) on a fresh embedded SQLite file per test file;
 * - mariadb: the same tests on a real MariaDB started by test/services/mariadb.ts (global setup).
 * - dav-uncached: the DAV tests (`test/server/dav/**`) once more on SQLite with AKTE_DAV_CACHE=off, so every answer the
 *   per-process caches give (dav/caches.ts) is also checked against the same request answered straight from the
 *   database. Only the DAV folder and only SQLite: the caches exist only there, and CI time stays within a minute more.
 * - sync-dav: the sync engine's DAV provider against real servers (`test/sync-engine/providers/**`): each test file
 *   starts its own Radicale (test/support/radicale.ts) and runs the provider and the runner against it.
 * The project name is printed in front of every test file, so the output says which database each run used.
 */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } }],
};
const common = {
  rootDir: __dirname,
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@akte/core$': '<rootDir>/core/src/index.ts',
    '^@akte/sync-engine$': '<rootDir>/sync-engine/src/index.ts',
  },
};
const dbTests = ['<rootDir>/test/server/**/*.test.ts'];
const notUnit = ['\\.unit\\.test\\.ts$', '/node_modules/'];
/**
 * The back office's Chromium tests run on SQLite only: the browser exercises the app, not the database, and the
 * REST API under it is tested on both databases by the API tests. One browser run keeps CI time small.
 */
const browserOnlyOnce = ['<rootDir>/test/server/web/.*-e2e\\.test\\.ts$'];

module.exports = {
  testTimeout: 30000,
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.unit.test.ts'] },
    {
      ...common,
      displayName: { name: 'sqlite', color: 'cyan' },
      testMatch: dbTests,
      testPathIgnorePatterns: notUnit,
      setupFiles: ['<rootDir>/test/support/use-sqlite.ts'],
    },
    {
      ...common,
      displayName: { name: 'mariadb', color: 'magenta' },
      testMatch: dbTests,
      testPathIgnorePatterns: [...notUnit, ...browserOnlyOnce],
      setupFiles: ['<rootDir>/test/support/use-mariadb.ts'],
      globalSetup: '<rootDir>/test/services/mariadb-global-setup.ts',
      globalTeardown: '<rootDir>/test/services/mariadb-global-teardown.ts',
    },
    {
      ...common,
      displayName: { name: 'dav-uncached', color: 'yellow' },
      testMatch: ['<rootDir>/test/server/dav/**/*.test.ts'],
      testPathIgnorePatterns: notUnit,
      setupFiles: ['<rootDir>/test/support/use-sqlite.ts', '<rootDir>/test/support/use-dav-cache-off.ts'],
    },
    {
      ...common,
      displayName: { name: 'sync-dav', color: 'green' },
      testMatch: ['<rootDir>/test/sync-engine/providers/**/*.test.ts'],
      testPathIgnorePatterns: notUnit,
    },
    // The Thunderbird extension in a real headless Thunderbird against a real Dovecot and an in-process server on
    // SQLite: the mail client is what is tested, not the database (the filing API runs on both in sqlite/mariadb).
    {
      ...common,
      displayName: { name: 'thunderbird', color: 'blue' },
      testMatch: ['<rootDir>/test/thunderbird-extension/**/*.test.ts'],
      testPathIgnorePatterns: notUnit,
      setupFiles: ['<rootDir>/test/support/use-sqlite.ts'],
    },
  ],
};
