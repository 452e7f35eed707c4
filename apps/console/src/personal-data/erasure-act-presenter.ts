// The act of an erasure as the API answers it (JSON) and as its download (CSV, what a data-protection
// officer files): header, how much each store lost, the chats touched, the audit log's extract and what
// CoMagic / UIS still keep. Built only from the act's row, which never holds the erased data.
import type { PersonalDataErasure } from '@carrot-bridge/db';
import { neutraliseFormulas } from '../report/report-csv';
import type { ErasureActChat, ErasureAuditEvent, ErasureCounts } from './erasure-act';

const BRAND_NAMES = { comagic: 'CoMagic', uis: 'UIS' } as const;

/** The act's chats as stored (a JSON column written by ErasureService). */
function chatsOf(act: PersonalDataErasure): ErasureActChat[] {
  return Array.isArray(act.chats) ? (act.chats as unknown as ErasureActChat[]) : [];
}

function auditExtractOf(act: PersonalDataErasure): ErasureAuditEvent[] {
  return Array.isArray(act.auditExtract) ? (act.auditExtract as unknown as ErasureAuditEvent[]) : [];
}

/**
 * The remark the act must make when a chat went to CoMagic / UIS: they keep their own copy, which only
 * they can erase. Null when no chat was exported.
 */
export function remoteCopyRemark(chats: readonly ErasureActChat[]): string | null {
  const exported = chats.filter((chat) => chat.exportRemoteId !== null);
  if (exported.length === 0) return null;
  const brands = [
    ...new Set(exported.flatMap((chat) => (chat.exportBrand ? [BRAND_NAMES[chat.exportBrand]] : []))),
  ].join(' / ');
  return (
    `${brands || 'CoMagic / UIS'} хранит свою копию ${exported.length} чат(ов) этого человека ` +
    '(их id в CoMagic / UIS — в таблице чатов акта): запросите удаление у них'
  );
}

/** One act in the list: its header and counts, without the chats and the extract. */
export function presentErasureActSummary(act: PersonalDataErasure) {
  const chats = chatsOf(act);
  return {
    id: act.id,
    requestedAt: act.requestedAt.toISOString(),
    completedAt: act.completedAt?.toISOString() ?? null,
    requestedBy: act.requestedBy,
    performedBy: { kind: act.actorKind, label: act.actorLabel },
    criterion: { kind: act.criterionKind, digest: act.criterionDigest },
    counts: act.counts as Partial<ErasureCounts>,
    chatsCount: chats.length,
    remoteCopy: remoteCopyRemark(chats),
  };
}

/** The whole act (`POST` and `GET .../erasures/:id`). */
export function presentErasureAct(act: PersonalDataErasure) {
  return { ...presentErasureActSummary(act), chats: chatsOf(act), auditExtract: auditExtractOf(act) };
}

const REQUESTERS: Record<string, string> = { subject: 'Сам человек', operator: 'Решение оператора' };
const CRITERIA: Record<string, string> = {
  phone: 'Телефон',
  email: 'E-mail',
  carrot_user: 'id пользователя CarrotQuest',
};
const COUNT_LABELS: Array<[keyof ErasureCounts, string]> = [
  ['chats', 'Чаты (PostgreSQL): контакты, первое сообщение, ошибка выгрузки'],
  ['messages', 'Сообщения чатов (PostgreSQL): тексты'],
  ['visitorSessions', 'Сессии посетителя (PostgreSQL)'],
  ['sessionLookups', 'Поиски сессий трекера (PostgreSQL)'],
  ['deliveryLogEntries', 'Журнал доставок вебхуков: записи (Redis)'],
  ['deliveryLogBodies', 'Журнал доставок вебхуков: тела запросов (Redis)'],
  ['jobsRemoved', 'Задачи очередей: удалены (Redis)'],
  ['jobsRequeued', 'Задачи очередей: поставлены заново без текста ошибки (Redis)'],
  ['jobLogsCleared', 'Задачи очередей: очищены журналы (Redis)'],
  ['jobsActiveLeft', 'Задачи очередей: выполнялись в момент удаления, оставлены (Redis)'],
  ['jobsKeptInPlace', 'Задачи очередей: оставлены на месте с очищенным журналом (Redis)'],
  ['jobEventsRemoved', 'События очередей: удалены записи (Redis)'],
  ['erasedSubjects', 'Запомнено признаков (ключевые хэши: защита от повторного импорта)'],
  ['compaction', 'Сжатие хранилищ (VACUUM таблиц, перезапись файлов Redis)'],
];

/** A cell: formulas neutralised (CSV injection), quoted when it holds a separator, quote or line break. */
function cell(value: string | number | null | undefined): string {
  if (typeof value === 'number') return String(value);
  const safe = neutraliseFormulas(value ?? '');
  return /[;,"\r\n\t]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function when(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC') : '';
}

/**
 * The act as a CSV file: semicolons and a UTF-8 byte order mark (what Excel with Russian settings opens
 * as columns), one section after another, blank lines between.
 */
export function erasureActCsv(act: PersonalDataErasure): string {
  const view = presentErasureAct(act);
  const counts = view.counts;
  const rows: Array<Array<string | number | null>> = [
    ['Акт об уничтожении персональных данных'],
    ['Акт', view.id],
    ['Аккаунт', act.accountId],
    ['Запрошено', when(view.requestedAt)],
    ['Завершено', view.completedAt ? when(view.completedAt) : 'не завершено'],
    ['Кто попросил', REQUESTERS[view.requestedBy] ?? view.requestedBy],
    ['Кто выполнил', view.performedBy.label],
    ['Признак', CRITERIA[view.criterion.kind] ?? view.criterion.kind],
    ['Хэш признака (HMAC-SHA-256, ключ установки)', view.criterion.digest],
    [],
    ['Хранилище', 'Удалено'],
    ...COUNT_LABELS.map(([key, label]): [string, string | number | null] => [
      label,
      key === 'compaction' ? (counts.compaction === 'requested' ? 'запрошено' : '') : (counts[key] ?? 0),
    ]),
    [],
    ['Чаты'],
    [
      'id чата',
      'Интеграция',
      'Диалог CarrotQuest',
      'Вопрос',
      'Начат',
      'Выгрузка',
      'Куда',
      'id в CoMagic / UIS',
      'Выгружен',
    ],
    ...view.chats.map((c) => [
      c.chatId,
      c.integrationId,
      c.conversationId,
      c.questionId,
      when(c.startedAt),
      c.exportStatus,
      c.exportBrand ? BRAND_NAMES[c.exportBrand] : '',
      c.exportRemoteId,
      when(c.exportedAt),
    ]),
    [],
    ['Выписка из журнала действий'],
    ['Когда', 'Кто', 'Действие', 'Подробности'],
    ...view.auditExtract.map((e) => [when(e.at), e.actor.label, e.label, JSON.stringify(e.details ?? null)]),
    [],
    ['Копия в CoMagic / UIS', view.remoteCopy ?? 'Ни один из чатов не выгружался в CoMagic / UIS'],
  ];
  return '\uFEFF' + rows.map((cells) => cells.map(cell).join(';')).join('\r\n') + '\r\n';
}

export function erasureActFileName(act: PersonalDataErasure): string {
  return `erasure-act-${act.id}.csv`;
}
