import { Request, Router } from 'express';
import { UniqueConstraintError } from 'sequelize';
import { z } from 'zod';
import { requireActor } from '../api/auth/authenticate';
import { actorOf, inTransaction, servicesOf, withDomain } from '../http/context';
import { documentRoute } from '../api/openapi';
import { ValidationError } from '../domain/errors';
import { parseBody, parseQuery } from '../api/validate';
import type { DomainContext } from '../domain/context';
import { activityDto } from '../domain/activities/dto';
import { leadDtos } from '../domain/leads/dto';
import { partnerDtos } from '../domain/partners/dto';
import { withoutSkippedAttachments } from './attachment-choice';
import { emailBody, rawMessageOf, smallJsonBody } from './body-parsers';
import { createContactFromEmail, createLeadFromEmail, logActivityFromEmail } from './create-from-email';
import { fileEmail } from './file-message';
import { prepareEmail } from './prepare-email';
import { lookupEmail } from './lookup';
import { pairingSecret, redeemPairingCode } from './pairing';
import type { EmailInput } from './email';
import { readEmail } from './read-email';
import {
  autoFileBody,
  createContactBody,
  createLeadBody,
  fileMessageBody,
  fileMessageQuery,
  fileResponse,
  logActivityBody,
  lookupBody,
  pairBody,
} from './schemas';
import { mountSettingsRoutes } from './settings-routes';
import { parseTargetList, RecordRef, requireVisibleTargets } from './targets';
import { threadRecords } from './thread';
import { userFilingSettings } from './settings';

const tag = 'filing';

/**
 * Email filing for the Outlook add-in and the Thunderbird extension (issue #4): lookup, filing of raw or structured
 * messages, thread auto-filing, creating leads/contacts/activities from an email, settings, and the pairing exchange.
 */
export function filingRouter(): Router {
  const router = Router();
  mountPairing(router);
  router.use(requireActor);
  mountLookup(router);
  mountFiling(router);
  mountCreateFromEmail(router);
  mountSettingsRoutes(router);
  return router;
}

/**
 * Runs a filing in one transaction. Two clients filing the same new email at the same moment both try to insert it;
 * the loser hits the unique Message-ID index and is run again, and then finds the winner's message ("already
 * stored", its own links added). With three at once, two losers can also race for the same new link, so a loser may
 * need a second rerun; each unique violation means another filing committed, so this ends.
 */
const FILING_ATTEMPTS = 3;

async function inFilingTransaction<T>(req: Request, work: (ctx: DomainContext) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withDomain(req, work);
    } catch (err) {
      if (!(err instanceof UniqueConstraintError) || attempt >= FILING_ATTEMPTS) throw err;
    }
  }
}

/** An email that is not filed (only read for a contact or an activity) leaves no attachment in the blob store. */
function withoutAttachmentsUnless(file: boolean, email: EmailInput): EmailInput {
  return file ? email : { ...email, attachments: [] };
}

function noTarget(field: string): ValidationError {
  const message = 'Name at least one record: "lead:<id>" or "partner:<id>"';
  return new ValidationError(`Invalid ${field}: ${message}`, { [field]: [message] });
}

function targetsOf(req: Request, body: { targets?: string | Array<string | RecordRef> }): RecordRef[] {
  const query = parseQuery(fileMessageQuery, req);
  const raw = body.targets ?? query.targets;
  const items = Array.isArray(raw)
    ? raw.map((t) => (typeof t === 'string' ? t : `${t.recordType}:${t.recordId}`))
    : raw;
  const targets = items === undefined ? [] : parseTargetList(items);
  if (!targets.length) throw noTarget('targets');
  return targets;
}

/** The JSON part of an email request; for message/rfc822 requests only the query carries parameters. */
function jsonBody<S extends z.ZodType>(schema: S, req: Request, raw: Buffer | null): z.infer<S> {
  return raw ? (schema.parse({}) as z.infer<S>) : parseBody(schema, req);
}

function mountLookup(router: Router): void {
  documentRoute({
    method: 'post',
    path: '/filing/lookup',
    tag,
    summary: 'Who the participants of an email are in the CRM, their open opportunities, and where the email is filed',
    body: lookupBody,
  });
  router.post('/lookup', smallJsonBody, async (req, res) => {
    res.json(await lookupEmail(actorOf(req), parseBody(lookupBody, req)));
  });
}

function mountFiling(router: Router): void {
  documentRoute({
    method: 'post',
    path: '/filing/messages',
    tag,
    summary:
      'File an email on records: the raw message (Content-Type: message/rfc822, targets in ?targets=lead:12,partner:3) ' +
      'or JSON with `raw` (base64) or the structured fields; ?skipAttachments=<file name> (repeatable) leaves ' +
      'those attachments out. Stored once per Message-ID and content (a different ' +
      'content under a known Message-ID is a message of its own, flagged messageIdConflict); 50 MB limit',
    query: fileMessageQuery,
    body: fileMessageBody,
    response: fileResponse,
    status: 201,
  });
  router.post('/messages', ...emailBody, async (req, res) => {
    const raw = rawMessageOf(req);
    const body = raw ? {} : parseBody(fileMessageBody, req);
    const targets = targetsOf(req, body);
    const { skipAttachments } = parseQuery(fileMessageQuery, req);
    const email = withoutSkippedAttachments(
      await readEmail(raw, raw ? {} : (body as z.infer<typeof fileMessageBody>)),
      skipAttachments,
    );
    const actor = actorOf(req);
    // Checked before any attachment is stored, and again in the transaction (filing/prepare-email.ts).
    await requireVisibleTargets(actor, targets);
    const prepared = await prepareEmail(actor, servicesOf(req).blobs, email);
    const result = await inFilingTransaction(req, (ctx) => fileEmail(ctx, prepared, targets));
    res.status(result.created ? 201 : 200).json(result);
  });

  documentRoute({
    method: 'post',
    path: '/filing/auto-file',
    tag,
    summary:
      'File a reply where its thread is filed (In-Reply-To/References), if the user enabled autoFileReplies; ' +
      'answers {filed:false, reason} otherwise',
    body: autoFileBody,
  });
  router.post('/auto-file', ...emailBody, async (req, res) => {
    const raw = rawMessageOf(req);
    const email = await readEmail(raw, jsonBody(autoFileBody, req, raw));
    const actor = actorOf(req);
    if (!(await userFilingSettings(actor.userId)).autoFileReplies) {
      res.json({ filed: false, reason: 'disabled' });
      return;
    }
    const thread = await threadRecords(actor, email.inReplyTo, email.references);
    if (!thread.length) {
      res.json({ filed: false, reason: 'no_thread' });
      return;
    }
    const prepared = await prepareEmail(actor, servicesOf(req).blobs, email);
    const result = await inFilingTransaction(req, (ctx) => fileEmail(ctx, prepared, thread));
    res.status(result.created ? 201 : 200).json({ filed: true, ...result });
  });
}

function mountCreateFromEmail(router: Router): void {
  documentRoute({
    method: 'post',
    path: '/filing/create-lead',
    tag,
    summary:
      'Create a lead from an email (subject → name, sender → contact, text → description) and file the email on it',
    body: createLeadBody,
    status: 201,
  });
  router.post('/create-lead', ...emailBody, async (req, res) => {
    const raw = rawMessageOf(req);
    const body = jsonBody(createLeadBody, req, raw);
    const prepared = await prepareEmail(actorOf(req), servicesOf(req).blobs, await readEmail(raw, body));
    const out = await inFilingTransaction(req, async (ctx) => {
      const { lead, filing } = await createLeadFromEmail(ctx, prepared, body.lead ?? {});
      return { lead: (await leadDtos([lead], ctx.tx))[0], filing };
    });
    res.status(201).json(out);
  });

  documentRoute({
    method: 'post',
    path: '/filing/create-contact',
    tag,
    summary:
      'Create a contact from the sender of an email; an existing partner with that address is returned instead (200)',
    body: createContactBody,
    status: 201,
  });
  router.post('/create-contact', ...emailBody, async (req, res) => {
    const raw = rawMessageOf(req);
    const body = jsonBody(createContactBody, req, raw);
    const prepared = await prepareEmail(
      actorOf(req),
      servicesOf(req).blobs,
      withoutAttachmentsUnless(body.file, await readEmail(raw, body)),
    );
    const out = await inFilingTransaction(req, async (ctx) => {
      const { partner, created, filing } = await createContactFromEmail(ctx, prepared, body.contact ?? {}, body.file);
      return { partner: (await partnerDtos([partner], ctx.tx))[0], created, filing };
    });
    res.status(out.created ? 201 : 200).json(out);
  });

  documentRoute({
    method: 'post',
    path: '/filing/log-activity',
    tag,
    summary: 'Log an activity (e.g. "call back") about an email on a lead or partner; optionally file the email too',
    body: logActivityBody,
    status: 201,
  });
  router.post('/log-activity', ...emailBody, async (req, res) => {
    const body = parseBody(logActivityBody, req);
    const [target] = parseTargetList(body.target);
    if (!target) throw noTarget('target');
    const prepared = await prepareEmail(
      actorOf(req),
      servicesOf(req).blobs,
      withoutAttachmentsUnless(body.file, await readEmail(null, body)),
    );
    const out = await inFilingTransaction(req, async (ctx) => {
      const { activity, filing } = await logActivityFromEmail(ctx, prepared, { ...body, target });
      return { activity: activityDto(activity), filing };
    });
    res.status(201).json(out);
  });
}

function mountPairing(router: Router): void {
  documentRoute({
    method: 'post',
    path: '/filing/pair',
    tag,
    summary:
      'Exchange a one-time pairing code from /addin/connect for a personal API token named "Outlook on <device>"',
    body: pairBody,
    status: 201,
    public: true,
  });
  router.post('/pair', smallJsonBody, async (req, res) => {
    const { code, deviceName } = parseBody(pairBody, req);
    const secret = pairingSecret(servicesOf(req).config);
    const issued = await inTransaction(req, (tx) => redeemPairingCode(secret, tx, code, deviceName));
    res.status(201).json({
      token: {
        id: issued.token.id,
        name: issued.token.name,
        prefix: issued.token.tokenPrefix,
        createdAt: new Date(issued.token.createdAt).toISOString(),
      },
      secret: issued.secret,
      user: { id: issued.user.id, name: issued.user.name, email: issued.user.email },
    });
  });
}
