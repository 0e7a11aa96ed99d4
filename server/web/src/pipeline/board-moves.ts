import type { Lead } from '../../../../core/src/api-client';

/**
 * Cards moved on the board whose move the server has not confirmed yet: shown in the target column at once, back
 * in their own column when the server refuses (the "snap back"). Pure.
 */
export type PendingMoves = ReadonlyMap<number, { lead: Lead; stageId: number }>;

/** The cards a column shows: its loaded leads without those moving away, plus those moving in. */
export function cardsOfColumn(stageId: number, loaded: readonly Lead[], moves: PendingMoves): Lead[] {
  const staying = loaded.filter((lead) => {
    const move = moves.get(lead.id);
    return !move || move.stageId === stageId;
  });
  const arriving = [...moves.values()]
    .filter((move) => move.stageId === stageId && !staying.some((lead) => lead.id === move.lead.id))
    .map((move) => ({ ...move.lead, stageId }));
  return [...arriving, ...staying];
}

export const columnId = (stageId: number) => `stage-${stageId}`;

export function stageOfColumn(id: string | number | undefined | null): number | null {
  const match = /^stage-(\d+)$/.exec(String(id ?? ''));
  return match ? Number(match[1]) : null;
}
