import type { ChatReport } from './chat-report';

/**
 * The report as the table on the page shows it: a row per day (ДД.ММ.ГГГГ), a column per bucket, totals
 * last. Semicolons and a UTF-8 byte order mark, because that is what Excel with Russian regional settings
 * opens as columns and Cyrillic without an import dialog.
 */
export function chatReportCsv(report: ChatReport): string {
  const header = ['День', ...report.series.map((s) => s.label), 'Итого'];
  const rows = report.days.map((day, i) => [russianDate(day), ...report.series.map((s) => String(s.perDay[i])), String(report.totals.perDay[i])]);
  const totals = ['Итого', ...report.series.map((s) => String(s.total)), String(report.totals.total)];
  return '\uFEFF' + [header, ...rows, totals].map((cells) => cells.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

export function russianDate(isoDay: string): string {
  const [year, month, day] = isoDay.split('-');
  return `${day}.${month}.${year}`;
}

/**
 * Quoted when it holds a separator, a quote or a line break. A name starting with = + - @ is prefixed
 * with ' so a spreadsheet shows it instead of running it as a formula (names come from the catalog).
 */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function chatReportFileName(report: ChatReport): string {
  return `chats-${report.dimension}-${report.from}-${report.to}.csv`;
}
