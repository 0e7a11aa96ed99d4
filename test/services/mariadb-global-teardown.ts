import { stopMariaDb } from './mariadb';

export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.AKTE_TEST_MARIADB_PID);
  const root = process.env.AKTE_TEST_MARIADB_ROOT;
  if (pid && root) await stopMariaDb({ pid, root });
}
