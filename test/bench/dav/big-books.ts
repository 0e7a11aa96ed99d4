import type { Sequelize } from 'sequelize';
import { insertRows } from '../seed-rows';
import { currentRevision } from '../../../server/src/domain/changes/service';
import type { AkteServer } from './akte-server';
import { davFetch, expectStatus, median } from './client';
import { benchCard, propfindSyncToken, responsesOf, syncCollection, syncTokenOf } from './payloads';

/**
 * Akte only: does an incremental sync cost the same in a 10,000- and a 100,000-card address book? The books are
 * seeded with bulk SQL (partners + one email each + the change rows recordChange would have left, revisions
 * continuing the counter, which is set to the last one), then each round takes the current sync-token, edits 10
 * cards over CardDAV and times the sync-collection REPORT that returns those 10 changes.
 */
const ROUNDS = 5;
const uidOf = (id: number) => `bench-card-${id}`;

export async function seedAddressBook(sequelize: Sequelize, ownerId: number, size: number): Promise<void> {
  const base = await currentRevision(sequelize);
  const [[{ maxId }]] = (await sequelize.query('SELECT COALESCE(MAX(id), 0) AS maxId FROM partners')) as unknown as [
    [{ maxId: number | string }],
  ];
  const first = Number(maxId) + 1;
  const now = new Date();
  await insertRows(
    sequelize,
    'partners',
    [
      'id',
      'uid',
      'is_company',
      'name',
      'category',
      'salesperson_id',
      'created_by_id',
      'contact_count',
      'archived',
      'revision',
      'created_at',
      'updated_at',
    ],
    size,
    (i) => [
      first + i,
      uidOf(first + i),
      false,
      `Kontakt ${first + i}`,
      'customer',
      ownerId,
      ownerId,
      0,
      false,
      base + i + 1,
      now,
      now,
    ],
  );
  await insertRows(
    sequelize,
    'partner_emails',
    ['partner_id', 'email', 'email_normalized', 'type', 'position'],
    size,
    (i) => {
      const email = `kontakt${first + i}@bench.example`;
      return [first + i, email, email, 'work', 0];
    },
  );
  await insertRows(
    sequelize,
    'changes',
    ['revision', 'collection', 'entity', 'entity_id', 'uid', 'deleted', 'changed_at'],
    size,
    (i) => [base + i + 1, 'partners', 'partner', first + i, uidOf(first + i), false, now],
  );
  await sequelize.query('UPDATE revision_counter SET value = :value WHERE id = 1', {
    replacements: { value: base + size },
  });
}

export async function timeIncrementalSync(akte: AkteServer, size: number): Promise<{ ms: number; note: string }> {
  const book = `/dav/addressbooks/${akte.user}/customers/`;
  const times: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const props = expectStatus(
      'PROPFIND sync-token',
      await davFetch(akte, 'PROPFIND', book, propfindSyncToken, { Depth: '0' }),
      207,
    );
    const token = syncTokenOf(props.text);
    if (!token) throw new Error('no sync-token on the address book');
    for (let k = 0; k < 10; k++) {
      const id = 1 + Math.floor((k * size) / 10) + round;
      const edit = await davFetch(akte, 'PUT', `${book}${uidOf(id)}.vcf`, benchCard(id, uidOf(id), round), {
        'Content-Type': 'text/vcard; charset=utf-8',
      });
      expectStatus('PUT edit', edit, 201, 204);
    }
    const answer = expectStatus(
      'sync-collection',
      await davFetch(akte, 'REPORT', book, syncCollection(token), { Depth: '1' }),
      207,
    );
    const changed = responsesOf(answer.text).length;
    if (changed !== 10) throw new Error(`incremental sync returned ${changed} changes, not 10`);
    times.push(answer.ms);
  }
  return { ms: median(times), note: `median of ${ROUNDS} rounds, ${size} cards` };
}
