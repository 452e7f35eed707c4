// The transcript dialog: who wrote, when, what; system lines greyed; the attribution in one sentence; for
// a question of a conversation that has several, «вопрос 2 из 3 в диалоге» and links to the others.
import { api } from './api.js';
import { $, dateTime, el, elementOnce } from './dom.js';
import { channelLabel, contactLabel } from './labels.js';
import { onAddressChange, readAddress, updateAddress } from './page-address.js';
import { accountPath } from './page-state.js';

const AUTHORS = { visitor: 'Посетитель', operator: 'Оператор', bot: 'Бот', system: 'Система' };
const SYSTEM_PARTS = {
  assigned: 'диалог назначен',
  closed: 'диалог закрыт',
  reopened: 'диалог открыт снова',
  tag_added: 'добавлен тег',
  tag_deleted: 'удалён тег',
};

// Which chat the dialog shows: an answer for a chat clicked away from (a sibling link) is dropped.
let shownChatId = null;

export function openTranscript(chatId) {
  shownChatId = chatId;
  // The opened chat is part of the screen: `chat=<id>` in the address, a history entry back closes.
  updateAddress({ chat: chatId }, { push: readAddress().chat !== chatId });
  const dialog = $('transcript');
  $('transcript-title').textContent = 'Загрузка…';
  $('transcript-meta').textContent = '';
  $('transcript-attribution').textContent = '';
  questionsLine().replaceChildren();
  redeliveryRow().hidden = true;
  $('transcript-action-result').textContent = '';
  $('transcript-messages').replaceChildren();
  if (!dialog.open) dialog.showModal();
  api('GET', accountPath('/chats/' + chatId))
    .then((chat) => {
      if (shownChatId !== chatId) return;
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
      renderQuestions(chat.question);
      redeliveryRow().hidden = false;
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
      if (shownChatId !== chatId) return;
      $('transcript-title').textContent = 'Не удалось открыть переписку: ' + error.message;
    });
}

// The line under the meta, built here: index.html is at its size budget and holds no slot for it.
const questionsLine = () =>
  elementOnce('p', { id: 'transcript-questions', class: 'hint' }, (line) => $('transcript-meta').after(line));

// A chat is one question (CarrotQuest part_group); a returning visitor's new question is a new chat of the
// same conversation. Nothing is shown for a chat alone in its conversation.
function renderQuestions(question) {
  const line = questionsLine();
  line.hidden = !question || question.count < 2;
  if (line.hidden) return;
  line.appendChild(
    el('span', { class: 'question-position' }, 'вопрос ' + question.index + ' из ' + question.count + ' в диалоге'),
  );
  question.siblings.forEach((sibling) => {
    line.appendChild(document.createTextNode(' · '));
    const link = el(
      'button',
      { type: 'button', class: 'chat-open', 'data-chat-id': sibling.id },
      'вопрос ' + sibling.index + ' от ' + dateTime(sibling.startedAt),
    );
    link.addEventListener('click', () => openTranscript(sibling.id));
    line.appendChild(link);
  });
}

// «Загрузить заново» (the conversation's import queued again) and «Выгрузить заново» (the chat sent to
// CoMagic / UIS again): editors and owners only — style.css hides .chat-write under body[data-read-only],
// and the API refuses a viewer (403).
const REDELIVERY = [
  { action: 'reimport', label: 'Загрузить заново', done: 'Загрузка чата поставлена в очередь' },
  { action: 'reexport', label: 'Выгрузить заново', done: 'Чат будет выгружен заново в ближайшие секунды' },
];

function redeliveryRow() {
  let row = $('transcript-actions');
  if (row) return row;
  row = el('div', { id: 'transcript-actions', class: 'actions chat-write' });
  const result = el('span', { id: 'transcript-action-result', role: 'status' });
  REDELIVERY.forEach((r) => {
    const button = el('button', { type: 'button', id: 'transcript-' + r.action, class: 'secondary' }, r.label);
    button.addEventListener('click', () => {
      const chatId = shownChatId;
      button.disabled = true;
      result.className = 'hint';
      result.textContent = '';
      api('POST', accountPath('/chats/' + chatId + '/' + r.action))
        .then(() => {
          if (shownChatId === chatId) result.textContent = r.done;
        })
        .catch((error) => {
          if (shownChatId !== chatId) return;
          result.className = 'error';
          result.textContent = 'Не удалось: ' + error.message;
        })
        .finally(() => {
          button.disabled = false;
        });
    });
    row.appendChild(button);
  });
  row.appendChild(result);
  $('transcript-attribution').after(row);
  return row;
}

export function wireTranscript() {
  // The address at once: a dialog's `close` event comes a task later, after a quick reload would read it.
  $('transcript-close').addEventListener('click', () => {
    updateAddress({ chat: null });
    $('transcript').close();
  });
  // Closed by the button or Esc: the address no longer names the chat.
  $('transcript').addEventListener('close', () => updateAddress({ chat: null }));
  onAddressChange((address) => {
    if (address.chat) openTranscript(address.chat);
    else if ($('transcript').open) $('transcript').close();
  });
}

/** A reload or a shared link: once the chat list of the integration is shown, the address's chat opens. */
export function reopenFromAddress() {
  const chatId = readAddress().chat;
  if (chatId && !$('transcript').open) openTranscript(chatId);
}
