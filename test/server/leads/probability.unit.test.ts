import { manualAfterChange, probabilityFor, stateAfterStageMove } from '../../../server/src/domain/leads/probability';

describe('probabilityFor', () => {
  it('follows the stage for an open automatic lead', () => {
    expect(probabilityFor({ state: 'open', manual: false, current: 12, stageProbability: 40 })).toBe(40);
  });
  it('keeps a manual probability whatever the stage says', () => {
    expect(probabilityFor({ state: 'open', manual: true, current: 12, stageProbability: 40 })).toBe(12);
  });
  it('keeps the current value when the lead has no stage', () => {
    expect(probabilityFor({ state: 'open', manual: false, current: 12, stageProbability: null })).toBe(12);
  });
  it('is certain for closed leads', () => {
    expect(probabilityFor({ state: 'won', manual: true, current: 12, stageProbability: 40 })).toBe(100);
    expect(probabilityFor({ state: 'lost', manual: false, current: 12, stageProbability: 40 })).toBe(0);
  });
});

describe('manualAfterChange', () => {
  it('pins the probability when one is sent', () => {
    expect(manualAfterChange({ probability: 70 }, false)).toBe(true);
  });
  it('returns to automatic when asked, even with a probability in the same request', () => {
    expect(manualAfterChange({ probability: 70, probabilityManual: false }, true)).toBe(false);
  });
  it('keeps the current mode otherwise', () => {
    expect(manualAfterChange({}, true)).toBe(true);
    expect(manualAfterChange({}, false)).toBe(false);
  });
});

describe('stateAfterStageMove', () => {
  it('wins an open lead entering a won stage and re-opens a won lead leaving it', () => {
    expect(stateAfterStageMove('open', { isWon: true })).toBe('won');
    expect(stateAfterStageMove('won', { isWon: false })).toBe('open');
    expect(stateAfterStageMove('won', null)).toBe('open');
  });
  it('leaves lost leads lost and open leads open', () => {
    expect(stateAfterStageMove('lost', { isWon: true })).toBe('lost');
    expect(stateAfterStageMove('open', { isWon: false })).toBe('open');
  });
});
