import { csvCell, toCsv } from '../../server/web/src/ui/csv';

describe('CSV export', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180) and ends lines with CRLF', () => {
    expect(
      toCsv(
        ['Name', 'Notiz'],
        [
          ['Müller, Hans', 'sagt "ja"\nmorgen'],
          ['Kran', null],
        ],
      ),
    ).toBe('Name,Notiz\r\n"Müller, Hans","sagt ""ja""\nmorgen"\r\nKran,\r\n');
  });

  it('defuses cells a spreadsheet would run as a formula, but keeps negative numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('+49 711 1')).toBe("'+49 711 1");
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(40000)).toBe('40000');
  });
});
