import type { LeadState } from './model';

/**
 * Odoo's rule for a lead's win probability: it follows the stage until a person sets it by hand; a closed lead
 * is certain (won = 100, lost = 0) whatever the stage says.
 */
export function probabilityFor(lead: {
  state: LeadState;
  manual: boolean;
  current: number;
  stageProbability: number | null;
}): number {
  if (lead.state === 'won') return 100;
  if (lead.state === 'lost') return 0;
  if (lead.manual || lead.stageProbability === null) return lead.current;
  return lead.stageProbability;
}

/**
 * Whether a change makes the probability manual: sending a probability pins it, unless the same request says
 * `probabilityManual: false` (back to automatic); otherwise the record keeps its current mode.
 */
export function manualAfterChange(
  change: { probability?: number; probabilityManual?: boolean },
  currentlyManual: boolean,
): boolean {
  if (change.probabilityManual !== undefined) return change.probabilityManual;
  if (change.probability !== undefined) return true;
  return currentlyManual;
}

/**
 * The state after moving a lead to another stage: entering a "won" stage wins an open lead (Odoo's kanban
 * drag-to-won), leaving it re-opens a won one; a lost lead stays lost until it is restored.
 */
export function stateAfterStageMove(state: LeadState, target: { isWon: boolean } | null): LeadState {
  if (state === 'lost') return 'lost';
  const won = target?.isWon ?? false;
  if (won) return 'won';
  return state === 'won' ? 'open' : state;
}
