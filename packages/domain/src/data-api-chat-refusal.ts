// A Data API refusal in words a marketer understands (Russian, for the integration page), with the
// technical mnemonic and field kept in parentheses for support.
// Codes and mnemonics: https://comagic.github.io/data_api/ (Обработка ошибок: Группы кодов ошибок,
// Список ошибок общих для всех методов, ... для методов с глаголом create и update, set, unset).

export interface DataApiRefusal {
  rpcCode?: number;
  mnemonic?: string;
  /** "Вложенные параметры отображаются через разделитель точка" — e.g. chats.3.phone (or chats[3].phone). */
  field?: string;
}

/** What each chat field is, for a person. */
const FIELD_NAMES: Record<string, string> = {
  phone: 'телефон посетителя',
  email: 'email посетителя',
  name: 'имя посетителя',
  start_date_time: 'время начала чата',
  date_time: 'время сообщения',
  visitor_session_id: 'сессия посетителя',
  campaign_id: 'рекламная кампания (id в CoMagic)',
  source_id: 'источник (id в CoMagic)',
  site_id: 'сайт (id в CoMagic)',
  employee_id: 'сотрудник (id в CoMagic сотрудника по умолчанию)',
  message: 'текст сообщения',
  status: 'статус чата',
  initiator: 'инициатор чата',
  messages: 'сообщения чата',
  ext_id: 'id чата',
  chats: 'пачка чатов',
  tag_id: 'тег (id в CoMagic)',
  communication_ext_id: 'чат для тега',
};

/** What went wrong with the field, for a person. */
const FIELD_PROBLEMS: Record<string, string> = {
  invalid_parameter_value: 'неверное значение',
  required_parameter_missed: 'не хватает обязательного поля',
  data_type_error: 'неверный тип данных',
  invalid_date_time: 'неверные дата или время',
  entity_not_found: 'не найдено в CoMagic',
  invalid_parameters_combination: 'не согласуется с остальными данными чата',
  campaign_is_inactive: 'рекламная кампания не активна',
  unexpected_parameters: 'лишнее поле',
};

/** Refusals of the whole account or token. */
const ACCOUNT_PROBLEMS: Record<string, string> = {
  access_token_invalid: 'CoMagic не узнал токен Data API: вставьте действующий токен в настройках выгрузки',
  access_token_expired: 'срок действия токена Data API истёк: вставьте новый токен в настройках выгрузки',
  access_token_blocked: 'токен Data API заблокирован: вставьте новый токен в настройках выгрузки',
  method_component_disabled:
    'в аккаунте CoMagic не подключён компонент «Загрузка офлайн-заявок из внешней системы» (или «Data API»)',
  parameter_component_disabled: 'в аккаунте CoMagic не подключён компонент, нужный для одного из полей чата',
  ip_not_whitelisted:
    'IP-адрес нашего сервера не в белом списке API CoMagic (Администратор → Аккаунт → Правила и настройки безопасности → API)',
  forbidden: 'у пользователя, чей это токен, нет прав на загрузку чатов в CoMagic',
  account_inactive: 'аккаунт CoMagic заблокирован',
  limit_exceeded: 'исчерпан лимит запросов к Data API; выгрузка продолжится сама',
  internal_error: 'внутренняя ошибка CoMagic; выгрузка повторится сама',
  tariff_restrictions: 'тариф аккаунта CoMagic не позволяет загружать чаты',
  data_limit_exceeded: 'в аккаунте CoMagic достигнут предел объёма данных',
};

/** By code group, when the mnemonic is not one we know. */
const CODE_PROBLEMS: Record<number, string> = {
  [-32001]: 'CoMagic не принял токен Data API: вставьте действующий токен в настройках выгрузки',
  [-32003]: 'нет доступа к Data API CoMagic (права пользователя или белый список IP)',
  [-32008]: 'в аккаунте CoMagic не подключён нужный компонент',
  [-32009]: 'аккаунт CoMagic заблокирован',
  [-32029]: 'исчерпан лимит запросов к Data API; выгрузка продолжится сама',
  [-32603]: 'внутренняя ошибка CoMagic; выгрузка повторится сама',
};

/** "chats.3.messages.0.date_time" or "chats[3].messages[0].date_time" -> "date_time". */
function lastFieldName(field: string): string {
  const names = field.split(/[.[\]]+/).filter((part) => part && !/^\d+$/.test(part));
  return names[names.length - 1] ?? field;
}

export function explainDataApiRefusal(refusal: DataApiRefusal): string {
  const technical = [refusal.mnemonic, refusal.rpcCode, refusal.field]
    .filter((x) => x !== undefined && x !== '')
    .join(', ');
  const account =
    (refusal.mnemonic ? ACCOUNT_PROBLEMS[refusal.mnemonic] : undefined) ??
    (refusal.rpcCode !== undefined ? CODE_PROBLEMS[refusal.rpcCode] : undefined);
  let words: string;
  if (account) words = account;
  else if (refusal.field) {
    const name = lastFieldName(refusal.field);
    words = `CoMagic не принял чат: ${FIELD_PROBLEMS[refusal.mnemonic ?? ''] ?? 'ошибка'} — ${FIELD_NAMES[name] ?? `поле ${name}`}`;
  } else words = 'CoMagic не принял чат';
  return technical ? `${words} (${technical})` : words;
}
