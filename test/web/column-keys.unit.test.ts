import { nextColumnPosition } from '../../server/web/src/pipeline/column-keys';

describe('keyboard moves on the kanban board', () => {
  // Three columns 256 px wide with 12 px gaps; the card sits in the middle column.
  const columns = [
    { left: 292, top: 100, width: 256 },
    { left: 24, top: 100, width: 256 },
    { left: 560, top: 100, width: 256 },
  ];
  const card = { left: 302, top: 300, width: 236 };

  it('jumps to the top of the neighbouring column, centred', () => {
    expect(nextColumnPosition('ArrowRight', card, columns)).toEqual({ x: 570, y: 156 });
    expect(nextColumnPosition('ArrowLeft', card, columns)).toEqual({ x: 34, y: 156 });
  });

  it('stays at the edges and leaves other keys to the default steps', () => {
    expect(nextColumnPosition('ArrowLeft', { ...card, left: 34 }, columns)).toBeNull();
    expect(nextColumnPosition('ArrowRight', { ...card, left: 570 }, columns)).toBeNull();
    expect(nextColumnPosition('ArrowDown', card, columns)).toBeNull();
  });
});
