import { createTestEnv, TestEnv } from '../../support/test-env';
import { appendMessages, RunningDovecot, startDovecot, stopDovecot } from '../../support/dovecot';
import { runCli } from '../../../server/src/cli';
import { GatewayMailbox } from '../../../server/src/gateway/model';
import { Message } from '../../../server/src/domain/messages/model';
import { makePartner } from '../filing/records';
import { mail } from './support';

let env: TestEnv;
let dovecot: RunningDovecot;

beforeAll(async () => {
  [env, dovecot] = await Promise.all([
    createTestEnv({ AKTE_MAIL_GATEWAY: 'off' }),
    startDovecot({ users: ['alice', 'sales', 'cli'] }),
  ]);
});
afterAll(async () => {
  await stopDovecot(dovecot);
  await env.close();
});

const server = () => ({ host: '127.0.0.1', port: dovecot.port, tls: false });

describe('REST /mailboxes', () => {
  let personalId: number;
  let teamId: number;

  it('adds a personal mailbox (privacy metadata by default, password sealed, never shown)', async () => {
    const res = await env
      .as('own')
      .post('/api/v1/mailboxes')
      .send({ kind: 'personal', ...server(), username: 'alice', password: 'alicepw' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'personal',
      address: 'own@example.test',
      privacy: 'metadata',
      folders: null,
      status: { state: 'new', lastCheckAt: null },
    });
    expect(JSON.stringify(res.body)).not.toContain('alicepw');
    personalId = res.body.id;
    const row = await GatewayMailbox.findByPk(personalId);
    expect(row!.passwordSealed).not.toContain('alicepw');
    expect(row!.passwordSealed).toMatch(/^v1\./);
  });

  it('leaves team mailboxes to administrators', async () => {
    const body = {
      kind: 'team',
      teamId: env.teamId,
      address: 'sales@example.test',
      ...server(),
      username: 'sales',
      password: 'salespw',
    };
    const refused = await env.as('own').post('/api/v1/mailboxes').send(body);
    expect(refused.status).toBe(403);
    const created = await env.as('admin').post('/api/v1/mailboxes').send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'team', teamId: env.teamId, privacy: 'full' });
    teamId = created.body.id;
  });

  it('answers 400 naming the bad fields', async () => {
    const res = await env
      .as('own')
      .post('/api/v1/mailboxes')
      .send({ kind: 'personal', host: '127.0.0.1', port: 0, tls: 'yes', username: 'a', password: 'b', privacy: 'all' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['port', 'privacy', 'tls']);
    const team = await env
      .as('admin')
      .post('/api/v1/mailboxes')
      .send({ kind: 'team', ...server(), username: 'x', password: 'y' });
    expect(team.status).toBe(400);
    expect(team.body.error.fields).toHaveProperty('teamId');
  });

  it('shows a mailbox to its owner, a team mailbox to the team (read-only), and nothing to others (404)', async () => {
    expect((await env.as('own2').get(`/api/v1/mailboxes/${personalId}`)).status).toBe(404);
    expect((await env.as('own2').patch(`/api/v1/mailboxes/${personalId}`).send({ privacy: 'full' })).status).toBe(404);
    expect((await env.as('own2').post(`/api/v1/mailboxes/${personalId}/check`)).status).toBe(404);
    expect((await env.as('own2').delete(`/api/v1/mailboxes/${personalId}`)).status).toBe(404);
    expect((await env.as('own2').get('/api/v1/mailboxes')).body).toEqual([]);
    const mine = await env.as('own').get('/api/v1/mailboxes');
    expect(mine.body.map((m: { id: number }) => m.id)).toEqual([personalId, teamId]);
    expect((await env.as('own').get(`/api/v1/mailboxes/${teamId}`)).status).toBe(200);
    expect(
      (
        await env
          .as('own')
          .patch(`/api/v1/mailboxes/${teamId}`)
          .send({ folders: ['INBOX'] })
      ).status,
    ).toBe(403);
  });

  it('lists the server’s folders, takes a folder choice and a privacy level', async () => {
    const folders = await env.as('own').get(`/api/v1/mailboxes/${personalId}/server-folders`);
    expect(folders.status).toBe(200);
    expect(folders.body.folders).toEqual(
      expect.arrayContaining([
        { path: 'INBOX', specialUse: '\\Inbox' },
        { path: 'Sent', specialUse: '\\Sent' },
      ]),
    );
    const changed = await env
      .as('own')
      .patch(`/api/v1/mailboxes/${personalId}`)
      .send({ folders: ['INBOX'], privacy: 'subject' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ folders: ['INBOX'], privacy: 'subject' });
  });

  it('checks now and shows the status: last check, taken, skipped by reason, cursor', async () => {
    await makePartner({ name: 'API Kunde', email: 'api@kunde.example', salespersonId: env.users.own.id });
    await appendMessages(dovecot, 'alice', 'INBOX', [
      mail({
        from: 'api@kunde.example',
        to: 'own@example.test',
        subject: 'Per API',
        id: '<api-1@kunde.example>',
        body: 'Inhalt',
      }),
      mail({ from: 'api@kunde.example', to: 'own@example.test', headers: ['Auto-Submitted: auto-replied'] }),
    ]);
    const check = await env.as('own').post(`/api/v1/mailboxes/${personalId}/check`);
    expect(check.status).toBe(200);
    expect(check.body).toEqual({ taken: 1, skipped: 1, skippedBy: { auto_reply: 1 }, errors: [] });
    const status = await env.as('own').get(`/api/v1/mailboxes/${personalId}`);
    expect(status.body.status).toMatchObject({
      state: 'ok',
      lastError: null,
      takenTotal: 1,
      skippedTotal: 1,
      lastReport: { taken: 1, skipped: 1 },
    });
    expect(status.body.status.lastCheckAt).toEqual(expect.any(String));
    expect(status.body.cursors).toEqual([
      { folder: 'INBOX', uidValidity: expect.any(String), lastUid: 2, highestModseq: expect.any(String) },
    ]);
    // Privacy "subject": the subject is kept, the body is not.
    expect(await Message.findOne({ where: { messageId: '<api-1@kunde.example>' } })).toMatchObject({
      subject: 'Per API',
      bodyText: null,
    });
  });

  it('reports "authentication failed" after a password change to a wrong one', async () => {
    await env.as('own').patch(`/api/v1/mailboxes/${personalId}`).send({ password: 'falsch' }).expect(200);
    const check = await env.as('own').post(`/api/v1/mailboxes/${personalId}/check`);
    expect(check.body.errors).toEqual(['authentication failed']);
    const status = await env.as('own').get(`/api/v1/mailboxes/${personalId}`);
    expect(status.body.status).toMatchObject({ state: 'error', lastError: 'authentication failed' });
  });

  it('is in the OpenAPI document', async () => {
    const doc = await env.anonymous().get('/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/mailboxes',
        '/api/v1/mailboxes/{id}',
        '/api/v1/mailboxes/{id}/check',
        '/api/v1/mailboxes/{id}/server-folders',
      ]),
    );
  });
});

describe('CLI mail-connect / mail-check', () => {
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      env: { DATABASE_URL: env.services.config.databaseUrl, AKTE_DATA_DIR: env.services.config.dataDir },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const connect = ['--host', '127.0.0.1', '--port', '', '--tls', 'off', '--username', 'cli'];

  it('connects a team mailbox, prints its id, and checks it with a JSON summary line', async () => {
    connect[3] = String(dovecot.port);
    const added = await cli(
      'mail-connect',
      '--team',
      'Vertrieb Nord',
      ...connect,
      '--password',
      'clipw',
      '--address',
      'cli@example.test',
    );
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toMatch(/^\d+$/);
    await appendMessages(dovecot, 'cli', 'INBOX', [
      mail({ from: 'kommando@zeile.example', to: 'cli@example.test', subject: 'Anfrage per CLI' }),
    ]);
    const checked = await cli('mail-check', '--mailbox', added.out);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.out)).toEqual({ taken: 1, skipped: 0, skippedBy: {}, errors: [] });
  });

  it('exits non-zero on a failed check and with usage errors', async () => {
    const added = await cli('mail-connect', '--email', 'own@example.test', ...connect, '--password', 'falsch');
    expect(added.code).toBe(0);
    const checked = await cli('mail-check', '--mailbox', added.out);
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.out).errors).toEqual(['authentication failed']);
    expect((await cli('mail-connect', '--team', 'Gibt es nicht', ...connect, '--password', 'x')).code).toBe(2);
    expect((await cli('mail-connect', ...connect, '--password', 'x')).err).toContain(
      'Give either --team NAME or --email USER',
    );
    expect((await cli('mail-check', '--mailbox', 'abc')).code).toBe(2);
    expect((await cli('mail-check', '--mailbox', '9999')).code).toBe(1);
  });
});
