import express, { ErrorRequestHandler, Request, Response, Router } from 'express';
import { z } from 'zod';
import { inUnitOfWork } from '../db/unit-of-work';
import { createLead } from '../domain/leads/service';
import { actorForUser } from '../domain/users/actors';
import { User } from '../domain/users/model';
import {
  DomainError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  RefusedError,
  TooManyAttemptsError,
  ValidationError,
} from '../domain/errors';
import { servicesOf } from '../http/context';
import { checkSubmission, sourceFieldsOf } from './form-guard';
import { takeFormSubmission } from './form-rate-limit';
import { sendFormConfirmation } from './form-confirmation';
import { formAnswerPage, formPage, formSnippet } from './form-snippet';
import { formTexts, localeOf, refusalTexts } from './form-texts';
import { GatewayLeadForm } from './lead-form-model';

/** A lead form submission is a few fields: 16 KB is plenty, and a flood of large posts costs little. */
const BODY_LIMIT = '16kb';

const text = (max: number) => z.string().trim().max(max).optional();
const submission = z.object({
  name: z.string({ error: 'Required' }).trim().min(1, 'Required').max(200),
  email: z.email({ error: 'Not an email address' }).max(254),
  phone: text(64),
  company: text(200),
  subject: text(200),
  message: text(5000),
  utm_source: text(120),
  utm_medium: text(120),
  utm_campaign: text(120),
  referrer: text(500),
  /** The visitor's language for a JSON post (the confirmation email's); an HTML post goes by Accept-Language. */
  locale: z.enum(['de', 'en']).optional(),
});

/**
 * The public side of web-to-lead (issue #14): /forms/<key> answers the form page (GET), the CORS preflight for the
 * listed origins (OPTIONS) and the submission (POST) — an HTML form post (answered with a page) or JSON (answered
 * with JSON). No authentication: the key names the form, and every refusal has its own status and words (403
 * origin, 413 size, 422 honeypot / too fast / stale, 429 flood, 400 fields).
 */
export function publicFormRouter(): Router {
  const router = Router();
  const wantsJson = (req: Request) => Boolean(req.is('application/json'));
  const formOf = async (key: string) => {
    const form = await GatewayLeadForm.findOne({ where: { publicKey: key, enabled: true } });
    if (!form) throw new NotFoundError('Lead form', 0);
    return form;
  };
  /** Origins allowed to post: the listed ones, and Akte's own (its form page). */
  const checkOrigin = (req: Request, res: Response, form: GatewayLeadForm) => {
    const origin = req.get('origin');
    if (!origin || origin === 'null') return;
    const own = new URL(servicesOf(req).config.publicUrl).origin;
    if (origin !== own && !form.allowedOrigins.includes(origin))
      throw new ForbiddenError(`Submissions from ${origin} are not allowed for this form`, 'origin_not_allowed');
    res.vary('Origin');
    res.set('Access-Control-Allow-Origin', origin);
  };

  router.get('/:key', async (req, res) => {
    const form = await formOf(req.params.key);
    const locale = localeOf(req.get('accept-language'));
    const url = `${servicesOf(req).config.publicUrl}/forms/${form.publicKey}`;
    res.type('html').send(formPage(form.name, formSnippet(url, locale), locale));
  });

  router.options('/:key', async (req, res) => {
    const form = await formOf(req.params.key);
    checkOrigin(req, res, form);
    res.set({
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '600',
    });
    res.status(204).end();
  });

  router.post(
    '/:key',
    express.urlencoded({ extended: false, limit: BODY_LIMIT }),
    express.json({ limit: BODY_LIMIT }),
    async (req, res) => {
      const form = await formOf(req.params.key);
      checkOrigin(req, res, form);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const limit = await takeFormSubmission(
        servicesOf(req).sequelize,
        form.id,
        (req.ip ?? 'unknown').slice(0, 45),
        form.maxPerIpHour,
        Date.now(),
      );
      if (!limit.allowed)
        throw new TooManyAttemptsError(refusalTexts.too_many.en, limit.retryAfterSeconds, 'too_many_submissions');
      const startedRaw = body._started ?? body.startedAt;
      const refusal = checkSubmission(
        {
          honeypot: typeof body.website === 'string' ? body.website : undefined,
          startedAt: startedRaw === undefined || startedRaw === '' ? undefined : Number(startedRaw),
        },
        Date.now(),
        form.minFillSeconds,
      );
      if (refusal) throw new RefusedError(refusal, refusalTexts[refusal].en);
      const parsed = submission.safeParse(body);
      if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'form');
      const input = parsed.data;
      const owner = await User.findByPk(form.createdById);
      if (!owner) throw new NotFoundError('Lead form', form.id);
      const actor = await actorForUser(owner);
      const { sequelize, blobs } = servicesOf(req);
      const referrer = input.referrer ?? req.get('referer');
      const lead = await inUnitOfWork(sequelize, (tx) =>
        // A lead, not a partner: the partner comes when the lead is converted (OpenERP's web-to-lead).
        createLead(
          { actor, sequelize, tx, blobs },
          {
            name: (input.subject || `${form.name}: ${input.company || input.name}`).slice(0, 255),
            contactName: input.name,
            emailFrom: input.email,
            phone: input.phone || null,
            companyName: input.company || null,
            description: input.message || null,
            teamId: form.teamId,
            salespersonId: null,
            ...sourceFieldsOf({ ...input, referrer }),
          },
        ),
      );
      const locale = input.locale ?? localeOf(req.get('accept-language'));
      if (wantsJson(req)) res.status(201).json({ status: 'received' });
      else res.type('html').send(formAnswerPage(form.name, [formTexts[locale].thanks], locale));
      if (form.confirmationEmail)
        // After the answer: the visitor does not wait for the SMTP server, and the lead stays whatever it says.
        void sendFormConfirmation(servicesOf(req), form, lead.id, input.email, locale).then(
          (outcome) =>
            outcome === 'sent' ||
            servicesOf(req).logger.warn({ formId: form.id, outcome }, 'lead form confirmation not sent'),
          (err: unknown) =>
            servicesOf(req).logger.warn(
              { formId: form.id, err: (err as Error).message },
              'lead form confirmation could not be sent',
            ),
        );
    },
  );

  // HTML form posts get their refusal as a page in the visitor's language; JSON clients the API's error shape.
  const htmlErrors: ErrorRequestHandler = (err, req, res, next) => {
    const tooLarge = (err as { type?: string }).type === 'entity.too.large';
    const error: unknown = tooLarge ? new PayloadTooLargeError(refusalTexts.too_large.en) : err;
    if (wantsJson(req) || req.method !== 'POST' || !(error instanceof DomainError)) return next(error);
    const locale = localeOf(req.get('accept-language'));
    const words = refusalTexts[refusalKey(error)]?.[locale] ?? error.message;
    const fields = error instanceof ValidationError ? Object.keys(error.details?.fields ?? {}).map((f) => `${f}`) : [];
    const status = {
      invalid: 400,
      forbidden: 403,
      not_found: 404,
      too_large: 413,
      refused: 422,
      too_many_attempts: 429,
    }[error.kind as string];
    if (error instanceof TooManyAttemptsError) res.set('Retry-After', String(error.retryAfterSeconds));
    res
      .status(status ?? 400)
      .type('html')
      .send(formAnswerPage(formTexts[locale].refused, [words, ...(fields.length ? [fields.join(', ')] : [])], locale));
  };
  router.use(htmlErrors);
  return router;
}

function refusalKey(error: DomainError): keyof typeof refusalTexts {
  if (error.kind === 'refused' && error.code in refusalTexts) return error.code as keyof typeof refusalTexts;
  if (error.kind === 'too_many_attempts') return 'too_many';
  if (error.kind === 'forbidden') return 'origin';
  if (error.kind === 'too_large') return 'too_large';
  if (error.kind === 'not_found') return 'gone';
  return 'invalid';
}
