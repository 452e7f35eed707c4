import { expect } from 'chai';
import { jobReasonInRussian } from './job-reason';

// The reasons as the worker words them (decide-failure.ts, import-error.ts, decide-data-api-failure.ts,
// decide-session-lookup-failure.ts, the catch-up and backfill handlers), copied here on purpose: a
// changed wording in the worker must change this table too.
const WORKER_REASONS: [string, string][] = [
  ['CarrotQuest unavailable: timeout of 10000ms exceeded', 'CarrotQuest недоступен'],
  ['CarrotQuest rate limit: HTTP 429', 'превышен лимит запросов'],
  ['CarrotQuest rejected the API key: HTTP 401', 'CarrotQuest отклонил API-ключ'],
  ['the API key lacks a permission (conversations-read, user-read): HTTP 403', 'нет нужных прав'],
  ['the conversation or its user no longer exists in CarrotQuest: HTTP 404', 'больше нет в CarrotQuest'],
  ['CarrotQuest refused the request: HTTP 400', 'CarrotQuest отклонил запрос'],
  ['CarrotQuest answered something we cannot read: not JSON', 'не умеем читать'],
  [
    "the integration's API key was rejected by CarrotQuest (HTTP 401); save a valid key, then retry this job",
    'API-ключ интеграции отклонён',
  ],
  ['conversation 27364519 has no user', 'У диалога нет пользователя'],
  ['the API key was entered for another API address; enter it again', 'для другого адреса API'],
  ['the stored API key cannot be decrypted: bad tag', 'API-ключ не удаётся расшифровать'],
  [
    'a campaign, source, site, employee or tag the integration points at no longer exists; fix the settings, then retry',
    'исправьте настройки',
  ],
  ['invalid job data: conversationId: must be a decimal id', 'Данные задачи повреждены'],
  ['invalid export job data', 'Данные задачи повреждены'],
  ['unexpected failure (database unavailable?): connect ECONNREFUSED', 'Непредвиденный сбой'],
  ['Data API limits exceeded: -32029', 'Исчерпаны лимиты Data API'],
  ['Data API unavailable: HTTP 502', 'Data API недоступен'],
  [
    'the Data API refused the session report: CoMagic не принял чат (invalid_value)',
    'Data API отклонил отчёт о сессиях: CoMagic не принял чат (invalid_value)',
  ],
  ['the Data API refused the call: -32602', 'Data API отклонил запрос'],
  ['unreadable session report: no data', 'Отчёт о сессиях'],
  ['unreadable Data API answer: no result', 'Ответ Data API не удаётся прочитать'],
  ['the stored Data API token cannot be decrypted: bad tag', 'токен Data API не удаётся расшифровать'],
  ['catch-up failed; the next tick tries again: boom', 'Сверка с CarrotQuest не удалась'],
  ['backfill failed; start the same period again to resume: boom', 'Загрузка истории не удалась'],
  ['job stalled more than allowable limit', 'прерывалась'],
  ['no handler for job "x" in this worker', 'Ни один воркер'],
];

describe('jobReasonInRussian', () => {
  for (const [reason, words] of WORKER_REASONS)
    it(`words «${reason.slice(0, 40)}…» in Russian`, () => {
      const russian = jobReasonInRussian(reason)!;
      expect(russian).to.contain(words);
      expect(russian, 'no English left but quoted names').not.to.match(/\b(failed|unavailable|rejected|refused|the)\b/);
    });

  it("keeps the export's own Russian reasons as they are", () => {
    const reason = 'сохранённый токен Data API не удаётся расшифровать: вставьте его заново в настройках выгрузки (x)';
    expect(jobReasonInRussian(reason)).to.equal(reason);
  });

  it('says a wait ran out, in Russian', () => {
    expect(jobReasonInRussian('Data API limits exceeded: x (waited 5 times already; now spending attempts)')).to.equal(
      'Исчерпаны лимиты Data API: ждём их сброса (ожиданий уже 5; теперь тратятся попытки)',
    );
  });

  it('an unknown English reason is not shown as if it were Russian; none is none', () => {
    expect(jobReasonInRussian('Something else broke')).to.equal('Непредвиденная ошибка (текст — в подсказке)');
    expect(jobReasonInRussian(null)).to.equal(null);
    expect(jobReasonInRussian('')).to.equal(null);
  });
});
