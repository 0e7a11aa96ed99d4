import { randomUUID } from 'node:crypto';
import type { TestEnv, TestUserKey } from '../../support/test-env';
import type { RunningDovecot } from '../../support/dovecot';
import { inUnitOfWork } from '../../../server/src/db/unit-of-work';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { serverKeyOf } from '../../../server/src/secrets/server-key';
import { createMailbox, MailboxInput } from '../../../server/src/gateway/mailboxes';

/** A raw RFC 5322 message for the tests to APPEND. */
export interface MailSpec {
  from: string;
  to: string;
  subject?: string;
  id?: string;
  inReplyTo?: string;
  headers?: string[];
  body?: string;
  attachment?: { name: string; content: string };
}

export function mail(spec: MailSpec): string {
  const id = spec.id ?? `<${randomUUID()}@mail.test>`;
  const head = [
    `From: ${spec.from}`,
    `To: ${spec.to}`,
    `Subject: ${spec.subject ?? 'Hallo'}`,
    `Message-ID: ${id}`,
    'Date: Mon, 30 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    ...(spec.inReplyTo ? [`In-Reply-To: ${spec.inReplyTo}`, `References: ${spec.inReplyTo}`] : []),
    ...(spec.headers ?? []),
  ];
  const body = spec.body ?? `Text von ${spec.from}`;
  if (!spec.attachment) return [...head, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '--b1',
    `Content-Type: application/pdf; name="${spec.attachment.name}"`,
    `Content-Disposition: attachment; filename="${spec.attachment.name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(spec.attachment.content).toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
}

/** Adds a mailbox on the test Dovecot as `user` (the domain service, as REST and the CLI call it). */
export async function addMailbox(
  env: TestEnv,
  dovecot: RunningDovecot,
  user: TestUserKey,
  imapUser: string,
  input: Partial<MailboxInput> = {},
): Promise<number> {
  const actor = await actorForUser((await User.findByPk(env.users[user].id))!);
  const mailbox = await inUnitOfWork(env.sequelize, (tx) =>
    createMailbox(
      { actor, sequelize: env.sequelize, tx, blobs: env.services.blobs },
      serverKeyOf(env.services.config),
      {
        kind: 'personal',
        host: '127.0.0.1',
        port: dovecot.port,
        tls: false,
        username: imapUser,
        password: `${imapUser}pw`,
        ...input,
      },
    ),
  );
  return mailbox.id;
}
