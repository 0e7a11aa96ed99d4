import {
  CREATE_BATCH,
  emptyCreateQueue,
  enqueueCreate,
  mustFlushBefore,
} from '../../../sync-engine/src/engine/create-batch';
import type { IdentityKeys } from '../../../sync-engine/src/engine/identity';
import type { CrmCreate } from '../../../sync-engine/src/engine/storage-port';

const keys = (over: Partial<IdentityKeys>): IdentityKeys => ({ uid: null, emails: [], phones: [], name: '', ...over });
const create = (uid: string): CrmCreate => ({
  uid,
  fields: {},
  link: {
    collectionId: '1',
    href: `/b/${uid}.vcf`,
    uid,
    etag: null,
    contentHash: null,
    base: {},
    state: 'synced',
    listedIn: 1,
  },
});

describe('create-batch: when queued first-sync creates must be committed', () => {
  it('an item sharing an e-mail, phone or UID with a queued create waits for the commit', () => {
    const queue = emptyCreateQueue();
    enqueueCreate(queue, create('a'), keys({ uid: 'a', emails: ['anna@berg.de'], phones: ['301234567'] }));
    expect(mustFlushBefore(queue, keys({ emails: ['anna@berg.de'] }))).toBe(true);
    expect(mustFlushBefore(queue, keys({ phones: ['301234567'] }))).toBe(true);
    expect(mustFlushBefore(queue, keys({ uid: 'a' }))).toBe(true);
    expect(mustFlushBefore(queue, keys({ uid: 'b', emails: ['bert@berg.de'], name: 'anna berg' }))).toBe(false);
  });

  it('the UID a record is created with counts even when the item had none (a new one was made)', () => {
    const queue = emptyCreateQueue();
    enqueueCreate(queue, create('made-up'), keys({}));
    expect(mustFlushBefore(queue, keys({ uid: 'made-up' }))).toBe(true);
  });

  it('a full queue is committed before the next item', () => {
    const queue = emptyCreateQueue();
    for (let i = 0; i < CREATE_BATCH - 1; i++) enqueueCreate(queue, create(`u${i}`), keys({ uid: `u${i}` }));
    expect(mustFlushBefore(queue, keys({ uid: 'x' }))).toBe(false);
    enqueueCreate(queue, create('last'), keys({ uid: 'last' }));
    expect(mustFlushBefore(queue, keys({ uid: 'x' }))).toBe(true);
  });
});
