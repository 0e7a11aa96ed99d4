import { simpleParser } from 'mailparser';
import { buildFilingTemplate, uniqueMessage } from './filer';

describe('uniqueMessage', () => {
  it('gives each filing its own Message-ID and offer content, the rest of a ~200 KB message unchanged', async () => {
    const template = await buildFilingTemplate();
    const [a, b] = [uniqueMessage(template, 3, 7), uniqueMessage(template, 3, 8)];
    const [pa, pb] = [await simpleParser(a), await simpleParser(b)];
    expect(pa.messageId).toMatch(/^<load\.3\.7@/);
    expect(pb.messageId).toMatch(/^<load\.3\.8@/);
    expect(a.length).toBeGreaterThan(190_000);
    const offer = (p: typeof pa) => p.attachments.find((x) => x.filename?.startsWith('Angebot'))!.content;
    expect(offer(pa).subarray(0, 6)).toEqual(Buffer.from([0, 3, 0, 0, 0, 7]));
    expect(offer(pa).equals(offer(pb))).toBe(false);
    expect(offer(pa).subarray(6).equals(offer(pb).subarray(6))).toBe(true);
    expect(pa.attachments.map((x) => x.filename)).toEqual(['Angebot-0.pdf', 'AGB.pdf']);
  });
});
