import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { MAX_MESSAGE_BYTES } from './email';
import { tooLarge } from './read-email';

/**
 * Filing routes parse their own bodies (app.ts skips the API-wide 1 MB JSON parser for /filing/): a whole email
 * arrives either as `message/rfc822` (up to 50 MB) or as JSON with the message in base64 (4/3 the size, plus the
 * other fields). Both parsers check Content-Length before reading, so an oversized upload is refused at once.
 */
const JSON_EMAIL_LIMIT = Math.ceil((MAX_MESSAGE_BYTES * 4) / 3) + 1024 * 1024;

function explainTooLarge(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') return next(tooLarge());
      next(err);
    });
}

/** For routes that take an email: message/rfc822 into req.body as a Buffer, or JSON. */
export const emailBody: RequestHandler[] = [
  explainTooLarge(express.raw({ type: 'message/rfc822', limit: MAX_MESSAGE_BYTES })),
  explainTooLarge(express.json({ limit: JSON_EMAIL_LIMIT, strict: true })),
];

/** For the small JSON requests (lookup, settings, pairing). */
export const smallJsonBody: RequestHandler = express.json({ limit: '1mb', strict: true });

/** The raw message when the request carried one (Content-Type: message/rfc822). */
export function rawMessageOf(req: Request): Buffer | null {
  if (Buffer.isBuffer(req.body)) return req.body;
  // An empty message/rfc822 body is parsed by no one: it is an (empty, unparsable) message, not missing JSON.
  return req.is('message/rfc822') ? Buffer.alloc(0) : null;
}
