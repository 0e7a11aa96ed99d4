import { refuseMarkLost, refuseStageMove } from '../../../server/src/domain/leads/closing';

describe('closing rules', () => {
  it('marks lost only what is not won (a won opportunity is reopened first)', () => {
    expect(refuseMarkLost(7, 'open')).toBeNull();
    expect(refuseMarkLost(7, 'won')).toEqual({
      code: 'won_not_reopened',
      message: 'Lead 7 is won: restore it to the open pipeline before marking it lost',
    });
  });

  it('keeps a lost lead out of won stages, and lets everything else move', () => {
    expect(refuseStageMove(3, 'lost', { isWon: true })?.code).toBe('lost_not_restored');
    expect(refuseStageMove(3, 'lost', { isWon: false })).toBeNull();
    expect(refuseStageMove(3, 'lost', null)).toBeNull();
    expect(refuseStageMove(3, 'open', { isWon: true })).toBeNull();
    expect(refuseStageMove(3, 'won', { isWon: false })).toBeNull();
  });
});
