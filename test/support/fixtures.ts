import path from 'node:path';

/** test/fixtures (see its README): the shared fixtures and schemas, copied into the repository. */
export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures');

export const fixturePath = (...parts: string[]): string => path.join(FIXTURES_DIR, ...parts);
