import { Router } from 'express';
import { TooManyAttemptsError, UnauthorizedError } from '../../domain/errors';
import { actorOf, inTransaction, servicesOf } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseBody } from '../validate';
import { requireActor } from './authenticate';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from './session-cookie';
import { loginBody, loginOut, meOut } from './schemas';
import { checkCredentials } from '../../domain/users/login';
import { LoginThrottle, loginThrottleOf } from '../../domain/users/login-throttle';
import { createSession, destroySession, pruneExpiredSessions } from '../../domain/users/sessions';
import { userDto } from '../../domain/users/dto';
import { User } from '../../domain/users/model';

const tag = 'auth';
/** One message for every failed login: whether the address has an account is not revealed. */
const WRONG_CREDENTIALS = 'Wrong email or password';

class TooManyRequestsError extends TooManyAttemptsError {
  constructor(retryAfterSeconds: number) {
    super(`Too many failed logins: try again in ${retryAfterSeconds} seconds`, retryAfterSeconds);
  }
}

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
    const { email, password } = parseBody(loginBody, req);
    // One throttle per app instance, shared with the add-in's connect page (see LoginThrottle for why memory is enough).
    const throttle = loginThrottleOf(servicesOf(req));
    const key = LoginThrottle.keyOf(email, req.ip ?? 'unknown');
    const decision = throttle.check(key);
    if (!decision.allowed) {
      res.set('Retry-After', String(decision.retryAfterSeconds));
      throw new TooManyRequestsError(decision.retryAfterSeconds);
    }
    const user = await checkCredentials(email, password);
    if (!user) {
      throttle.recordFailure(key);
      throw new UnauthorizedError(WRONG_CREDENTIALS, 'invalid_credentials');
    }
    throttle.reset(key);
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
