import { createTestEnv, TestEnv } from '../../support/test-env';
import { appendMessages, imapAs, RunningDovecot, startDovecot, stopDovecot } from '../../support/dovecot';
import { checkMailbox } from '../../../server/src/gateway/check-mailbox';
import { GatewayFolder } from '../../../server/src/gateway/model';
import { Message } from '../../../server/src/domain/messages/model';
import { makePartner } from '../filing/records';
import { addMailbox, mail } from './support';

let env: TestEnv;
let dovecot: RunningDovecot;

beforeAll(async () => {
  [env, dovecot] = await Promise.all([
    createTestEnv({ AKTE_MAIL_GATEWAY: 'off' }),
    startDovecot({ users: ['alice'], condstore: false }),
  ]);
});
afterAll(async () => {
  await stopDovecot(dovecot);
  await env.close();
});

it('checks a server without CONDSTORE on UIDVALIDITY and UIDNEXT alone, taking each new message once', async () => {
  const capabilities = await imapAs(dovecot, 'alice', async (client) => [...client.capabilities.keys()]);
  expect(capabilities).not.toContain('CONDSTORE');
  expect(capabilities).not.toContain('QRESYNC');
  await makePartner({ name: 'Alt GmbH', email: 'alt@server.example', salespersonId: env.users.all.id });
  const mailboxId = await addMailbox(env, dovecot, 'all', 'alice', { privacy: 'full', address: 'all@example.test' });
  await appendMessages(dovecot, 'alice', 'INBOX', [
    mail({ from: 'alt@server.example', to: 'all@example.test', id: '<nc-1@server.example>' }),
    mail({ from: 'alt@server.example', to: 'all@example.test', id: '<nc-2@server.example>' }),
  ]);

  expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 2, errors: [] });
  const inbox = (await GatewayFolder.findOne({ where: { mailboxId, path: 'INBOX' } }))!;
  expect(inbox).toMatchObject({ lastUid: 2, uidNext: 3, highestModseq: null });
  expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 0, skipped: 0, errors: [] });

  await appendMessages(dovecot, 'alice', 'INBOX', [
    mail({ from: 'alt@server.example', to: 'all@example.test', id: '<nc-3@server.example>' }),
  ]);
  expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 1, errors: [] });
  for (const n of [1, 2, 3]) expect(await Message.count({ where: { messageId: `<nc-${n}@server.example>` } })).toBe(1);
});
