// The audit log's actions and how the console names them in Russian: the API hands these labels to the
// page («Журнал действий»), and cq prints them. Decided in issue #24's design; an action not listed here
// is still stored and shown by its name.
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'session.signed_in': 'Вход',
  'session.sign_in_failed': 'Неудачный вход',
  'session.signed_out': 'Выход',
  'session.signed_out_everywhere': 'Выход на всех устройствах',
  'person.invited': 'Приглашение',
  'invitation.cancelled': 'Приглашение отозвано',
  'invitation.accepted': 'Приглашение принято',
  'password.reset_requested': 'Сброс пароля',
  'person.role_changed': 'Смена роли',
  'person.removed': 'Удаление пользователя',
  'token.created': 'Создан API-токен',
  'token.revoked': 'Отозван API-токен',
  'account.created': 'Создан аккаунт',
  'integration.created': 'Создана интеграция',
  'integration.updated': 'Изменены настройки',
  'integration.activated': 'Интеграция включена',
  'integration.deactivated': 'Интеграция выключена',
  'integration.removed': 'Интеграция удалена',
  'integration.key_checked': 'Проверка ключа',
  'webhook.rotated': 'Новый адрес вебхука',
  'export_token.changed': 'Изменён токен выгрузки',
  'cabinet.connected': 'Кабинет подключён',
  'cabinet.disconnected': 'Кабинет отключён',
  'cabinet.token_checked': 'Проверка токена кабинета',
  'cabinet.catalog_sync_requested': 'Запрошена синхронизация каталога',
  'backfill.started': 'Загрузка истории запущена',
  'backfill.stopped': 'Загрузка истории остановлена',
  'jobs.replayed': 'Повтор заданий',
  'chat.reimported': 'Чат загружен заново',
  'chat.reexported': 'Чат выгружен заново',
  'operator.mapped': 'Сопоставлен сотрудник',
  'operator.list_refreshed': 'Список операторов обновлён из CarrotQuest',
  'catalog.created': 'Добавлено в справочник',
  'catalog.comagic_id_set': 'Указан id в CoMagic',
  'transcript.viewed': 'Просмотр переписки',
  'sessions.uploaded': 'Загружены сессии посетителей',
  'personal_data.erased': 'Удаление персональных данных',
  'personal_data.retention_changed': 'Изменён срок хранения переписки',
};

/** The kinds the page and `?action=` filter by (an action's part before the dot), in the page's order. */
export const AUDIT_KIND_LABELS: Readonly<Record<string, string>> = {
  session: 'Входы',
  person: 'Люди',
  invitation: 'Приглашения',
  password: 'Пароли',
  token: 'API-токены',
  account: 'Аккаунты',
  integration: 'Настройки интеграции',
  webhook: 'Адрес webhook',
  export_token: 'Токен выгрузки',
  cabinet: 'Кабинет CoMagic / UIS',
  catalog: 'Справочники',
  operator: 'Сотрудники',
  backfill: 'Загрузка истории',
  jobs: 'Задачи',
  chat: 'Повторные загрузки и выгрузки',
  transcript: 'Просмотры переписки',
  sessions: 'Сессии посетителей',
  personal_data: 'Персональные данные',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
