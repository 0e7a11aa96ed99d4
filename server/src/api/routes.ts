import type { Router } from 'express';
import { authRouter } from './auth/router';
import { usersRouter } from './users/router';
import { tokensRouter } from './tokens/router';
import { partnersRouter } from './partners/router';
import { leadsRouter } from './leads/router';
import { pipelineRouter } from './pipeline/router';
import { activitiesRouter } from './activities/router';
import { calendarRouter } from './calendar/router';
import { messagesRouter } from './messages/router';
import { documentsRouter } from './documents/router';
import { historyRouter } from './history/router';
import { changesRouter } from './changes/router';
import { syncRouter } from './sync/router';
import { filingRouter } from '../filing/router';
import { mailboxesRouter } from '../gateway/router';
import { mailRouter } from '../gateway/mail-router';
import { leadFormsRouter } from '../gateway/lead-form-router';

/**
 * Every REST router, mounted below /api/v1 by app.ts (after authentication). Each router documents its routes with
 * `documentRoute` (api/openapi.ts) and checks access through access/policy.ts. A router mounted at '/' defines
 * its own resource paths (e.g. pipeline: /stages, /lost-reasons, /tags).
 */
export const apiRouters: Array<{ mount: string; router: () => Router }> = [
  { mount: '/auth', router: authRouter },
  // Before the routers mounted at '/': POST /filing/pair is public (the add-in has no token yet).
  { mount: '/filing', router: filingRouter },
  { mount: '/', router: usersRouter },
  { mount: '/tokens', router: tokensRouter },
  { mount: '/partners', router: partnersRouter },
  { mount: '/leads', router: leadsRouter },
  { mount: '/', router: pipelineRouter },
  { mount: '/activities', router: activitiesRouter },
  { mount: '/', router: calendarRouter },
  { mount: '/messages', router: messagesRouter },
  { mount: '/documents', router: documentsRouter },
  { mount: '/history', router: historyRouter },
  { mount: '/changes', router: changesRouter },
  { mount: '/sync', router: syncRouter },
  { mount: '/mailboxes', router: mailboxesRouter },
  { mount: '/mail', router: mailRouter },
  { mount: '/lead-forms', router: leadFormsRouter },
];
