import { contentDisposition, documentNameProblem, isMediaType } from '../../../server/src/domain/documents/names';

describe('documentNameProblem', () => {
  it.each(['Angebot.pdf', 'Bericht März 2025.docx', '.env', 'a'.repeat(255), '名前.txt'])('accepts %j', (name) => {
    expect(documentNameProblem(name)).toBeNull();
  });
  it.each(['', '   ', 'a/b', '..\\x', 'tab\there', 'nul\u0000', 'c1\u0085', '.', '..', 'a'.repeat(256)])(
    'rejects %j',
    (name) => {
      expect(documentNameProblem(name)).not.toBeNull();
    },
  );
});

describe('isMediaType', () => {
  it('accepts type/subtype with parameters', () => {
    expect(isMediaType('application/pdf')).toBe(true);
    expect(isMediaType('text/plain; charset=utf-8')).toBe(true);
    expect(isMediaType('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe(true);
  });
  it('rejects anything else', () => {
    expect(isMediaType('')).toBe(false);
    expect(isMediaType('pdf')).toBe(false);
    expect(isMediaType('text/plain\r\nX-Injected: 1')).toBe(false);
    expect(isMediaType('/plain')).toBe(false);
  });
});

describe('contentDisposition (RFC 6266 / RFC 8187)', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition('Grüße (1).txt')).toBe(
      `attachment; filename="Gr__e (1).txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%281%29.txt`,
    );
    expect(contentDisposition('a"b\\c%d\'e*.txt')).toBe(
      `attachment; filename="a_b_c_d'e*.txt"; filename*=UTF-8''a%22b%5Cc%25d%27e%2A.txt`,
    );
  });
});
