import { Activity } from '../../../server/src/domain/activities/model';
import { Calendar, CalendarEvent, EventAttendee } from '../../../server/src/domain/calendar/model';
import { changesSince, currentRevision } from '../../../server/src/domain/changes/service';
import { collections } from '../../../server/src/domain/changes/collections';
import { DocumentRecord } from '../../../server/src/domain/documents/model';
import { Trace } from '../../../server/src/domain/history/model';
import { Lead } from '../../../server/src/domain/leads/model';
import { Message, MessageLink } from '../../../server/src/domain/messages/model';
import { Partner, PartnerEmail, PartnerPhone, PartnerTag } from '../../../server/src/domain/partners/model';
import { Tag } from '../../../server/src/domain/pipeline/model';
import { createTestEnv, TestEnv } from '../../support/test-env';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const api = '/api/v1/partners';
let messageSeq = 0;

async function message(subject: string, sentAt = new Date()): Promise<Message> {
  messageSeq += 1;
  const id = `<m${messageSeq}@merge.test>`;
  return Message.create({
    messageId: id,
    messageIdHash: String(messageSeq).padStart(64, '0'),
    sentAt,
    subject,
    inReplyTo: null,
    referencesHeader: null,
    fromAddress: 'sender@merge.test',
    fromName: null,
    bodyText: 'body',
    bodyHtml: null,
    authorUserId: null,
  });
}

describe('merging partners', () => {
  it('moves every record of the duplicate onto the kept partner, then deletes it with a tombstone', async () => {
    const tagA = await Tag.create({ name: 'A' });
    const tagB = await Tag.create({ name: 'B' });
    const keep = await env
      .as('all')
      .post(api)
      .send({
        name: 'Eva Berg',
        emails: [{ email: 'eva@berg.test' }],
        phones: [{ number: '030 1234 5678' }],
        tagIds: [tagA.id],
      });
    const dup = await env
      .as('all')
      .post(api)
      .send({
        name: 'E. Berg',
        jobTitle: 'CEO',
        emails: [{ email: 'EVA@berg.test' }, { email: 'eva.private@mail.test', type: 'home' }],
        phones: [{ number: '+49 30 12345678' }, { number: '0171 999 888 7', type: 'mobile' }],
        tagIds: [tagA.id, tagB.id],
      });
    const keepId: number = keep.body.id;
    const dupId: number = dup.body.id;
    await env.as('all').post(`${api}/${dupId}/log-contact`).send({ channel: 'call' });

    const lead = await Lead.create({ name: 'Deal', partnerId: dupId });
    const shared = await message('on both');
    const only = await message('only duplicate');
    await MessageLink.bulkCreate([
      { messageId: shared.id, recordType: 'partner', recordId: keepId, linkedById: null },
      { messageId: shared.id, recordType: 'partner', recordId: dupId, linkedById: null },
      { messageId: only.id, recordType: 'partner', recordId: dupId, linkedById: null },
    ]);
    const doc = await DocumentRecord.create({
      uid: 'doc-merge-1',
      recordType: 'partner',
      recordId: dupId,
      name: 'offer.pdf',
      mediaType: 'application/pdf',
      size: 10,
      sha256: 'a'.repeat(64),
      messageId: null,
      createdById: null,
    });
    const activity = await Activity.create({
      uid: 'act-merge-1',
      kind: 'call',
      summary: 'Call back',
      recordType: 'partner',
      recordId: dupId,
      partnerId: dupId,
      assignedUserId: env.users.all.id,
      note: null,
      dueDate: null,
      dueTime: null,
      createdById: null,
      doneAt: null,
      callDirection: null,
      callDurationSeconds: null,
      callOutcome: null,
    });
    const calendar = await Calendar.create({
      name: 'Team',
      ownerUserId: env.users.all.id,
      teamId: null,
      color: null,
      description: null,
      timezone: null,
    });
    const event = await CalendarEvent.create({
      calendarId: calendar.id,
      uid: 'ev-merge-1',
      title: 'Visit',
      startsAt: new Date('2030-01-01T10:00:00Z'),
      endsAt: new Date('2030-01-01T11:00:00Z'),
      timezone: null,
      rrule: null,
      location: null,
      description: null,
      organizerUserId: env.users.all.id,
      recordType: null,
      recordId: null,
      partnerId: dupId,
      createdById: null,
    });
    const attendee = await EventAttendee.create({
      eventId: event.id,
      userId: null,
      partnerId: dupId,
      email: null,
      name: null,
    });
    const contact = await Partner.create({ uid: 'contact-merge', name: 'Contact', companyId: dupId });
    const referred = await Partner.create({ uid: 'referred-merge', name: 'Referred', referredById: dupId });
    const since = await currentRevision(env.sequelize);

    const res = await env.as('all').post(`${api}/${keepId}/merge`).send({ duplicateId: dupId });
    expect(res.status).toBe(200);
    expect(res.body.moved).toEqual({
      leads: 1,
      messages: 1,
      documents: 1,
      activities: 1,
      events: 2,
      contacts: 1,
      traces: 2,
    });
    expect(res.body.partner).toMatchObject({
      id: keepId,
      name: 'Eva Berg',
      jobTitle: 'CEO',
      contactCount: 1,
      emails: [
        { email: 'eva@berg.test', type: 'work' },
        { email: 'eva.private@mail.test', type: 'home' },
      ],
      phones: [
        { number: '030 1234 5678', type: 'work' },
        { number: '0171 999 888 7', type: 'mobile' },
      ],
      tagIds: [tagA.id, tagB.id],
    });
    expect(res.body.partner.lastContactAt).not.toBeNull();

    expect(await Partner.findByPk(dupId)).toBeNull();
    expect(await PartnerEmail.count({ where: { partnerId: dupId } })).toBe(0);
    expect(await PartnerPhone.count({ where: { partnerId: dupId } })).toBe(0);
    expect(await PartnerTag.count({ where: { partnerId: dupId } })).toBe(0);
    expect((await lead.reload()).partnerId).toBe(keepId);
    const links = await MessageLink.findAll({ where: { recordType: 'partner' }, order: [['messageId', 'ASC']] });
    expect(links.map((l) => [Number(l.messageId), l.recordId])).toEqual([
      [Number(shared.id), keepId],
      [Number(only.id), keepId],
    ]);
    expect((await doc.reload()).recordId).toBe(keepId);
    await activity.reload();
    expect([activity.recordId, activity.partnerId]).toEqual([keepId, keepId]);
    expect((await event.reload()).partnerId).toBe(keepId);
    expect((await attendee.reload()).partnerId).toBe(keepId);
    expect((await contact.reload()).companyId).toBe(keepId);
    expect((await referred.reload()).referredById).toBe(keepId);
    expect(await Trace.count({ where: { partnerId: dupId } })).toBe(0);
    const merge = await Trace.findOne({ where: { partnerId: keepId, action: 'merge' } });
    expect(merge?.changes).toMatchObject({ duplicateId: dupId, duplicateName: 'E. Berg' });

    const feed = await changesSince(env.sequelize, collections.partners(), since);
    expect(feed.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entityId: dupId, deleted: true }),
        expect.objectContaining({ entityId: keepId, deleted: false }),
        expect.objectContaining({ entityId: contact.id, deleted: false }),
      ]),
    );
    const docFeed = await changesSince(env.sequelize, collections.documents(), since);
    expect(docFeed.changes).toEqual([expect.objectContaining({ entityId: doc.id, deleted: false })]);
    const eventFeed = await changesSince(env.sequelize, collections.calendar(calendar.id), since);
    expect(eventFeed.changes).toEqual([expect.objectContaining({ entityId: event.id, deleted: false })]);
  });

  it('refuses to merge a partner into itself, or an invisible duplicate, and changes nothing', async () => {
    const mine = await env.as('own').post(api).send({ name: 'Mine' });
    const theirs = await env.as('own2').post(api).send({ name: 'Theirs' });
    const self = await env.as('own').post(`${api}/${mine.body.id}/merge`).send({ duplicateId: mine.body.id });
    expect(self.status).toBe(400);
    expect(self.body.error.fields.duplicateId).toBeDefined();
    const hidden = await env.as('own').post(`${api}/${mine.body.id}/merge`).send({ duplicateId: theirs.body.id });
    expect(hidden.status).toBe(400);
    expect(await Partner.findByPk(theirs.body.id)).not.toBeNull();
    const missing = await env.as('own').post(`${api}/${mine.body.id}/merge`).send({});
    expect(missing.status).toBe(400);
    const notMine = await env.as('own').post(`${api}/${theirs.body.id}/merge`).send({ duplicateId: mine.body.id });
    expect(notMine.status).toBe(404);
    expect(await Partner.findByPk(mine.body.id)).not.toBeNull();
  });

  it("takes the fields chosen side by side from the duplicate; the company's contact persons follow its new name", async () => {
    const own = env.as('own');
    const keep = await own
      .post(api)
      .send({ name: 'Mueller GmbH', isCompany: true, website: 'old.example', sourceCategory: 'Messe' });
    const duplicate = await own
      .post(api)
      .send({ name: 'Müller GmbH', isCompany: true, website: 'mueller.example', sourceCategory: 'Website' });
    const contact = await own.post(api).send({ name: 'Paul Person', companyId: keep.body.id });
    const since = await currentRevision(env.sequelize);
    const res = await own
      .post(`${api}/${keep.body.id}/merge`)
      .send({ duplicateId: duplicate.body.id, take: ['name', 'website'] });
    expect(res.status).toBe(200);
    // Chosen: the duplicate's name and website; not chosen: the kept source stays.
    expect(res.body.partner).toMatchObject({
      name: 'Müller GmbH',
      website: 'mueller.example',
      sourceCategory: 'Messe',
    });
    const feed = await changesSince(env.sequelize, collections.partners(), since);
    expect(feed.changes.map((change: { entityId: number }) => change.entityId)).toEqual(
      expect.arrayContaining([keep.body.id, contact.body.id]),
    );
    const bad = await own.post(`${api}/${keep.body.id}/merge`).send({ duplicateId: contact.body.id, take: ['emails'] });
    expect(bad.status).toBe(400);
    expect(await Partner.findByPk(contact.body.id)).not.toBeNull();
  });
});
