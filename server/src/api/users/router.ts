import { Request, Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { sessionCookieOf } from '../auth/session-cookie';
import { actorOf, servicesOf, withDomain } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseBody, parseId, parseQuery } from '../validate';
import { userDto } from '../../domain/users/dto';
import { createUser, findUser, listUsers, PasswordCheckBrake, updateUser } from '../../domain/users/service';
import { PasswordAttempt, passwordAttemptsOf } from '../../domain/users/login-throttle';
import { createTeam, deleteTeam, findTeam, listTeams, updateTeam } from '../../domain/users/teams';
import {
  teamCreateBody,
  teamList,
  teamOut,
  teamPatchBody,
  userCreateBody,
  userList,
  userListQuery,
  userOut,
  userPatchBody,
} from './schemas';

const tag = 'users';

/**
 * Users and teams. Everyone reads them (to pick a salesperson or a team); administrators change them, except that
 * users change their own name, locale and password. Mounted at '/', so every route guards itself.
 */
export function usersRouter(): Router {
  const router = Router();
  mountUsers(router);
  mountTeams(router);
  return router;
}

function mountUsers(router: Router): void {
  documentRoute({
    method: 'get',
    path: '/users',
    tag,
    summary: 'List users by name (active ones; admins may ask for all)',
    query: userListQuery,
    response: userList,
  });
  router.get('/users', requireActor, async (req, res) => {
    res.json(await listUsers(actorOf(req), parseQuery(userListQuery, req)));
  });

  documentRoute({
    method: 'post',
    path: '/users',
    tag,
    summary: 'Create a user (admin; without a password the account cannot log in yet)',
    body: userCreateBody,
    response: userOut,
    status: 201,
  });
  router.post('/users', requireActor, async (req, res) => {
    const input = parseBody(userCreateBody, req);
    const user = await withDomain(req, (ctx) => createUser(ctx, input));
    res.status(201).json(userDto(user));
  });

  documentRoute({ method: 'get', path: '/users/:id', tag, summary: 'Get a user', response: userOut });
  router.get('/users/:id', requireActor, async (req, res) => {
    res.json(userDto(await findUser(actorOf(req), parseId(req))));
  });

  documentRoute({
    method: 'patch',
    path: '/users/:id',
    tag,
    body: userPatchBody,
    response: userOut,
    summary:
      'Change a user (admin; anyone their own name, locale and password — the latter with currentPassword). 409 for the last admin',
  });
  router.patch('/users/:id', requireActor, async (req, res) => {
    const id = parseId(req);
    const patch = parseBody(userPatchBody, req);
    const keepSessionSecret = req.akte.authMethod === 'session' ? sessionCookieOf(req) : undefined;
    const attempts = passwordCheckBrake(req);
    let user;
    try {
      user = await withDomain(req, (ctx) => updateUser(ctx, id, patch, { keepSessionSecret, attempts }));
    } finally {
      // After the unit of work: a wrong password rolls it back, and on SQLite a write of its own inside it would
      // wait for the write lock the unit holds.
      await attempts.settle();
    }
    res.json(userDto(user));
  });
}

function mountTeams(router: Router): void {
  documentRoute({ method: 'get', path: '/teams', tag, summary: 'List teams with their members', response: teamList });
  router.get('/teams', requireActor, async (_req, res) => {
    res.json({ items: await listTeams(), nextCursor: null });
  });

  documentRoute({
    method: 'post',
    path: '/teams',
    tag,
    summary: 'Create a team (admin)',
    body: teamCreateBody,
    response: teamOut,
    status: 201,
  });
  router.post('/teams', requireActor, async (req, res) => {
    const input = parseBody(teamCreateBody, req);
    res.status(201).json(await withDomain(req, (ctx) => createTeam(ctx, input)));
  });

  documentRoute({ method: 'get', path: '/teams/:id', tag, summary: 'Get a team', response: teamOut });
  router.get('/teams/:id', requireActor, async (req, res) => {
    res.json(await findTeam(parseId(req)));
  });

  documentRoute({
    method: 'patch',
    path: '/teams/:id',
    tag,
    summary: 'Change a team; memberIds replaces the members (admin)',
    body: teamPatchBody,
    response: teamOut,
  });
  router.patch('/teams/:id', requireActor, async (req, res) => {
    const id = parseId(req);
    const patch = parseBody(teamPatchBody, req);
    res.json(await withDomain(req, (ctx) => updateTeam(ctx, id, patch)));
  });

  documentRoute({
    method: 'delete',
    path: '/teams/:id',
    tag,
    summary: 'Delete a team (admin; 409 while it has calendars or stages)',
    status: 204,
  });
  router.delete('/teams/:id', requireActor, async (req, res) => {
    const id = parseId(req);
    await withDomain(req, (ctx) => deleteTeam(ctx, id));
    res.status(204).end();
  });
}

/**
 * The caller's current-password checks count with their logins (same address and IP, same limits, every process).
 * The counts are read only when a current password is checked; `settle` writes the noted outcome afterwards.
 */
function passwordCheckBrake(req: Request): PasswordCheckBrake & { settle(): Promise<void> } {
  const attempts = passwordAttemptsOf(servicesOf(req));
  const email = actorOf(req).email;
  const ip = req.ip ?? 'unknown';
  let attempt: PasswordAttempt | undefined;
  let outcome: 'failed' | 'succeeded' | undefined;
  return {
    assertAllowed: async () => {
      attempt?.end(); // a unit of work re-run after a deadlock checks again
      attempt = (await attempts.start(email, ip)).assertAllowed();
    },
    recordFailure: () => (outcome = 'failed'),
    recordSuccess: () => (outcome = 'succeeded'),
    settle: async () => {
      if (!attempt) return;
      try {
        if (outcome === 'failed') await attempt.failed();
        if (outcome === 'succeeded') await attempt.succeeded();
      } finally {
        attempt.end();
      }
    },
  };
}
