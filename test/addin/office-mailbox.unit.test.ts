import type { StructuredEmail } from '../../core/src/api-types';
import { describeItem, messageContent } from '../../addin/src/office/message-content';
import { officeCall, OfficeCallError } from '../../addin/src/office/async-result';
import { outlookHost } from '../../addin/src/office/outlook-host';
import { threadHeadersOf } from '../../addin/src/office/headers';
import { asyncMethod, fail, installOutlook, ok, RAW_EML, readItem } from './outlook-mock';

/** The only module that touches Office.js, against office-addin-mock's Outlook host. */

afterEach(() => {
  delete (globalThis as Record<string, unknown>).Office;
});

describe('reading the open message', () => {
  it('describes sender, recipients, date and thread headers (Mailbox 1.8)', async () => {
    const office = installOutlook();
    const item = await describeItem(office.context.mailbox.item);
    expect(item).toEqual({
      itemId: 'AAMk-1',
      internetMessageId: '<m1@kunde.example>',
      subject: 'Angebot',
      from: { address: 'kim@kunde.example', name: 'Kim Kunde' },
      to: [{ address: 'otto@akte.example', name: 'Otto Eigen' }],
      cc: [],
      date: '2025-03-04T10:00:00.000Z',
      inReplyTo: '<m0@akte.example>',
      references: ['<root@akte.example>', '<m0@akte.example>'],
    });
  });

  it('does not ask for headers where Mailbox 1.8 is missing', async () => {
    const office = installOutlook({ supported: ['1.5'] });
    const item = await describeItem(office.context.mailbox.item);
    expect(item.inReplyTo).toBeNull();
    expect(office.context.mailbox.item.getAllInternetHeadersAsync.calls).toHaveLength(0);
  });

  it('takes the raw MIME message with getAsFileAsync where Mailbox 1.14 is supported', async () => {
    const office = installOutlook();
    const content = await messageContent(office.context.mailbox.item);
    expect(content.kind).toBe('raw');
    expect(Buffer.from((content as { base64: string }).base64, 'base64').toString()).toBe(RAW_EML);
  });

  it('retries the transient 5001 error and then succeeds', async () => {
    const getAsFileAsync = asyncMethod(
      fail(5001, 'An internal error has occurred.'),
      ok(Buffer.from(RAW_EML).toString('base64')),
    );
    const office = installOutlook({ item: readItem({ getAsFileAsync }) });
    const content = await messageContent(office.context.mailbox.item);
    expect(content.kind).toBe('raw');
    expect(getAsFileAsync.calls).toHaveLength(2);
  });

  it('gives up after three 5001 errors and does not retry other errors', async () => {
    const transient = asyncMethod<string>(fail(5001));
    await expect(officeCall<string>((cb) => transient(cb), { delayMs: 1 })).rejects.toMatchObject({ code: 5001 });
    expect(transient.calls).toHaveLength(3);
    const permanent = asyncMethod<string>(fail(9041, 'no permission'));
    await expect(officeCall<string>((cb) => permanent(cb))).rejects.toBeInstanceOf(OfficeCallError);
    expect(permanent.calls).toHaveLength(1);
  });

  it('falls back to body and attachment content, checking each returned format', async () => {
    const contents: Record<string, { format: string; content: string }> = {
      a1: { format: 'base64', content: Buffer.from('%PDF-1.4').toString('base64') },
      a2: { format: 'eml', content: 'Subject: Weitergeleitet – Grüße\r\n\r\nText' },
      a3: { format: 'iCalendar', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' },
      a4: { format: 'url', content: 'https://onedrive.example/file' },
    };
    const getAttachmentContentAsync = (id: string, cb: (r: unknown) => void) =>
      setTimeout(() => cb({ status: 'succeeded', value: contents[id] }), 0);
    const office = installOutlook({
      supported: ['1.5', '1.8'],
      item: readItem({
        attachments: [
          { id: 'a1', name: 'angebot.pdf', contentType: 'application/pdf' },
          { id: 'a2', name: 'Weitergeleitet', contentType: 'message/rfc822' },
          { id: 'a3', name: 'termin', contentType: 'text/calendar' },
          { id: 'a4', name: 'cloud.docx', contentType: 'application/octet-stream' },
        ],
        getAttachmentContentAsync,
      }),
    });
    const content = await messageContent(office.context.mailbox.item);
    expect(office.context.mailbox.item.getAsFileAsync.calls).toHaveLength(0);
    expect(content.kind).toBe('structured');
    const email = (content as { email: StructuredEmail }).email;
    expect(email).toMatchObject({
      messageId: '<m1@kunde.example>',
      inReplyTo: '<m0@akte.example>',
      subject: 'Angebot',
      from: { address: 'kim@kunde.example', name: 'Kim Kunde' },
      html: '<p>Hallo</p>',
      date: '2025-03-04T10:00:00.000Z',
    });
    const attachments = email.attachments ?? [];
    expect(attachments.map((a) => [a.name, a.mediaType])).toEqual([
      ['angebot.pdf', 'application/pdf'],
      ['Weitergeleitet.eml', 'message/rfc822'],
      ['termin.ics', 'text/calendar'],
    ]);
    expect(Buffer.from(attachments[1].contentBase64, 'base64').toString('utf8')).toBe(contents.a2.content);
  });
});

describe('the Outlook MailHost', () => {
  it('reports no item for compose forms and no selection without Mailbox 1.13', async () => {
    installOutlook({ supported: ['1.5'], item: readItem({ itemType: 'appointment' }) });
    const host = outlookHost();
    expect(await host.currentItem()).toBeNull();
    expect(host.supportsMultiSelect()).toBe(false);
    expect(await host.selectedItems()).toEqual([]);
  });

  it('reads selected messages one by one with loadItemByIdAsync and unloads each (Mailbox 1.13 + 1.15)', async () => {
    const unloadAsync = asyncMethod(ok(undefined));
    const loadItemByIdAsync = asyncMethod(ok({ ...readItem(), unloadAsync }));
    installOutlook({
      mailbox: {
        getSelectedItemsAsync: asyncMethod(
          ok([
            { itemId: 'id-1', subject: 'Eins', itemType: 'Message' },
            { itemId: 'id-2', subject: 'Termin', itemType: 'Appointment' },
            { itemId: 'id-3', subject: 'Drei', itemType: 'Message' },
          ]),
        ),
        loadItemByIdAsync,
      },
    });
    const host = outlookHost();
    expect(host.supportsMultiSelect()).toBe(true);
    expect(await host.selectedItems()).toEqual([
      { itemId: 'id-1', subject: 'Eins' },
      { itemId: 'id-3', subject: 'Drei' },
    ]);
    const content = await host.selectedContent('id-3');
    expect(content.kind).toBe('raw');
    expect(loadItemByIdAsync.calls[0][0]).toBe('id-3');
    expect(unloadAsync.calls).toHaveLength(1);
  });

  it('names the device after the platform and mailbox', () => {
    installOutlook();
    expect(outlookHost().deviceName()).toBe('Web – otto@akte.example');
  });
});

describe('thread headers', () => {
  it('reads folded References and ignores text around msg-ids (RFC 5322 §3.6.4)', () => {
    expect(threadHeadersOf('in-reply-to: Kim <a@b>\r\nreferences: <r1@x>\r\n\t<r2@x> (comment)\r\nSubject: x')).toEqual(
      {
        inReplyTo: '<a@b>',
        references: ['<r1@x>', '<r2@x>'],
      },
    );
    expect(threadHeadersOf('Subject: x')).toEqual({ inReplyTo: null, references: [] });
  });
});
