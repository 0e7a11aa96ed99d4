import { randomBytes } from 'node:crypto';

/**
 * Generated messages for the mailbox: real MIME (multipart/mixed with base64 attachments, threads with
 * In-Reply-To/References) as a mail client would send them.
 */
export interface Attachment {
  name: string;
  mediaType: string;
  content: Buffer;
}

export interface GeneratedMail {
  messageId: string;
  subject: string;
  attachments: Attachment[];
  raw: Buffer;
}

const wrap = (base64: string) => base64.replace(/.{1,76}/g, '$&\r\n');

export function generateMail(options: {
  id: string;
  subject: string;
  from?: string;
  to?: string;
  date?: Date;
  inReplyTo?: string;
  references?: string[];
  text?: string;
  attachments?: Attachment[];
  /** Pads the body with text to about this many bytes (the benchmark's ~200 KB messages). */
  size?: number;
}): GeneratedMail {
  const messageId = `<${options.id}@kunde.example>`;
  const attachments = options.attachments ?? [];
  const boundary = `b-${randomBytes(8).toString('hex')}`;
  let text = options.text ?? `Hallo Otto,\r\n\r\n${options.subject}\r\n\r\nKim`;
  if (options.size) {
    const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.\r\n';
    text += `\r\n${line.repeat(Math.ceil(options.size / line.length))}`;
  }
  const head = [
    `From: ${options.from ?? 'Kim Kunde <kim@kunde.example>'}`,
    `To: ${options.to ?? 'Alice <alice@akte.test>'}`,
    `Subject: ${options.subject}`,
    `Date: ${(options.date ?? new Date('2025-03-01T10:00:00Z')).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageId}`,
    ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`] : []),
    ...(options.references?.length ? [`References: ${options.references.join(' ')}`] : []),
    'MIME-Version: 1.0',
  ];
  let body: string;
  if (!attachments.length) {
    head.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
    body = text;
  } else {
    head.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
    body = [
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
      ...attachments.flatMap((a) => [
        `--${boundary}`,
        `Content-Type: ${a.mediaType}; name="${a.name}"`,
        `Content-Disposition: attachment; filename="${a.name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        wrap(a.content.toString('base64')),
      ]),
      `--${boundary}--`,
      '',
    ].join('\r\n');
  }
  return {
    messageId,
    subject: options.subject,
    attachments,
    raw: Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`, 'utf8'),
  };
}

/** A three-message conversation (question, answer, follow-up with an attachment) under one subject. */
export function generateThread(prefix: string, subject: string): GeneratedMail[] {
  const root = generateMail({ id: `${prefix}-1`, subject, date: new Date('2025-03-02T09:00:00Z') });
  const reply = generateMail({
    id: `${prefix}-2`,
    subject: `Re: ${subject}`,
    from: 'Alice <alice@akte.test>',
    to: 'Kim Kunde <kim@kunde.example>',
    date: new Date('2025-03-02T10:00:00Z'),
    inReplyTo: root.messageId,
    references: [root.messageId],
  });
  const followUp = generateMail({
    id: `${prefix}-3`,
    subject: `AW: Re: ${subject}`,
    date: new Date('2025-03-02T11:00:00Z'),
    inReplyTo: reply.messageId,
    references: [root.messageId, reply.messageId],
    attachments: [{ name: 'protokoll.txt', mediaType: 'text/plain', content: Buffer.from(`Protokoll ${prefix}\n`) }],
  });
  return [root, reply, followUp];
}
