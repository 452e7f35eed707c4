// The transcript dialog: who wrote, when, what; system lines greyed; the attribution in one sentence.
import { api } from './api.js';
import { $, dateTime, el } from './dom.js';
import { channelLabel, contactLabel } from './labels.js';
import { accountPath } from './page-state.js';

const AUTHORS = { visitor: 'Посетитель', operator: 'Оператор', bot: 'Бот', system: 'Система' };
const SYSTEM_PARTS = {
  assigned: 'диалог назначен',
  closed: 'диалог закрыт',
  reopened: 'диалог открыт снова',
  tag_added: 'добавлен тег',
  tag_deleted: 'удалён тег',
};

export function openTranscript(chatId) {
  const dialog = $('transcript');
  $('transcript-title').textContent = 'Загрузка…';
  $('transcript-meta').textContent = '';
  $('transcript-attribution').textContent = '';
  $('transcript-messages').replaceChildren();
  if (!dialog.open) dialog.showModal();
  api('GET', accountPath('/chats/' + chatId))
    .then((chat) => {
      $('transcript-title').textContent = contactLabel(chat);
      $('transcript-meta').textContent = [
        channelLabel(chat.channel),
        dateTime(chat.startedAt),
        chat.contactPhone,
        chat.contactEmail,
        'диалог ' + chat.conversationId,
      ]
        .filter(Boolean)
        .join(' · ');
      $('transcript-attribution').textContent = chat.attributionExplanation;
      const list = $('transcript-messages');
      if (!chat.messages.length) list.appendChild(el('li', { class: 'hint' }, 'Сообщений нет.'));
      chat.messages.forEach((m) => {
        const item = el('li', { class: 'message ' + m.author });
        const who =
          m.author === 'operator' || m.author === 'bot' ? m.operatorName || AUTHORS[m.author] : AUTHORS[m.author];
        item.appendChild(el('div', { class: 'message-head' }, who + ' · ' + dateTime(m.sentAt)));
        item.appendChild(
          el('div', { class: 'message-text' }, m.text !== null ? m.text : SYSTEM_PARTS[m.partType] || m.partType),
        );
        list.appendChild(item);
      });
    })
    .catch((error) => {
      $('transcript-title').textContent = 'Не удалось открыть переписку: ' + error.message;
    });
}

export function wireTranscript() {
  $('transcript-close').addEventListener('click', () => $('transcript').close());
}
