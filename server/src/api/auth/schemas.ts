import { z } from 'zod';
import { userOut } from '../users/schemas';

export const loginBody = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const loginOut = z.object({ user: userOut, csrfToken: z.string() });

export const meOut = z.object({
  user: userOut,
  /** Echo it in `X-CSRF-Token` on every state-changing request made with the session cookie. */
  csrfToken: z.string().nullable(),
  authMethod: z.enum(['session', 'token']),
});
