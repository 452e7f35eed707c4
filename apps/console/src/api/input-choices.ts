import type { ReportDimension } from '@carrot-bridge/db';
import { CHANNEL_LABELS, type ApiScope, type Role, type TrafficType } from '@carrot-bridge/domain';

/**
 * A closed list of values the API takes (an enum of a schema) as people know it: each value's name on
 * the page, and how a refusal of it is said. The error map (russian-input-messages.ts) finds the list
 * by its values, so a schema's `z.enum(CHAT_CHANNELS)` explains itself without a message of its own.
 */
export interface InputChoice {
  /** Every value of the list, with its label (the page's words); a value spelled as its label needs none. */
  labels: Readonly<Record<string, string>>;
  /** Said when nothing was chosen: what to choose. */
  choose: string;
  /** Said before a value not on the list. */
  unknown: string;
}

// Records over the domain's types: a value added there without a label here does not compile.
const ROLE_LABELS: Record<Role, string> = { viewer: 'Просмотр', editor: 'Редактор', owner: 'Владелец' };
const TRAFFIC_TYPE_LABELS: Record<TrafficType, string> = {
  campaign: 'Рекламные кампании',
  source: 'Источники',
};
/** As the report's «Разбивка» names them (page/static/report.html). */
const REPORT_DIMENSION_LABELS: Record<ReportDimension, string> = {
  source: 'Источник',
  campaign: 'Рекламная кампания',
  channel: 'Канал',
  attributionKind: 'Способ атрибуции',
  employee: 'Сотрудник',
};
/** As «Доступ по API» names them (page/static/api-tokens.js). */
const API_SCOPE_LABELS: Record<ApiScope, string> = {
  'sessions:write': 'загружать сессии трекера',
  'chats:read': 'читать чаты и переписку',
  'report:read': 'читать отчёт',
  'settings:write': 'читать и менять настройки интеграций',
};

export const INPUT_CHOICES: readonly InputChoice[] = [
  { labels: CHANNEL_LABELS, choose: 'Выберите канал', unknown: 'Неизвестный канал' },
  { labels: ROLE_LABELS, choose: 'Выберите роль', unknown: 'Неизвестная роль' },
  {
    labels: { comagic: 'CoMagic', uis: 'UIS' },
    choose: 'Выберите платформу: CoMagic или UIS',
    unknown: 'Неизвестная платформа',
  },
  {
    labels: TRAFFIC_TYPE_LABELS,
    choose: 'Выберите, что сопоставлять: рекламные кампании или источники',
    unknown: 'Неизвестный тип сопоставления',
  },
  { labels: API_SCOPE_LABELS, choose: 'Выберите право токена', unknown: 'Неизвестное право токена' },
  { labels: REPORT_DIMENSION_LABELS, choose: 'Выберите разбивку отчёта', unknown: 'Неизвестная разбивка отчёта' },
];

/** The list every one of `values` belongs to; null: a list with no names of its own (its values are said as they are). */
export function inputChoiceOf(values: readonly unknown[]): InputChoice | null {
  return (
    INPUT_CHOICES.find((choice) =>
      values.every((value) => typeof value === 'string' && Object.hasOwn(choice.labels, value)),
    ) ?? null
  );
}
