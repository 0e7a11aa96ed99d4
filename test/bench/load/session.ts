import type { DavClient } from './dav-client';
import type { Filer } from './filer';
import type { RestWriter } from './rest-writer';
import type { LoadRecorder } from './connection';

/**
 * One simulated client: an office user's phone (DAV), CRM tab (REST) and mail add-in (filing) taking turns on one
 * connection, one request at a time, for the whole run. Every client follows the same cycle of SCHEDULE, each from its
 * own offset, so the mix of requests is the same at every N (requests/s at N = 1 and N = 32 compare the same work)
 * and at any moment the N clients are spread over all kinds instead of all PUTting at once.
 */
export type Step = 'putCard' | 'putEvent' | 'syncBook' | 'multiget' | 'syncCalendar' | 'rest' | 'filing';

/** 16 requests: 10 DAV (4 PUTs, 6 reports), 5 REST writes, 1 filing of ~200 KB. */
export const SCHEDULE: readonly Step[] = [
  'putCard',
  'rest',
  'putEvent',
  'syncBook',
  'multiget',
  'rest',
  'syncCalendar',
  'filing',
  'putCard',
  'rest',
  'putEvent',
  'syncBook',
  'multiget',
  'rest',
  'syncCalendar',
  'rest',
];

/** 5 is coprime to 16, so 16 clients start at 16 different places of the cycle. */
const OFFSET_STRIDE = 5;

export function stepAt(client: number, i: number): Step {
  return SCHEDULE[(client * OFFSET_STRIDE + i) % SCHEDULE.length];
}

export interface SimulatedClient {
  index: number;
  dav: DavClient;
  rest: RestWriter;
  filer: Filer;
}

async function runStep(c: SimulatedClient, step: Step): Promise<void> {
  switch (step) {
    case 'putCard':
      return c.dav.putCard();
    case 'putEvent':
      return c.dav.putEvent();
    case 'syncBook':
      return c.dav.syncNextBook();
    case 'multiget':
      return c.dav.multiget();
    case 'syncCalendar':
      return c.dav.syncCalendar();
    case 'rest':
      return c.rest.write();
    case 'filing':
      // Nothing to file on yet (the partner and lead writes failed): write instead, which makes them.
      if (!(await c.filer.file(c.rest))) return c.rest.write();
  }
}

/** Runs the client until `untilMs` (on the recorder's clock): starting (its records, calendar, sync tokens), then the cycle. */
export async function runClient(c: SimulatedClient, recorder: LoadRecorder, untilMs: number): Promise<void> {
  await c.rest.start();
  await c.dav.start();
  for (let i = 0; recorder.now() < untilMs && !recorder.closed; i++) await runStep(c, stepAt(c.index, i));
}
