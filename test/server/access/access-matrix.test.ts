import { randomUUID } from 'node:crypto';
import { createTestEnv, TestEnv, TestUserKey } from '../../support/test-env';
import { Partner } from '../../../server/src/domain/partners/model';
import { Lead } from '../../../server/src/domain/leads/model';
import { Activity } from '../../../server/src/domain/activities/model';
import { Calendar, CalendarEvent } from '../../../server/src/domain/calendar/model';
import { Message, MessageLink } from '../../../server/src/domain/messages/model';
import { DocumentRecord } from '../../../server/src/domain/documents/model';
import { Stage, LostReason } from '../../../server/src/domain/pipeline/model';
import { Team } from '../../../server/src/domain/users/model';

/**
 * The access-rights matrix, over the REST API: role × resource × action.
 * Records are seeded through the models, owned by `owner`; each role then lists, reads, updates and deletes them.
 * - own-records users see/edit only their own records; someone else's record is invisible (list excludes it, 404);
 * - all-records users and administrators see/edit everything;
 * - configuration (stages, lost reasons, teams, users) is readable by all and writable by administrators only.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

type Owner = 'own' | 'own2';
const roles: TestUserKey[] = ['own', 'all', 'admin'];

interface RecordResource {
  name: string;
  seed(owner: Owner): Promise<number>;
  readPath(id: number): string;
  listPath(id: number): string;
  update?: { body: Record<string, unknown> };
  deletable: boolean;
}

const userId = (key: Owner) => env.users[key].id;

async function seedLead(owner: Owner): Promise<number> {
  const lead = await Lead.create({
    name: `Deal ${randomUUID()}`,
    type: 'opportunity',
    salespersonId: userId(owner),
    createdById: userId(owner),
  } as never);
  return lead.id;
}

async function seedCalendar(owner: Owner): Promise<number> {
  const calendar = await Calendar.create({ name: `Cal ${owner} ${randomUUID()}`, ownerUserId: userId(owner) } as never);
  return calendar.id;
}

const resources: RecordResource[] = [
  {
    name: 'partner',
    seed: async (owner) =>
      (
        await Partner.create({
          uid: randomUUID(),
          name: `P ${randomUUID()}`,
          salespersonId: userId(owner),
          createdById: userId(owner),
        } as never)
      ).id,
    readPath: (id) => `/api/v1/partners/${id}`,
    listPath: () => '/api/v1/partners?limit=500',
    update: { body: { name: 'Renamed partner' } },
    deletable: true,
  },
  {
    name: 'lead',
    seed: seedLead,
    readPath: (id) => `/api/v1/leads/${id}`,
    listPath: () => '/api/v1/leads?limit=500&type=opportunity',
    update: { body: { name: 'Renamed deal' } },
    deletable: true,
  },
  {
    name: 'activity',
    seed: async (owner) =>
      (
        await Activity.create({
          uid: randomUUID(),
          kind: 'task',
          summary: 'Call back',
          assignedUserId: userId(owner),
          createdById: userId(owner),
        } as never)
      ).id,
    readPath: (id) => `/api/v1/activities/${id}`,
    listPath: () => '/api/v1/activities?limit=500',
    update: { body: { summary: 'Call back later' } },
    deletable: true,
  },
  {
    name: 'calendar',
    seed: seedCalendar,
    readPath: (id) => `/api/v1/calendars/${id}`,
    listPath: () => '/api/v1/calendars?limit=500',
    update: { body: { name: 'Renamed calendar' } },
    deletable: true,
  },
  {
    name: 'event',
    seed: async (owner) => {
      const calendarId = await seedCalendar(owner);
      const start = new Date('2026-12-01T10:00:00Z');
      const event = await CalendarEvent.create({
        calendarId,
        uid: randomUUID(),
        title: 'Meeting',
        startsAt: start,
        endsAt: new Date(start.getTime() + 3600_000),
        organizerUserId: userId(owner),
        createdById: userId(owner),
      } as never);
      return event.id;
    },
    readPath: (id) => `/api/v1/events/${id}`,
    listPath: () => '/api/v1/events?limit=500',
    update: { body: { title: 'Moved meeting' } },
    deletable: true,
  },
  {
    name: 'message',
    seed: async (owner) => {
      const leadId = await seedLead(owner);
      const messageId = `<${randomUUID()}@example.test>`;
      const { createHash } = await import('node:crypto');
      const message = await Message.create({
        messageId,
        messageIdHash: createHash('sha256').update(messageId).digest('hex'),
        sentAt: new Date(),
        subject: 'Offer',
        fromAddress: 'kunde@example.test',
        inReplyTo: null,
        referencesHeader: null,
        fromName: null,
        bodyText: 'Hello',
        bodyHtml: null,
        authorUserId: null,
      } as never);
      await MessageLink.create({
        messageId: message.id,
        recordType: 'lead',
        recordId: leadId,
        linkedById: userId(owner),
      } as never);
      return message.id;
    },
    readPath: (id) => `/api/v1/messages/${id}`,
    listPath: () => '',
    deletable: false,
  },
  {
    name: 'document',
    seed: async (owner) => {
      const leadId = await seedLead(owner);
      const content = Buffer.from(`offer ${randomUUID()}`);
      const sha256 = await env.services.blobs.put(content);
      const doc = await DocumentRecord.create({
        uid: randomUUID(),
        recordType: 'lead',
        recordId: leadId,
        name: 'offer.txt',
        mediaType: 'text/plain',
        size: content.length,
        sha256,
        messageId: null,
        createdById: userId(owner),
      } as never);
      return doc.id;
    },
    readPath: (id) => `/api/v1/documents/${id}`,
    listPath: () => '',
    deletable: true,
  },
];

const listedIds = (body: { items?: Array<{ id: number }> } | Array<{ id: number }>) =>
  (Array.isArray(body) ? body : (body.items ?? [])).map((item) => item.id);

describe.each(resources)('$name', (resource) => {
  describe.each(roles)('as %s', (role) => {
    const seesForeign = role !== 'own';

    it(`${seesForeign ? 'reads' : 'cannot read'} someone else's record`, async () => {
      const id = await resource.seed('own2');
      const res = await env.as(role).get(resource.readPath(id));
      expect(res.status).toBe(seesForeign ? 200 : 404);
      if (resource.listPath(id)) {
        const list = await env.as(role).get(resource.listPath(id));
        expect(list.status).toBe(200);
        expect(listedIds(list.body).includes(id)).toBe(seesForeign);
      }
    });

    it('reads its own record', async () => {
      const owner: Owner = role === 'own' ? 'own' : 'own2';
      const id = await resource.seed(owner);
      const res = await env.as(role).get(resource.readPath(id));
      expect(res.status).toBe(200);
    });

    if (resource.update) {
      it(`${seesForeign ? 'updates' : 'cannot update'} someone else's record`, async () => {
        const id = await resource.seed('own2');
        const res = await env.as(role).patch(resource.readPath(id)).send(resource.update!.body);
        expect(res.status).toBe(seesForeign ? 200 : 404);
      });

      if (role === 'own') {
        it('updates its own record', async () => {
          const id = await resource.seed('own');
          const res = await env.as(role).patch(resource.readPath(id)).send(resource.update!.body);
          expect(res.status).toBe(200);
        });
      }
    }

    if (resource.deletable) {
      it(`${seesForeign ? 'deletes' : 'cannot delete'} someone else's record`, async () => {
        const id = await resource.seed('own2');
        const res = await env.as(role).delete(resource.readPath(id));
        if (seesForeign) expect([200, 204]).toContain(res.status);
        else expect(res.status).toBe(404);
        // the record is gone exactly when the delete was allowed
        const after = await env.as('admin').get(resource.readPath(id));
        expect(after.status).toBe(seesForeign ? 404 : 200);
      });
    }
  });
});

interface ConfigResource {
  name: string;
  path: string;
  create: () => Record<string, unknown>;
  seed: () => Promise<number>;
  update: Record<string, unknown>;
}

const configResources: ConfigResource[] = [
  {
    name: 'stage',
    path: '/api/v1/stages',
    create: () => ({ name: `Stage ${randomUUID().slice(0, 8)}`, probability: 40 }),
    seed: async () => (await Stage.create({ name: `S ${randomUUID()}` } as never)).id,
    update: { name: 'Renamed stage' },
  },
  {
    name: 'lost reason',
    path: '/api/v1/lost-reasons',
    create: () => ({ name: `Too expensive ${randomUUID().slice(0, 8)}` }),
    seed: async () => (await LostReason.create({ name: `L ${randomUUID()}` } as never)).id,
    update: { name: 'Renamed reason' },
  },
  {
    name: 'team',
    path: '/api/v1/teams',
    create: () => ({ name: `Team ${randomUUID().slice(0, 8)}` }),
    seed: async () => (await Team.create({ name: `T ${randomUUID()}` } as never)).id,
    update: { name: 'Renamed team' },
  },
  {
    name: 'user',
    path: '/api/v1/users',
    create: () => ({ email: `u-${randomUUID().slice(0, 8)}@example.test`, name: 'New User', role: 'own' }),
    seed: async () => env.users.own2.id,
    update: { name: 'Olga Renamed' },
  },
];

describe.each(configResources)('configuration: $name', (resource) => {
  describe.each(roles)('as %s', (role) => {
    const admin = role === 'admin';

    it('lists and reads', async () => {
      const id = await resource.seed();
      expect((await env.as(role).get(resource.path)).status).toBe(200);
      expect((await env.as(role).get(`${resource.path}/${id}`)).status).toBe(200);
    });

    it(`${admin ? 'creates' : 'cannot create'}`, async () => {
      const res = await env.as(role).post(resource.path).send(resource.create());
      expect(res.status).toBe(admin ? 201 : 403);
    });

    it(`${admin ? 'updates' : 'cannot update'}`, async () => {
      const id = await resource.seed();
      const res = await env.as(role).patch(`${resource.path}/${id}`).send(resource.update);
      expect(res.status).toBe(admin ? 200 : 403);
    });
  });
});
