import { unionMs } from './phase-clock';

describe('unionMs', () => {
  it('counts overlapping and touching intervals once, and nothing for none', () => {
    expect(unionMs([])).toBe(0);
    expect(unionMs([[0, 10]])).toBe(10);
    expect(
      unionMs([
        [5, 15],
        [0, 10],
        [20, 25],
        [15, 16],
      ]),
    ).toBe(21);
  });
});
