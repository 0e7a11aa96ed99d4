/**
 * Keyboard moves on the board jump whole columns: ArrowRight/ArrowLeft put the lifted card at the top of the next
 * column to the right/left (dnd-kit's default moves 25 px per key press, a dozen presses per column). Returns the
 * card's new top-left corner in viewport coordinates, or null at the board's edge or for other keys. Pure.
 */
export interface Box {
  left: number;
  top: number;
  width: number;
}

/** Below the column header (stage name and totals), so the card overlaps the column's list. */
const BELOW_HEADER = 56;

export function nextColumnPosition(key: string, card: Box, columns: readonly Box[]): { x: number; y: number } | null {
  if (key !== 'ArrowRight' && key !== 'ArrowLeft') return null;
  const centre = card.left + card.width / 2;
  const sorted = [...columns].sort((a, b) => a.left - b.left);
  const target =
    key === 'ArrowRight'
      ? sorted.find((column) => column.left > centre)
      : sorted.reverse().find((column) => column.left + column.width < centre);
  if (!target) return null;
  return { x: target.left + (target.width - card.width) / 2, y: target.top + BELOW_HEADER };
}
