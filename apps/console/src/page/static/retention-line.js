// «Срок хранения переписки» in one sentence, the same on the status panel and in «Персональные данные»
// (and in `pnpm cq status`, in English): the account's days and how the daily sweep last went.
import { plural } from './dom.js';

/** 2026-12-03T01:00:00Z → «03.12.2026 04:00» in the reader's clock. */
const dayAndTime = (iso) =>
  new Date(iso)
    .toLocaleString('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' })
    .replace(',', '');

/** `retention` as the API gives it: `{ days: number|null, lastRun: {startedAt, finishedAt, erased, error}|null }`. */
export function retentionText(retention) {
  if (retention.days === null) return 'Срок хранения переписки не задан — переписка хранится всегда';
  const run = retention.lastRun;
  const days = 'Срок хранения переписки: ' + retention.days + ' дн.';
  if (!run || !run.startedAt) return days + '; очистка ещё не запускалась (она идёт раз в сутки)';
  if (!run.finishedAt) return days + '; очистка идёт с ' + dayAndTime(run.startedAt);
  const erased = ' — стёрто ' + run.erased + ' ' + plural(run.erased, 'чат', 'чата', 'чатов');
  return (
    days + '; последняя очистка ' + dayAndTime(run.finishedAt) + erased + (run.error ? '; ошибка: ' + run.error : '')
  );
}
