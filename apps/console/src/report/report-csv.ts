import type { ChatReport } from './chat-report';

/**
 * The report as the table on the page shows it: a row per day (ДД.ММ.ГГГГ), a column per bucket, totals
 * last. Semicolons and a UTF-8 byte order mark, because that is what Excel with Russian regional settings
 * opens as columns and Cyrillic without an import dialog.
 */
export function chatReportCsv(report: ChatReport): string {
  const header = [textCell('День'), ...report.series.map((s) => textCell(s.label)), textCell('Итого')];
  const rows = report.days.map((day, i) => [
    textCell(russianDate(day)),
    ...report.series.map((s) => countCell(s.perDay[i]!)),
    countCell(report.totals.perDay[i]!),
  ]);
  const totals = [textCell('Итого'), ...report.series.map((s) => countCell(s.total)), countCell(report.totals.total)];
  return '\uFEFF' + [header, ...rows, totals].map((cells) => cells.join(';')).join('\r\n') + '\r\n';
}

export function russianDate(isoDay: string): string {
  const [year, month, day] = isoDay.split('-');
  return `${day}.${month}.${year}`;
}

/** What makes a spreadsheet read a cell as a formula (or, for tab and CR, hide such a start). */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);
/**
 * Where some reader starts a new cell or row: our separator is `;`, but a file opened with commas or
 * tabs as separators (or pasted line by line) is cut at these too, quotes or not.
 */
const CELL_BREAKS = new Set([',', ';', '\t', '\r', '\n']);
/** What a reader may skip at the start of a cell before reading its content. */
const CELL_PADDING = new Set([' ', '"']);

/**
 * `value` with a ' before every character that would start a formula in a cell as any reader cuts
 * it: at the start, and after any separator (plus spaces and quotes) inside the value. A name like
 * `csv,=1+1,` thus reads `csv,'=1+1,`: text for a `;` reader, and for a `,` reader too.
 */
export function neutraliseFormulas(value: string): string {
  let out = '';
  let atCellStart = true;
  for (const ch of value) {
    if (atCellStart && FORMULA_STARTS.has(ch)) out += "'";
    out += ch;
    atCellStart = CELL_BREAKS.has(ch) || (atCellStart && CELL_PADDING.has(ch));
  }
  return out;
}

/**
 * A text cell (names come from the catalog, so from whoever typed them): formulas neutralised, and
 * quoted when it holds anything a reader could cut it at. Plain names stay unquoted, as Excel writes them.
 */
function textCell(value: string): string {
  const safe = neutraliseFormulas(value);
  return [...safe].some((ch) => CELL_BREAKS.has(ch) || ch === '"') ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A count: a bare number, never quoted or prefixed (it is ours, and a spreadsheet must sum it). */
function countCell(value: number): string {
  return String(value);
}

export function chatReportFileName(report: ChatReport): string {
  return `chats-${report.dimension}-${report.from}-${report.to}.csv`;
}
