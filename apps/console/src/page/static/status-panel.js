// «Состояние»: the last webhook, question (chat) and conversation counts, the import queue, the key, the export (its jobs: waiting,
// retrying with the reason and the next try, failed; what blocks it, under the export settings) and the hourly
// catch-up of the shown integration, and the account's «Срок хранения переписки» with its last sweep,
// refreshed with the other live panels.
import { api } from './api.js';
import { $, dateTime, el } from './dom.js';
import { renderExportBlockers } from './export-blockers.js';
import { renderPanelKey } from './key-check.js';
import { EXPORT_STATUS } from './labels.js';
import { integrationPath } from './page-state.js';
import { retentionText } from './retention-line.js';

export const fetchStatus = () => api('GET', integrationPath('/status'));

export function renderStatus(status) {
  $('status').hidden = !status;
  $('status-empty').hidden = !!status;
  $('st-failures').replaceChildren();
  if (!status) return renderExportBlockers(null);
  $('st-last-webhook').textContent = status.lastWebhookAt ? dateTime(status.lastWebhookAt) : 'ещё не было';
  renderCounts(status);
  // `unavailable` is the API's own sentence for «Redis is down, the counts are unknown».
  $('st-jobs').textContent = status.jobs.unavailable
    ? status.jobs.unavailable
    : status.jobs.waiting +
      ' / ' +
      status.jobs.failed +
      (status.jobs.retrying ? ' · повторяются: ' + status.jobs.retrying : '');
  renderPanelKey(status.key);
  renderExportStatus(status.export);
  renderExportBlockers(status.export ? status.export.blockers : null);
  renderCatchUp(status.catchUp);
  $('st-retention').textContent = retentionText(status.retention);
  $('st-retention').className = status.retention.lastRun && status.retention.lastRun.error ? 'error' : '';
  status.jobs.lastFailures.forEach((f) =>
    $('st-failures').appendChild(el('li', {}, 'Диалог ' + f.conversationId + ': ' + f.reason)),
  );
}

// A chat is one question of a conversation (a returning visitor asks again in the same one): the count
// says so, with the conversations beside it. Counted by the chat's start; today's imports (a backfill of
// last year included) are a figure of their own.
function renderCounts(status) {
  const conversations = status.conversations
    ? ' (диалогов: ' + status.conversations.today + ' / ' + status.conversations.last7Days + ')'
    : '';
  const imported = ' · импортировано сегодня: ' + (status.importedToday || 0);
  $('st-chats').textContent = status.chats.today + ' / ' + status.chats.last7Days + conversations + imported;
}

// The export in the marketer's words: counts, last success, why it stopped, the last refused chat, the time zone.
function renderExportStatus(exp) {
  const box = $('st-export');
  box.replaceChildren();
  if (!exp) {
    box.textContent = 'выключена';
    return;
  }
  const line = (cls, text) => box.appendChild(el('div', { class: cls }, text));
  line(
    'export-counts',
    Object.keys(EXPORT_STATUS)
      .map((k) => EXPORT_STATUS[k] + ': ' + (exp.chats[k] || 0))
      .join(', '),
  );
  line(
    'export-last-success',
    'Последняя успешная выгрузка: ' + (exp.lastExportedAt ? dateTime(exp.lastExportedAt) : 'ещё не было'),
  );
  renderExportJobs(exp.jobs, line);
  if (exp.error) line('export-stopped error', 'Выгрузка остановлена: ' + exp.error);
  if (exp.lastChatRefusal)
    line(
      'export-refusal',
      'Последний отказ CoMagic (диалог ' + exp.lastChatRefusal.conversationId + '): ' + exp.lastChatRefusal.reason,
    );
  if (exp.timeZoneAssumedBecause) line('export-time-zone warning', 'Часовой пояс: ' + exp.timeZoneAssumedBecause);
  else if (exp.timeZone) line('export-time-zone', 'Часовой пояс аккаунта: ' + exp.timeZone);
}

// «Задачи» of the export: waiting, retrying (why, and when the next try is), failed for good.
function renderExportJobs(jobs, line) {
  if (jobs.unavailable) return line('export-jobs warning', 'Задачи выгрузки: ' + jobs.unavailable);
  line(
    'export-jobs',
    'Задачи выгрузки: ждут ' + jobs.waiting + ', повторяются ' + jobs.retrying + ', не удались ' + jobs.failed,
  );
  const e = jobs.lastError;
  if (!e) return;
  if (e.final)
    line('export-job-error error', 'Задача выгрузки не удалась после ' + e.attempts + ' попыток: ' + e.reason);
  else
    line(
      'export-retrying warning',
      'Выгрузка повторяется (попытка ' +
        e.attempts +
        ' из ' +
        e.maxAttempts +
        (jobs.nextTryAt ? ', следующая ' + dateTime(jobs.nextTryAt) : '') +
        '): ' +
        e.reason,
    );
}

function renderCatchUp(catchUp) {
  const box = $('st-catch-up');
  if (!catchUp) {
    box.textContent = 'ещё не запускалась';
    box.className = '';
    return;
  }
  const when = catchUp.lastFinishedAt ? dateTime(catchUp.lastFinishedAt) : 'идёт';
  box.className = catchUp.error ? 'error' : '';
  box.textContent =
    when +
    ' · просмотрено ' +
    catchUp.scanned +
    ', поставлено в импорт ' +
    catchUp.queued +
    (catchUp.error ? ' · ошибка: ' + catchUp.error : '');
}
