// The worker keeps its failure decision's reason on the job as English text (a log line, `pnpm cq
// status`); the page shows it in Russian. One table from the reasons the worker writes — the import's
// (apps/worker/src/import/decide-failure.ts, ImportErrorCode in import-error.ts), the Data API jobs'
// (lifecycle/decide-data-api-failure.ts, export/decide-export-failure.ts,
// session-lookup/decide-session-lookup-failure.ts), the catch-up's and backfill's handlers, and BullMQ's
// own — to a sentence for people; the original stays beside it (the page's tooltip).

interface ReasonRule {
  pattern: RegExp;
  /** The Russian sentence; `match` is the pattern's match (a refusal already worded in Russian is kept). */
  words: (match: RegExpMatchArray) => string;
}

const is = (text: string) => () => text;

const RULES: readonly ReasonRule[] = [
  // The import's CarrotQuest decisions (decideCarrotQuest).
  {
    pattern: /^CarrotQuest unavailable: /,
    words: is('CarrotQuest недоступен (сеть, тайм-аут или сбой на его стороне)'),
  },
  { pattern: /^CarrotQuest rate limit: /, words: is('CarrotQuest просит подождать: превышен лимит запросов') },
  {
    pattern: /^CarrotQuest rejected the API key: /,
    words: is('CarrotQuest отклонил API-ключ: сохраните действующий ключ и повторите'),
  },
  {
    pattern: /^the API key lacks a permission/,
    words: is('У API-ключа нет нужных прав (чтение диалогов и пользователей): выдайте их и повторите'),
  },
  {
    pattern: /^the conversation or its user no longer exists in CarrotQuest/,
    words: is('Диалога или его пользователя больше нет в CarrotQuest'),
  },
  { pattern: /^CarrotQuest refused the request: /, words: is('CarrotQuest отклонил запрос') },
  {
    pattern: /^CarrotQuest answered something we cannot read/,
    words: is('CarrotQuest ответил так, как мы не умеем читать: сообщите в поддержку'),
  },
  // ImportErrorCode.KeyMarkedInvalid and ConversationWithoutUser.
  {
    pattern: /^the integration's API key was rejected by CarrotQuest/,
    words: is('API-ключ интеграции отклонён CarrotQuest: сохраните действующий ключ, затем повторите задачу'),
  },
  {
    pattern: /^conversation \d+ has no user/,
    words: is('У диалога нет пользователя: контакты и сессию взять неоткуда'),
  },
  // The stored CarrotQuest key (StoredApiKeyUnreadableError).
  {
    pattern: /^the API key was entered for another API address/,
    words: is('API-ключ сохранён для другого адреса API: введите его заново'),
  },
  {
    pattern: /^the stored API key cannot be decrypted/,
    words: is('Сохранённый API-ключ не удаётся расшифровать: введите его заново'),
  },
  {
    pattern: /^a campaign, source, site, employee or tag the integration points at no longer exists/,
    words: is(
      'Кампании, источника, сайта, сотрудника или тега из настроек больше нет: исправьте настройки и повторите',
    ),
  },
  { pattern: /^invalid (\w[\w ]* )?job data/, words: is('Данные задачи повреждены: повтор не поможет') },
  {
    pattern: /^unexpected failure \(database unavailable\?\)/,
    words: is('Непредвиденный сбой (возможно, недоступна база данных)'),
  },
  // The Data API jobs: export and session lookup.
  { pattern: /^Data API limits exceeded/, words: is('Исчерпаны лимиты Data API: ждём их сброса') },
  { pattern: /^Data API unavailable/, words: is('Data API недоступен') },
  {
    pattern: /^the Data API refused the session report: (.+)$/,
    words: (m) => `Data API отклонил отчёт о сессиях: ${m[1]}`,
  },
  { pattern: /^the Data API refused the call/, words: is('Data API отклонил запрос') },
  { pattern: /^unreadable session report/, words: is('Отчёт о сессиях из кабинета не удаётся прочитать') },
  { pattern: /^unreadable Data API answer/, words: is('Ответ Data API не удаётся прочитать') },
  {
    pattern: /^the stored Data API token cannot be decrypted/,
    words: is('Сохранённый токен Data API не удаётся расшифровать: вставьте его заново'),
  },
  // The catch-up's and backfill's handlers.
  { pattern: /^catch-up failed/, words: is('Сверка с CarrotQuest не удалась: следующая пройдёт по расписанию') },
  {
    pattern: /^backfill failed/,
    words: is('Загрузка истории не удалась: запустите тот же период снова, она продолжится с места остановки'),
  },
  // BullMQ's own.
  { pattern: /stalled more than allowable limit/, words: is('Задача много раз прерывалась (перезапуск воркера)') },
  { pattern: /^no handler for job/, words: is('Ни один воркер не выполняет задачи этого вида') },
];

/** A wait that ran out (handled-job.ts): the reason, then "(waited N times already; now spending attempts)". */
const WAITED = / \(waited (\d+) times already; now spending attempts\)$/;

/** The reason in Russian; one already in Russian (the export's own) as it is; an unknown one said so. */
export function jobReasonInRussian(reason: string | null): string | null {
  if (reason === null || reason === '') return null;
  const waited = WAITED.exec(reason);
  const text = waited ? reason.slice(0, waited.index) : reason;
  const rule = RULES.map((r) => ({ r, match: text.match(r.pattern) })).find((x) => x.match);
  const words = rule
    ? rule.r.words(rule.match!)
    : /^[^a-z]*[а-яё]/i.test(text)
      ? text
      : 'Непредвиденная ошибка (текст — в подсказке)';
  return waited ? `${words} (ожиданий уже ${waited[1]}; теперь тратятся попытки)` : words;
}
