import { startMariaDb } from './mariadb';

/** Jest global setup of the `mariadb` project: one server for the whole run; each test file creates its own database. */
export default async function globalSetup(): Promise<void> {
  const db = await startMariaDb();
  process.env.AKTE_TEST_MARIADB_URL = db.baseUrl;
  process.env.AKTE_TEST_MARIADB_PID = String(db.pid);
  process.env.AKTE_TEST_MARIADB_ROOT = db.root;
  console.log(
    `\n[mariadb] started MariaDB ${db.version} on 127.0.0.1:${db.port} (pid ${db.pid}) for the mariadb test project`,
  );
}
