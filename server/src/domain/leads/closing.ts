import type { LeadState } from './model';

/** Why a closing step is refused: a conflict code and a message for people. */
export interface ClosingRefusal {
  code: 'won_not_reopened' | 'lost_not_restored';
  message: string;
}

/**
 * Marking lost closes an open lead. A won one is first reopened (restore), as in Odoo, whose form offers "Lost"
 * only on an open opportunity: otherwise it would stay in the won stage with the state lost — counted nowhere
 * sensible, and restored to the first stage because a won stage is no place for an open lead. Pure.
 */
export function refuseMarkLost(id: number, state: LeadState): ClosingRefusal | null {
  if (state !== 'won') return null;
  return {
    code: 'won_not_reopened',
    message: `Lead ${id} is won: restore it to the open pipeline before marking it lost`,
  };
}

/**
 * A lost lead keeps its stage so that restore puts it back where it was; it may move between open stages, but not
 * into a won stage, which would win it without a restore and leave restore nowhere to return to. Pure.
 */
export function refuseStageMove(
  id: number,
  state: LeadState,
  target: { isWon: boolean } | null,
): ClosingRefusal | null {
  if (state !== 'lost' || !target?.isWon) return null;
  return {
    code: 'lost_not_restored',
    message: `Lead ${id} is lost: restore it before moving it to a won stage`,
  };
}
