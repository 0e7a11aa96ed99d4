import type { Actor } from '../../../server/src/access/actor';
import { partnerVisibilityKey } from '../../../server/src/access/policy';

const actor = (userId: number, role: Actor['role'], teamIds: number[] = []): Actor => ({
  userId,
  email: `u${userId}@example.test`,
  name: `U${userId}`,
  role,
  teamIds,
});

describe('partnerVisibilityKey', () => {
  it('is shared by everyone who sees every partner', () => {
    expect(partnerVisibilityKey(actor(1, 'all'))).toBe(partnerVisibilityKey(actor(2, 'admin')));
  });

  it('differs between own-records users, and from everyone who sees every partner', () => {
    const keys = new Set([actor(1, 'own'), actor(2, 'own'), actor(1, 'all')].map(partnerVisibilityKey));
    expect(keys.size).toBe(3);
  });

  it('changes with the role of the same user', () => {
    expect(partnerVisibilityKey(actor(1, 'own'))).not.toBe(partnerVisibilityKey(actor(1, 'admin')));
  });
});
