import pino from 'pino';

/** Structured logs. Never log passwords, tokens or email bodies: the redact list is the last line of defence. */
export function createLogger(level: string): pino.Logger {
  return pino({
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'password', 'token', '*.password', '*.token'],
  });
}

export type Logger = pino.Logger;
