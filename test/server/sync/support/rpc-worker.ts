import './rpc-provider';
import { runWorkerProcess } from '../../../../server/src/sync/worker-main';

/** `npm run worker` with the test provider 'rpc' registered (worker-processes.test.ts). */
runWorkerProcess().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
