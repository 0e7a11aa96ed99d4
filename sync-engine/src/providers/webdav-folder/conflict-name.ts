/**
 * The name under which the remote's version of a file changed on both sides is kept beside the CRM's (issue #11
 * item 15: both versions kept, nothing overwritten): `Angebot.pdf` → `Angebot (conflict 2026-12-06 23-09).pdf`.
 * The label is the time the engine noticed, in UTC to the minute (no colons: Windows shares refuse them); a second
 * conflict in the same minute gets a counter. Pure.
 */
export function conflictCopyName(name: string, noticedAt: Date, taken: (candidate: string) => boolean): string {
  // A document in a sub-folder is named by its path (`Belege.2026/Quittung`): the extension is the file's own.
  const start = name.lastIndexOf('/') + 1;
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > start ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const stamp = noticedAt.toISOString().slice(0, 16).replace('T', ' ').replace(':', '-');
  for (let n = 1; ; n++) {
    const candidate = `${stem} (conflict ${stamp}${n > 1 ? ` ${n}` : ''})${extension}`;
    if (!taken(candidate)) return candidate;
  }
}
