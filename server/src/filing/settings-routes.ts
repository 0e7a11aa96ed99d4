import type { Request, Router } from 'express';
import { isAdmin } from '../access/policy';
import { actorOf, inTransaction } from '../http/context';
import { ForbiddenError, ValidationError } from '../domain/errors';
import { documentRoute } from '../api/openapi';
import { parseBody } from '../api/validate';
import { smallJsonBody } from './body-parsers';
import { normalizeNeverLogEntry } from './never-log';
import { companySettingsBody, settingsResponse, userSettingsBody } from './schemas';
import { companyNeverLog, saveCompanyNeverLog, saveUserFilingSettings, userFilingSettings } from './settings';

const tag = 'filing';

/** Canonical, deduplicated entries; every unusable entry is named in one 400. */
function neverLogEntries(raw: string[], field: string): string[] {
  const bad = raw.filter((entry) => !normalizeNeverLogEntry(entry));
  if (bad.length) {
    const message = `Not an email address or @domain: ${bad.join(', ')}`;
    throw new ValidationError(`Invalid ${field}: ${message}`, { [field]: [message] });
  }
  return [...new Set(raw.map(normalizeNeverLogEntry))].sort();
}

async function settingsOf(req: Request) {
  const actor = actorOf(req);
  return { ...(await userFilingSettings(actor.userId)), companyNeverLog: await companyNeverLog() };
}

/** The user's filing settings and the company-wide never-log list (administrators change it; everyone reads it). */
export function mountSettingsRoutes(router: Router): void {
  documentRoute({
    method: 'get',
    path: '/filing/settings',
    tag,
    summary: 'Your filing settings',
    response: settingsResponse,
  });
  router.get('/settings', async (req, res) => {
    res.json(await settingsOf(req));
  });

  documentRoute({
    method: 'put',
    path: '/filing/settings',
    tag,
    summary: 'Change your filing settings: autoFileReplies, neverLog (addresses and @domains)',
    body: userSettingsBody,
    response: settingsResponse,
  });
  router.put('/settings', smallJsonBody, async (req, res) => {
    const body = parseBody(userSettingsBody, req);
    const patch = {
      ...(body.autoFileReplies !== undefined ? { autoFileReplies: body.autoFileReplies } : {}),
      ...(body.neverLog !== undefined ? { neverLog: neverLogEntries(body.neverLog, 'neverLog') } : {}),
    };
    const userId = actorOf(req).userId;
    await inTransaction(req, (tx) => saveUserFilingSettings(userId, patch, tx));
    res.json(await settingsOf(req));
  });

  documentRoute({ method: 'get', path: '/filing/company-settings', tag, summary: 'The company-wide never-log list' });
  router.get('/company-settings', async (_req, res) => {
    res.json({ neverLog: await companyNeverLog() });
  });

  documentRoute({
    method: 'put',
    path: '/filing/company-settings',
    tag,
    summary: 'Replace the company-wide never-log list (administrators only)',
    body: companySettingsBody,
  });
  router.put('/company-settings', smallJsonBody, async (req, res) => {
    if (!isAdmin(actorOf(req))) {
      throw new ForbiddenError('Only administrators may change the company-wide filing settings', 'admin_only');
    }
    const neverLog = neverLogEntries(parseBody(companySettingsBody, req).neverLog, 'neverLog');
    await inTransaction(req, (tx) => saveCompanyNeverLog(neverLog, tx));
    res.json({ neverLog });
  });
}
