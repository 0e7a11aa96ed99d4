import type { CrmDocument, DocumentLink } from '../../../sync-engine/src/engine/documents/document-port';
import { fileContentHash, sameVersionTag } from '../../../sync-engine/src/engine/documents/file-hash';
import {
  decideLinked,
  deletionsOf,
  lookOf,
  pairRenamedByHash,
  planFolder,
  type ListedFile,
} from '../../../sync-engine/src/engine/documents/plan-folder';
import { folderDepthOf, holdOutOfReach, inReach } from '../../../sync-engine/src/engine/documents/out-of-reach';

const file = (name: string, etag: string | null = '"e1"', size: number | null = 3): ListedFile => ({
  name,
  href: `/dav/Partner%201/${encodeURIComponent(name)}`,
  etag,
  size,
});
const doc = (id: string, name: string, contentHash = 'h1'): CrmDocument => ({
  id,
  recordKey: 'partner:1',
  name,
  contentType: 'text/plain',
  contentHash,
  revision: 1,
});
const link = (documentId: string, name: string, extra: Partial<DocumentLink> = {}): DocumentLink => ({
  collectionId: 'docs',
  recordKey: 'partner:1',
  documentId,
  href: `/dav/Partner%201/${encodeURIComponent(name)}`,
  name,
  etag: '"e1"',
  size: 3,
  contentHash: 'h1',
  documentRevision: 1,
  state: 'synced',
  ...extra,
});

describe('planFolder: one record folder against its links and documents', () => {
  it('sorts new remote files, new CRM documents, same-name pairs and linked files', () => {
    const steps = planFolder(
      [file('new-remote.pdf'), file('both.txt'), file('linked.txt')],
      [link('d1', 'linked.txt')],
      [doc('d1', 'linked.txt'), doc('d2', 'both.txt'), doc('d3', 'new-crm.txt')],
    );
    expect(steps.map((s) => s.kind).sort()).toEqual(['linked', 'pair', 'pull-new', 'push-new']);
    expect(steps.find((s) => s.kind === 'linked')).toMatchObject({ remote: 'unchanged', document: { id: 'd1' } });
    expect(steps.find((s) => s.kind === 'pair')).toMatchObject({ document: { id: 'd2' }, file: { name: 'both.txt' } });
  });

  it('matches names as a file manager shows them (NFC: macOS sends decomposed umlauts)', () => {
    const decomposed = 'Mu\u0308ller.txt';
    const steps = planFolder([file(decomposed)], [link('d1', 'Müller.txt')], [doc('d1', 'Müller.txt')]);
    expect(steps).toEqual([expect.objectContaining({ kind: 'linked', remote: 'unchanged' })]);
  });

  it('leaves pending creates to the round start, and a linked file that vanished is absent', () => {
    const steps = planFolder(
      [file('pending.txt')],
      [link('d1', 'pending.txt', { state: 'pending-create' }), link('d2', 'gone.txt')],
      [doc('d1', 'pending.txt'), doc('d2', 'gone.txt')],
    );
    expect(steps).toEqual([expect.objectContaining({ kind: 'linked', remote: 'absent', file: null })]);
  });
});

describe('lookOf: what the listing alone proves', () => {
  it('the same tag (weakly compared, RFC 7232 §2.3.2) and size is unchanged; anything else is checked', () => {
    expect(lookOf(link('d', 'a'), file('a', 'W/"e1"'))).toBe('unchanged');
    expect(lookOf(link('d', 'a'), file('a', '"e2"'))).toBe('check');
    expect(lookOf(link('d', 'a'), file('a', '"e1"', 4))).toBe('check');
    expect(lookOf(link('d', 'a', { etag: null }), file('a', '"e1"'))).toBe('check');
    expect(lookOf(link('d', 'a'), file('a', null))).toBe('check');
    expect(lookOf(link('d', 'a'), null)).toBe('absent');
  });
});

describe('decideLinked: one linked file from three hashes', () => {
  it('one side changed: its bytes go to the other', () => {
    expect(decideLinked('h1', 'h2', 'h1')).toEqual({ kind: 'push', recreate: false });
    expect(decideLinked('h1', 'h1', 'h2')).toEqual({ kind: 'pull', recreate: false });
  });

  it('changed on both sides to different bytes is a conflict (item 15); to the same bytes it is in step', () => {
    expect(decideLinked('h1', 'h2', 'h3')).toEqual({ kind: 'conflict' });
    expect(decideLinked('h1', 'h2', 'h2')).toEqual({ kind: 'in-step' });
  });

  it('a new ETag with the same bytes is no change (no ping-pong)', () => {
    expect(decideLinked('h1', 'h1', 'h1')).toEqual({ kind: 'in-step' });
  });

  it('modify beats delete on either side; an unchanged file follows a deletion', () => {
    expect(decideLinked('h1', null, 'h2')).toEqual({ kind: 'pull', recreate: true });
    expect(decideLinked('h1', 'h2', null)).toEqual({ kind: 'push', recreate: true });
    expect(decideLinked('h1', null, 'h1')).toEqual({ kind: 'delete-remote' });
    expect(decideLinked('h1', 'h1', null)).toEqual({ kind: 'delete-crm' });
    expect(decideLinked('h1', null, null)).toEqual({ kind: 'forget' });
  });
});

describe('deletionsOf: what the guards count before the first write', () => {
  it('counts remote deletions of unchanged documents and CRM deletions of listed files, not modify-beats-delete', () => {
    const steps = planFolder(
      [file('crm-deleted.txt'), file('crm-deleted-remote-edited.txt', '"e9"')],
      [
        link('d1', 'remote-deleted.txt'),
        link('d2', 'remote-deleted-crm-edited.txt'),
        link('d3', 'crm-deleted.txt'),
        link('d4', 'crm-deleted-remote-edited.txt'),
      ],
      [doc('d1', 'remote-deleted.txt'), doc('d2', 'remote-deleted-crm-edited.txt', 'h2')],
    );
    // d4's file must be checked (its tag moved): it may be unchanged, so it counts.
    expect(deletionsOf(steps)).toEqual({ remote: 1, crm: 2 });
  });
});

describe('file-hash', () => {
  it('hashes bytes as the CRM keys its blobs (SHA-256, hex)', () => {
    expect(fileContentHash(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('compares version tags weakly and never vouches for a missing one', () => {
    expect(sameVersionTag('W/"3-1"', '"3-1"')).toBe(true);
    expect(sameVersionTag('"3-1"', '"3-2"')).toBe(false);
    expect(sameVersionTag(null, null)).toBe(false);
  });
});

describe('renames', () => {
  it('a file renamed or moved on the remote (same ETag and size, old name gone) renames the CRM document', () => {
    const steps = planFolder([file('Verträge/neu.txt')], [link('d1', 'alt.txt')], [doc('d1', 'alt.txt')]);
    expect(steps).toEqual([
      expect.objectContaining({
        kind: 'linked',
        remote: 'unchanged',
        file: expect.objectContaining({ name: 'Verträge/neu.txt' }),
        rename: { side: 'crm', to: 'Verträge/neu.txt' },
      }),
    ]);
    expect(deletionsOf(steps)).toEqual({ remote: 0, crm: 0 });
  });

  it('a document renamed in the CRM moves the remote file; renamed on both sides, the CRM’s name wins', () => {
    expect(planFolder([file('alt.txt')], [link('d1', 'alt.txt')], [doc('d1', 'neu.txt')])).toEqual([
      expect.objectContaining({
        rename: { side: 'remote', to: 'neu.txt' },
        file: expect.objectContaining({ name: 'alt.txt' }),
      }),
    ]);
    expect(planFolder([file('remote.txt')], [link('d1', 'alt.txt')], [doc('d1', 'crm.txt')])).toEqual([
      expect.objectContaining({
        rename: { side: 'remote', to: 'crm.txt' },
        file: expect.objectContaining({ name: 'remote.txt' }),
      }),
    ]);
  });

  it('guesses nothing: two candidates of one version, another ETag, or a CRM name a file already holds', () => {
    const twins = planFolder([file('a.txt'), file('b.txt')], [link('d1', 'alt.txt')], [doc('d1', 'alt.txt')]);
    expect(twins.map((s) => s.kind).sort()).toEqual(['linked', 'pull-new', 'pull-new']);
    expect(twins.find((s) => s.kind === 'linked')).toMatchObject({ remote: 'absent' });
    const changed = planFolder([file('neu.txt', '"e2"')], [link('d1', 'alt.txt')], [doc('d1', 'alt.txt')]);
    expect(changed.map((s) => s.kind).sort()).toEqual(['linked', 'pull-new']);
    const taken = planFolder(
      [file('alt.txt'), file('neu.txt', '"e9"')],
      [link('d1', 'alt.txt')],
      [doc('d1', 'neu.txt')],
    );
    expect(taken.find((s) => s.kind === 'linked')).not.toHaveProperty('rename');
  });

  it('pairRenamedByHash: a new file with the bytes of a linked file gone from its name is that file renamed', () => {
    const steps = planFolder(
      [file('neu.txt', '"e2"'), file('fremd.txt', '"e3"')],
      [link('d1', 'alt.txt')],
      [doc('d1', 'alt.txt')],
    );
    const hashes: Record<string, string> = { [file('neu.txt').href]: 'h1', [file('fremd.txt').href]: 'h9' };
    const paired = pairRenamedByHash(steps, (href) => hashes[href]);
    expect(paired).toEqual([
      expect.objectContaining({ kind: 'linked', remote: 'check', rename: { side: 'crm', to: 'neu.txt' } }),
      expect.objectContaining({ kind: 'pull-new', file: expect.objectContaining({ name: 'fremd.txt' }) }),
    ]);
    // A document changed in the CRM meanwhile is no rename to guess: its old file counts as gone.
    const edited = planFolder([file('neu.txt', '"e2"')], [link('d1', 'alt.txt')], [doc('d1', 'alt.txt', 'h2')]);
    expect(
      pairRenamedByHash(edited, () => 'h1')
        .map((s) => s.kind)
        .sort(),
    ).toEqual(['linked', 'pull-new']);
  });
});

describe('holdOutOfReach: a file moved below the depth limit is no deletion', () => {
  const deep = `${'d/'.repeat(9)}a.txt`;
  const planned = () => planFolder([file('b.txt')], [link('1', 'a.txt'), link('2', 'b.txt')], [doc('1', 'a.txt')]);
  const nothingDeep = { remoteFiles: [], remoteUnlisted: false, crmDocuments: [] };

  it('counts both deletions while nothing lies deeper', () => {
    expect(folderDepthOf(deep)).toBe(9);
    expect(inReach(`${'d/'.repeat(8)}a.txt`)).toBe(true);
    expect(deletionsOf(holdOutOfReach(planned(), nothingDeep))).toEqual({ remote: 1, crm: 1 });
  });

  it('holds a file gone from the share while the share holds deep files (or was not listed to the bottom)', () => {
    for (const beyond of [
      { ...nothingDeep, remoteFiles: [file(deep)] },
      { ...nothingDeep, remoteUnlisted: true },
    ]) {
      const steps = holdOutOfReach(planned(), beyond);
      expect(steps.find((s) => s.kind === 'linked' && s.link.documentId === '1')).toMatchObject({ held: 'remote' });
      expect(deletionsOf(steps)).toEqual({ remote: 0, crm: 1 });
    }
  });

  it('holds a document gone from the CRM tree whose id lies deeper in the CRM; a deleted one still deletes', () => {
    const steps = holdOutOfReach(planned(), { ...nothingDeep, crmDocuments: [doc('2', deep)] });
    expect(steps.find((s) => s.kind === 'linked' && s.link.documentId === '2')).toMatchObject({ held: 'crm' });
    expect(deletionsOf(steps)).toEqual({ remote: 1, crm: 0 });
    const other = holdOutOfReach(planned(), { ...nothingDeep, crmDocuments: [doc('3', deep)] });
    expect(deletionsOf(other)).toEqual({ remote: 1, crm: 1 });
  });

  it('a held file found again by its bytes is a rename, no longer held', () => {
    const fresh = file('E1/a.txt', '"other"');
    const steps = holdOutOfReach(
      planFolder(
        [file('b.txt'), fresh],
        [link('1', 'a.txt'), link('2', 'b.txt')],
        [doc('1', 'a.txt'), doc('2', 'b.txt')],
      ),
      { ...nothingDeep, remoteFiles: [file(deep)] },
    );
    const joined = pairRenamedByHash(steps, (href) => (href === fresh.href ? 'h1' : undefined));
    const renamed = joined.find((s) => s.kind === 'linked' && s.link.documentId === '1');
    expect(renamed).toMatchObject({ file: fresh, rename: { side: 'crm', to: 'E1/a.txt' } });
    expect(renamed).not.toHaveProperty('held');
  });
});
