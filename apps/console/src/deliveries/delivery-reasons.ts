// «Журнал доставок» in Russian. The ingress writes a stable status word (apps/ingress/src/webhook-answers.ts)
// and its `problem` in English (the answer CarrotQuest gets; domain webhook-event.ts and the ingress's
// answers): the page shows both translated here, by status and by the problem's known shape, and keeps
// the English text as the detail (the page's tooltip), which is what an operator compares with the docs.
import type { DeliveryRecord } from '@carrot-bridge/delivery-log';

/** Every answer status the ingress writes, in the page's words. */
export const DELIVERY_ANSWER_WORDS: Readonly<Record<string, string>> = {
  queued: 'принята',
  duplicate: 'повтор, уже принята',
  ignored: 'пропущена',
  invalid_webhook: 'не разобрана',
  invalid_token: 'неверный токен',
  unknown_webhook_key: 'неизвестный адрес',
  payload_too_large: 'слишком большая',
  unsupported_media_type: 'не тот формат',
  rate_limited: 'слишком часто',
  queue_unavailable: 'очередь недоступна',
  internal_error: 'внутренняя ошибка',
};

/** What a status means when its problem text is not one of the known shapes below. */
export const STATUS_REASONS: Readonly<Record<string, string>> = {
  ignored: 'Доставка не импортирует чат',
  invalid_webhook: 'Доставку не удалось разобрать',
  invalid_token: 'Токен доставки не совпадает с токеном интеграции',
  unknown_webhook_key: 'Нет интеграции с таким адресом webhook',
  payload_too_large: 'Тело доставки слишком большое',
  unsupported_media_type: 'Неподдерживаемый формат тела',
  rate_limited: 'Слишком много доставок, CarrotQuest повторит позже',
  queue_unavailable: 'Очередь недоступна, CarrotQuest повторит доставку',
  internal_error: 'Внутренняя ошибка, CarrotQuest повторит доставку',
};

/** A field named in a problem: `field "event"` → «event», `event.props.$conversation_id` as it is. */
const fieldName = (text: string) => `«${text.replace(/^field "(.+)"$/, '$1')}»`;

/** Known problem shapes, first match wins (the ingress's own texts before the domain's general ones). */
const PROBLEM_SHAPES: ReadonlyArray<[RegExp, (...groups: string[]) => string]> = [
  [/^The body is not valid JSON$/, () => 'Тело — некорректный JSON'],
  [/^Too many form fields$/, () => 'Слишком много полей формы'],
  [/^The request could not be read$/, () => 'Запрос не удалось прочитать'],
  [/^The body is larger than (\S+) bytes$/, (bytes) => `Тело больше ${bytes} байт`],
  [/^Content-Type must be one of (.+)$/, (types) => `Неподдерживаемый Content-Type: принимаются ${types}`],
  [/^Unsupported charset or content encoding$/, () => 'Неподдерживаемая кодировка тела'],
  [/^The webhook token does not match/, () => 'Токен доставки не совпадает с токеном интеграции'],
  [/^Too many webhooks with a wrong token/, () => 'Слишком много доставок с неверным токеном, повтор позже'],
  [/^Too many webhooks for this integration/, () => 'Слишком много доставок для интеграции, повтор позже'],
  [/^The webhook could not be queued/, () => 'Очередь недоступна, CarrotQuest повторит доставку'],
  [/^Temporarily unavailable/, () => 'Временно недоступно, CarrotQuest повторит доставку'],
  [/^No integration has this webhook URL$/, () => 'Нет интеграции с таким адресом webhook'],
  [/^No such endpoint$/, () => 'Нет такого адреса'],
  [/^Internal error$/, () => 'Внутренняя ошибка, CarrotQuest повторит доставку'],
  [/^integration is switched off$/, () => 'Интеграция выключена'],
  [/^not an event webhook \((.*)\)$/, (type) => `Не событие, а доставка типа «${type}»: не импортируется`],
  [/^the conversation is not closed yet/, () => 'Диалог ещё не закрыт: импортируется после закрытия'],
  [/^event (.+) is not imported$/, (name) => `Событие «${name}» не импортируется`],
  [/^no conversation id in the delivery: searched (.+)$/, (places) => `В доставке нет id диалога (искали: ${places})`],
  [/^the body must be a set of form fields or a JSON object$/, () => 'Тело должно быть полями формы или JSON-объектом'],
  [/^conversation\.id \(the message id\) is missing$/, () => 'Нет id сообщения (conversation.id)'],
  [
    /^conversation\.conversation \(the conversation id\) is missing$/,
    () => 'Нет id диалога (conversation.conversation)',
  ],
  [/^(.+?) is missing/, (field) => `Нет поля ${fieldName(field)}`],
  [/^(.+?) is too long$/, (field) => `Поле ${fieldName(field)} слишком длинное`],
  [/^(.+?) must be a JSON object$/, (field) => `Поле ${fieldName(field)} должно быть JSON-объектом`],
  [/^(.+?) is not valid JSON$/, (field) => `Поле ${fieldName(field)} — некорректный JSON`],
  [/^(.+?) must be a string$/, (field) => `Поле ${fieldName(field)} должно быть строкой`],
  [/^(.+?) must be an object$/, (field) => `Поле ${fieldName(field)} должно быть объектом`],
  [/^(.+?) must be a decimal id of at most (\S+) digits$/, (f, n) => `${fieldName(f)} — не числовой id (до ${n} цифр)`],
  [/^(.+?) must be a decimal id, got /, (field) => `${fieldName(field)} — не числовой id`],
  [
    /^(.+?) is not an exact non-negative integer/,
    (field) => `${fieldName(field)} — не точное целое число (числа больше 2^53 присылают строкой)`,
  ],
];

/** The Russian for a problem text the ingress writes, or null when it has none of the known shapes. */
export function reasonOfProblem(problem: string): string | null {
  for (const [shape, say] of PROBLEM_SHAPES) {
    const match = shape.exec(problem);
    if (match) return say(...match.slice(1));
  }
  return null;
}

export interface DeliveryReading {
  /** The answer in a word or two («принята», «не разобрана»). */
  answer: string;
  /** Why it was refused or ignored, in Russian; null when it was accepted. */
  reason: string | null;
}

/** One delivery's answer and reason in Russian (the English `problem` stays in the record as the detail). */
export function readDelivery(record: Pick<DeliveryRecord, 'status' | 'problem'>): DeliveryReading {
  const answer = DELIVERY_ANSWER_WORDS[record.status] ?? record.status;
  if (record.problem === null || record.problem === '') return { answer, reason: null };
  return { answer, reason: reasonOfProblem(record.problem) ?? STATUS_REASONS[record.status] ?? 'Доставка не принята' };
}
