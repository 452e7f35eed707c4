import { expect } from 'chai';
import fc from 'fast-check';
import { chatReportCsv, neutraliseFormulas } from './report-csv';
import type { ChatReport } from './chat-report';

const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];

function reportWithLabels(labels: readonly string[]): ChatReport {
  return {
    dimension: 'source',
    from: '2026-03-01',
    to: '2026-03-01',
    timeZone: 'Europe/Moscow',
    days: ['2026-03-01'],
    series: labels.map((label, i) => ({ key: `k${i}`, label, perDay: [i + 1], total: i + 1 })),
    totals: {
      perDay: [labels.reduce((sum, _, i) => sum + i + 1, 0)],
      total: labels.reduce((sum, _, i) => sum + i + 1, 0),
    },
  };
}

/** How a careless importer reads the file: cut rows at line breaks, cells at `separator`, ignore quoting. */
function naiveCells(csv: string, separator: string): string[] {
  return csv
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .flatMap((line) => line.split(separator));
}

/** A cell a spreadsheet would run: its first character past leading spaces and quotes starts a formula. */
function isFormula(cell: string): boolean {
  const content = cell.replace(/^[ "]*/, '');
  return content.length > 0 && FORMULA_STARTS.includes(content[0]!);
}

/** RFC 4180 with `;`: what Excel and a proper parser read. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const text = csv.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  return rows;
}

describe('chatReportCsv: formula-like names for any reader', () => {
  const hostile = [
    'csv,=1+1,',
    '=HYPERLINK("http://evil")',
    'a;=1',
    'a\t=1',
    'tab\t\t=1',
    'x, =1',
    'x,"=1',
    '+7 999',
    '-1',
    '@SUM(A1)',
    'line\n=1',
    'cr\r=1',
    '\t=1',
    '"=1"',
  ];

  for (const separator of [';', ',', '\t']) {
    it(`no cell a reader splitting on ${JSON.stringify(separator)} sees starts a formula`, () => {
      const cells = naiveCells(chatReportCsv(reportWithLabels(hostile)), separator);
      expect(cells.filter(isFormula)).to.deep.equal([]);
      // The reader saw the names at all: the check above ran over them, not over an empty file.
      expect(cells.filter((cell) => cell.includes('=1')).length).to.be.greaterThan(5);
    });
  }

  it("a proper parser reads each name as one cell, with a ' only where a formula would start", () => {
    const [header] = parseCsv(chatReportCsv(reportWithLabels(['csv,=1+1,', '=1+1', 'a"b;c', 'Директ'])));
    expect(header).to.deep.equal(['День', "csv,'=1+1,", "'=1+1", 'a"b;c', 'Директ', 'Итого']);
  });

  it('counts stay bare numbers and plain names stay unquoted', () => {
    const csv = chatReportCsv(reportWithLabels(['Директ', 'Telegram']));
    expect(csv).to.equal('\uFEFFДень;Директ;Telegram;Итого\r\n01.03.2026;1;2;3\r\nИтого;1;2;3\r\n');
  });

  it("property: for any name, no naive reader sees a formula, and the parser gets the name back but for the added '", () => {
    const alphabet = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ',', ';', '"', ' ', "'", 'a', 'Я', '1');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: alphabet, maxLength: 12 }), { minLength: 1, maxLength: 4 }), (labels) => {
        const csv = chatReportCsv(reportWithLabels(labels));
        for (const separator of [';', ',', '\t'])
          expect(naiveCells(csv, separator).filter(isFormula)).to.deep.equal([]);
        const header = parseCsv(csv)[0]!;
        expect(header.slice(1, -1)).to.deep.equal(labels.map(neutraliseFormulas));
        expect(header.slice(1, -1).map((cell) => cell.replaceAll("'", ''))).to.deep.equal(
          labels.map((label) => label.replaceAll("'", '')),
        );
      }),
      { numRuns: 200 },
    );
  });
});
