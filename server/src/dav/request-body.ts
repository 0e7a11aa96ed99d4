import type { Request, RequestHandler, Response } from 'express';

/**
 * A body-parser middleware as a step the DAV handlers await once the client is authenticated. Mounted in front of
 * the handlers, express.text/raw read (and buffer) the whole body of anyone's request before the credentials are
 * looked at: unauthenticated 50 MB uploads to /dav/files raised the server's memory from 274 to 567 MB. Read after
 * authentication, a request without valid credentials costs nothing but its headers (Node discards the unread body).
 */
export type BodyReader = (req: Request, res: Response) => Promise<void>;

export function bodyReader(parser: RequestHandler): BodyReader {
  return (req, res) =>
    new Promise<void>((resolve, reject) => {
      void parser(req, res, (err?: unknown) =>
        err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
      );
    });
}
