/**
 * A real, small PDF 1.4 written byte by byte (ISO 32000-1 §7.5: header, objects, cross-reference table with each
 * object's byte offset, trailer): one page per title, each with a coloured band and its title in Helvetica, so a
 * renderer has shapes and text to draw. For the browser tests of the PDF preview; no PDF library needed.
 */
export function samplePdf(titles: string[]): Buffer {
  const pageIds = titles.map((_, i) => 4 + i * 2);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${titles.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  titles.forEach((title, i) => {
    const escaped = title.replace(/[\\()]/g, (c) => `\\${c}`);
    const colour = i % 2 === 0 ? '0.12 0.31 0.55' : '0.80 0.25 0.10';
    const content = `${colour} rg 50 700 495 80 re f\n0 0 0 rg BT /F1 28 Tf 60 640 Td (${escaped}) Tj ET\n`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i] + 1} 0 R >>`,
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    );
  });
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = objects.map((object, i) => {
    const offset = Buffer.byteLength(body, 'latin1');
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
