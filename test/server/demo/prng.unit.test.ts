import { SeededRandom } from '../../../server/src/demo/prng';

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(new SeededRandom(43).next()).not.toBe(seqA[0]);
  });

  it('stays within bounds', () => {
    const r = new SeededRandom(7);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
    expect(r.digits(8)).toMatch(/^\d{8}$/);
  });

  it('makes UUID-shaped identifiers', () => {
    expect(new SeededRandom(1).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
