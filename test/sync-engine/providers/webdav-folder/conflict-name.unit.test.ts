import { conflictCopyName } from '../../../../sync-engine/src/providers/webdav-folder/conflict-name';
import { ifMatchValue } from '../../../../sync-engine/src/providers/webdav-folder/etags';

describe('conflictCopyName (issue #11 item 15: both versions kept)', () => {
  const at = new Date('2026-12-06T23:09:41Z');
  it('keeps the extension and names the minute, without colons', () => {
    expect(conflictCopyName('Angebot.pdf', at, () => false)).toBe('Angebot (conflict 2026-12-06 23-09).pdf');
    expect(conflictCopyName('README', at, () => false)).toBe('README (conflict 2026-12-06 23-09)');
    expect(conflictCopyName('.profile', at, () => false)).toBe('.profile (conflict 2026-12-06 23-09)');
    // In a sub-folder: the file's extension, not a dot in a folder's name.
    expect(conflictCopyName('Belege.2026/Quittung', at, () => false)).toBe(
      'Belege.2026/Quittung (conflict 2026-12-06 23-09)',
    );
    expect(conflictCopyName('Belege/.env', at, () => false)).toBe('Belege/.env (conflict 2026-12-06 23-09)');
    expect(conflictCopyName('Belege/a.txt', at, () => false)).toBe('Belege/a (conflict 2026-12-06 23-09).txt');
  });
  it('counts on when that name is taken', () => {
    const taken = new Set(['a (conflict 2026-12-06 23-09).txt', 'a (conflict 2026-12-06 23-09 2).txt']);
    expect(conflictCopyName('a.txt', at, (n) => taken.has(n))).toBe('a (conflict 2026-12-06 23-09 3).txt');
  });
});

describe('ifMatchValue', () => {
  it('sends the strong form of a weak tag (RFC 7232 §3.1 compares strongly)', () => {
    expect(ifMatchValue('W/"5-661f"')).toBe('"5-661f"');
    expect(ifMatchValue('"5-661f"')).toBe('"5-661f"');
  });
});
