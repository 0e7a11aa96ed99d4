import { Router } from 'express';
import { UnauthorizedError } from '../../domain/errors';
import { actorOf, inTransaction, servicesOf } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseBody } from '../validate';
import { requireActor } from './authenticate';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from './session-cookie';
import { loginBody, loginOut, meOut } from './schemas';
import { checkCredentials } from '../../domain/users/login';
import { passwordAttemptsOf, throttledAddress } from '../../domain/users/login-throttle';
import { createSession, destroySession, pruneExpiredSessions } from '../../domain/users/sessions';
import { userDto } from '../../domain/users/dto';
import { User } from '../../domain/users/model';

const tag = 'auth';
/** One message for every failed login: whether the address has an account is not revealed. */
const WRONG_CREDENTIALS = 'Wrong email or password';

/** Browser login (session cookie + CSRF token), logout, and "who am I" for both sessions and API tokens. */
export function authRouter(): Router {
  const router = Router();

  documentRoute({
    method: 'post',
    path: '/auth/login',
    tag,
    public: true,
    body: loginBody,
    response: loginOut,
    summary: 'Log in with email and password; sets the akte_session cookie (429 after 10 failures in 15 minutes)',
  });
  router.post('/login', async (req, res) => {
    const body = parseBody(loginBody, req);
    // Normalized once: the throttle counts what the user table compares (`<a@b.de>` is a@b.de).
    const email = throttledAddress(body.email);
    const ip = req.ip ?? 'unknown';
    // One brake for every process and every password form (the add-in's connect page, the password change): the
    // counts are read before the check, written on a failure; the error handler turns the TooManyAttemptsError into
    // 429 with Retry-After.
    const attempt = (await passwordAttemptsOf(servicesOf(req)).start(email, ip)).assertAllowed(
      'Too many failed logins',
    );
    const user = await attempt.check(() => checkCredentials(email, body.password));
    if (!user) throw new UnauthorizedError(WRONG_CREDENTIALS, 'invalid_credentials');
    const previous = sessionCookieOf(req);
    const session = await inTransaction(req, async (tx) => {
      // A new secret on every login: a cookie planted before login (session fixation) never becomes valid.
      if (previous) await destroySession(previous, tx);
      await pruneExpiredSessions(tx);
      return createSession(user.id, tx);
    });
    setSessionCookie(req, res, session.secret);
    res.json({ user: userDto(user), csrfToken: session.csrfToken });
  });

  documentRoute({
    method: 'post',
    path: '/auth/logout',
    tag,
    summary: 'End the browser session and clear its cookie',
    status: 204,
  });
  router.post('/logout', requireActor, async (req, res) => {
    const secret = sessionCookieOf(req);
    if (secret && req.akte.authMethod === 'session') await destroySession(secret);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  documentRoute({
    method: 'get',
    path: '/auth/me',
    tag,
    summary: 'The authenticated user, the CSRF token of a cookie session and how you authenticated',
    response: meOut,
  });
  router.get('/me', requireActor, async (req, res) => {
    const actor = actorOf(req);
    const user = await User.findByPk(actor.userId);
    if (!user) throw new UnauthorizedError();
    res.json({
      user: userDto(user),
      csrfToken: req.akte.csrfToken ?? null,
      authMethod: req.akte.authMethod ?? 'token',
    });
  });

  return router;
}
